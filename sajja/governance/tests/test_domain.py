"""The pure rules: consecutive terms, results with ties and lots, and succession warnings computed
from constructed histories."""

import datetime as dt

from sajja.governance import domain
from sajja.governance.domain import Rules, TermFact, UnderstudyFact

D = dt.date
RULES = Rules(max_consecutive=2, young_age=40, notice_days=90)
TODAY = D(2026, 11, 25)
VP_UNDERSTUDY = [UnderstudyFact(1, "vice_president", 7, D(2025, 1, 1), trained_on=D(2025, 6, 1))]


def term(member_id, start_year, *, position="president", committee=1, years=2, born=None, end=None):
    born = born or D(1960, 5, 1)
    start = D(start_year, 1, 1)
    return TermFact(committee, "Administration", position, member_id, f"M{member_id}", born, start,
                    end if end is not None else domain.term_end(start, years))  # fmt: skip


def test_term_end_is_the_day_before_the_anniversary():
    assert domain.term_end(D(2025, 1, 1), 2) == D(2026, 12, 31)
    assert domain.term_end(D(2024, 2, 29), 1) == D(2025, 2, 27)


def test_term_numbers_count_runs_and_break_on_a_gap():
    terms = [(D(2015, 1, 1), D(2016, 12, 31)), (D(2017, 1, 1), D(2018, 12, 31)), (D(2021, 1, 1), D(2022, 12, 31)),
             (D(2023, 2, 1), D(2024, 12, 31))]  # fmt: skip
    assert domain.term_numbers(list(reversed(terms))) == [(1, 1), (2, 2), (3, 1), (4, 2)]


def test_consecutive_if_elected():
    held = [(D(2021, 1, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2024, 12, 31))]
    assert domain.consecutive_if_elected(held, D(2025, 1, 1)) == 3
    assert domain.consecutive_if_elected(held, D(2027, 1, 1)) == 1  # two years out of office
    assert domain.consecutive_if_elected([], D(2025, 1, 1)) == 1
    assert domain.consecutive_if_elected([(D(2023, 1, 1), None)], D(2025, 1, 1)) == 2  # still sitting


def test_result_plain_majority_and_multi_seat():
    assert domain.result({10: 40, 11: 55, 12: 3}, 1).winners == (11,)
    outcome = domain.result({1: 9, 2: 7, 3: 7, 4: 2}, 3)
    assert outcome.winners == (1, 2, 3)
    assert not outcome.has_tie


def test_result_tie_at_the_boundary_needs_lots_then_takes_them():
    outcome = domain.result({1: 9, 2: 7, 3: 7, 4: 7}, 2)
    assert outcome.winners == (1,)
    assert outcome.tied == (2, 3, 4)
    assert outcome.open_seats == 1
    assert domain.result({1: 9, 2: 7, 3: 7, 4: 7}, 2, drawn=[4]).winners == (1, 4)
    assert domain.result({1: 9, 2: 7, 3: 7, 4: 7}, 2, drawn=[4, 3]).has_tie  # wrong number drawn
    assert domain.result({1: 9, 2: 7, 3: 7, 4: 7}, 2, drawn=[99]).has_tie  # not among the tied
    assert domain.result({1: 5, 2: 5}, 1).tied == (1, 2)


def test_result_uncontested_and_unfilled():
    outcome = domain.result({7: 0}, 3)
    assert outcome.winners == (7,)
    assert outcome.unfilled == 2


def codes(warnings):
    return sorted((w.code, w.position, w.member_id) for w in warnings)


def test_a_president_in_a_fourth_consecutive_term_is_too_long():
    history = [term(1, year) for year in (2019, 2021, 2023, 2025)]
    history.append(term(2, 2025, position="vice_president", born=D(1990, 1, 1)))
    nominated = {(1, "president"), (1, "vice_president")}
    found = domain.succession_warnings(history, VP_UNDERSTUDY, nominated, {1: "A"}, RULES, TODAY)
    assert codes(found) == [("too_long", "president", 1)]
    assert found[0].params == {"member": "M1", "terms": 4, "limit": 2}
    # With no limit in the bylaws (0), the same history is fine.
    assert domain.succession_warnings(history, VP_UNDERSTUDY, nominated, {1: "A"}, Rules(0, 40), TODAY) == []


def test_a_break_resets_the_run():
    history = [term(1, 2017), term(1, 2019), term(1, 2023), term(1, 2025)]  # out of office 2021-2022
    history.append(term(2, 2025, position="vice_president", born=D(1990, 1, 1)))
    nominated = {(1, "president"), (1, "vice_president")}
    assert domain.succession_warnings(history, VP_UNDERSTUDY, nominated, {}, RULES, TODAY) == []
    assert [w.code for w in domain.succession_warnings(history, [], nominated, {}, RULES, TODAY)] == ["no_understudy"]


def test_single_holder_positions_need_a_deputy_or_a_trained_understudy():
    history = [
        term(1, 2025, born=D(1990, 1, 1)),
        term(2, 2025, position="treasurer"),
        term(3, 2025, position="secretary"),
        term(4, 2025, position="admin_committee"),
    ]
    nominated = {(1, p) for p in ("president", "treasurer", "secretary", "admin_committee")}
    learning = [
        UnderstudyFact(1, "treasurer", 9, D(2025, 6, 1), trained_on=D(2026, 3, 1)),
        UnderstudyFact(1, "secretary", 8, D(2026, 6, 1), trained_on=None),  # still learning: no cover
    ]
    found = domain.succession_warnings(history, learning, nominated, {1: "A"}, RULES, TODAY)
    # The president has no vice-president; the secretary's understudy is not trained; the
    # treasurer is covered; a multi-holder seat needs no understudy.
    assert codes(found) == [("no_understudy", "president", None), ("no_understudy", "secretary", None)]
    with_vice = [*history, term(5, 2025, position="vice_president")]
    found = domain.succession_warnings(with_vice, learning, nominated | {(1, "vice_president")}, {}, RULES, TODAY)
    assert codes(found) == [("no_understudy", "secretary", None), ("no_understudy", "vice_president", None)]


def test_a_committee_with_nobody_under_the_young_age():
    audit = [term(i, 2025, position="audit_committee", committee=2, born=D(1980 - i, 1, 1)) for i in range(3)]
    nominated = {(2, "audit_committee")}
    found = domain.succession_warnings(audit, [], nominated, {2: "Audit"}, RULES, TODAY)
    assert codes(found) == [("no_young", "", None)]
    assert found[0].params == {"age": 40, "youngest": 46}
    # One member of 39 (born 26 Nov 1986: 39 on 25 Nov 2026) and the warning goes.
    young = [*audit, term(9, 2025, position="audit_committee", committee=2, born=D(1986, 11, 26))]
    assert domain.succession_warnings(young, [], nominated, {}, RULES, TODAY) == []
    # ... but 40 on the day is not under 40.
    forty = [*audit, term(9, 2025, position="audit_committee", committee=2, born=D(1986, 11, 25))]
    assert [w.code for w in domain.succession_warnings(forty, [], nominated, {}, RULES, TODAY)] == ["no_young"]


def test_a_term_ending_soon_with_nobody_nominated():
    history = [
        term(1, 2025, position="loan_committee", committee=3, born=D(1990, 1, 1)),
        term(2, 2025, position="loan_committee", committee=3, born=D(1990, 1, 1)),
    ]
    found = domain.succession_warnings(history, [], set(), {3: "Loans"}, RULES, TODAY)
    assert codes(found) == [("term_ends_no_candidate", "loan_committee", None)]
    assert found[0].params == {"end": D(2026, 12, 31), "days": 36}
    assert domain.succession_warnings(history, [], {(3, "loan_committee")}, {}, RULES, TODAY) == []
    # 91 days ahead is beyond the notice.
    assert domain.succession_warnings(history, [], set(), {}, RULES, D(2026, 10, 1)) == []
    assert len(domain.succession_warnings(history, [], set(), {}, RULES, D(2026, 10, 2))) == 1


def test_past_and_future_terms_do_not_sit():
    history = [term(1, 2019, position="loan_committee", committee=3), term(2, 2027, position="loan_committee",
                                                                             committee=3)]  # fmt: skip
    assert domain.succession_warnings(history, [], set(), {}, RULES, TODAY) == []
