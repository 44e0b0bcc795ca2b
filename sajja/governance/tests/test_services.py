"""The services: terms and their overlap rule, elections from nomination to closing (in the app and
on paper), and the bad input each refuses with nothing written."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sajja.accounts.models import CommitteeSeat
from sajja.bylaws.services import bylaw_set
from sajja.core.errors import SajjaError
from sajja.core.tenancy import Access, compute_grants
from sajja.governance import selectors, services
from sajja.governance.models import BallotCast, Election, Nomination, PaperTally, Term, Vote
from sajja.governance.services import PositionIn

D = dt.date


def refused(code, call, *args, **kwargs):
    with pytest.raises(SajjaError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, (caught.value.code, str(caught.value))
    return caught.value


def new_election(gov, method="app", positions=None, **extra):
    admin = gov.committees["administration"]
    loans = gov.committees["loans"]
    values = {
        "group": gov.group,
        "title": "เลือกตั้งคณะกรรมการ ประจำปี 2570",
        "date": D(2026, 12, 5),
        "terms_start": D(2027, 1, 1),
        "method": method,
        "positions": positions
        if positions is not None
        else [PositionIn(admin, "president"), PositionIn(loans, "loan_committee", 2)],
        "actor": gov.president,
    }
    values.update(extra)
    return services.election_create(**values)


def position(election, code):
    return election.positions.get(position=code)


# --- terms -------------------------------------------------------------------------------------------


def test_existing_seats_are_adopted_as_terms_once(gov):
    assert Term.objects.filter(group=gov.group).count() == 3
    assert all(term.seat_id for term in Term.objects.filter(group=gov.group))
    assert services.seats_adopt(group=gov.group, actor=gov.president) == 0
    boards = {b.committee.code: b for b in selectors.committee_boards(gov.group.id, D(2026, 11, 25))}
    assert [(r.term.position, r.number, r.consecutive) for r in boards["administration"].sitting] == [
        ("president", 1, 1),
        ("secretary", 1, 1),
    ]


def test_a_term_overlapping_another_holder_of_a_single_holder_position_is_refused(gov):
    admin = gov.committees["administration"]
    before = (Term.objects.count(), CommitteeSeat.objects.count())
    error = refused(
        "overlap", services.term_create, group=gov.group, committee=admin, position="president",
        member=gov.members[0], start_date=D(2026, 1, 1), end_date=D(2027, 12, 31), actor=gov.president,
    )  # fmt: skip
    assert error.field == "start_date"
    assert (Term.objects.count(), CommitteeSeat.objects.count()) == before
    # The same person twice in a multi-holder position is refused too; two people in it is fine.
    audit = gov.committees["audit"]
    auditor = gov.member_of(gov.auditor)
    refused("overlap", services.term_create, group=gov.group, committee=audit, position="audit_committee",
            member=auditor, start_date=D(2026, 1, 1), actor=gov.president)  # fmt: skip
    services.term_create(group=gov.group, committee=audit, position="audit_committee", member=gov.members[0],
                         start_date=D(2026, 1, 1), end_date=D(2027, 12, 31), actor=gov.president)  # fmt: skip


def test_the_database_refuses_a_second_open_ended_holder(gov):
    admin = gov.committees["administration"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(group=gov.group, committee=admin, position="president", member=gov.members[0],
                            start_date=D(2026, 2, 1), created_by=gov.president)  # fmt: skip


def test_ending_a_term_ends_the_seat_and_the_access(gov):
    term = Term.objects.get(group=gov.group, position="president")
    services.term_end(term=term, end_date=D(2026, 6, 30), actor=gov.president)
    assert CommitteeSeat.objects.get(id=term.seat_id).end_date == D(2026, 6, 30)
    assert compute_grants(gov.president, day=D(2026, 7, 1)).access(gov.group.id) == Access.SELF
    refused("end_before_start", services.term_end, term=term, end_date=D(2019, 1, 1), actor=gov.president)
    refused("after_end", services.term_end, term=term, end_date=D(2026, 7, 1), actor=gov.president)
    # Once ended, another holder can start the next day.
    services.term_create(group=gov.group, committee=gov.committees["administration"], position="president",
                         member=gov.members[0], start_date=D(2026, 7, 1), actor=gov.president)  # fmt: skip


def test_term_bad_input(gov):
    admin = gov.committees["administration"]
    base = {"group": gov.group, "committee": admin, "start_date": D(2027, 1, 1), "actor": gov.president}
    refused("other_group", services.term_create, **base, position="treasurer", member=gov.outsider)
    refused("not_member", services.term_create, **base, position="treasurer", member=gov.left)
    refused("position", services.term_create, **base, position="loan_committee", member=gov.members[0])
    refused("end_before_start", services.term_create, **base, position="treasurer", member=gov.members[0],
            end_date=D(2026, 12, 31))  # fmt: skip
    assert not Term.objects.filter(position__in=["treasurer", "loan_committee"]).exists()


def test_custom_committee(gov):
    welfare = services.committee_create(group=gov.group, name="คณะกรรมการสวัสดิการ", actor=gov.president)
    assert welfare.positions == ("chair", "committee_member")
    refused("duplicate", services.committee_create, group=gov.group, name=" คณะกรรมการสวัสดิการ ", actor=gov.president)
    refused("duplicate", services.committee_create, group=gov.group, name="Loan committee", actor=gov.president)
    refused("formula", services.committee_create, group=gov.group, name="=1+1", actor=gov.president)
    term = services.term_create(group=gov.group, committee=welfare, position="chair", member=gov.members[0],
                                start_date=D(2026, 1, 1), actor=gov.president)  # fmt: skip
    assert term.seat_id is None  # a custom committee gives no access of its own


# --- elections in the app ------------------------------------------------------------------------------


def test_an_election_in_the_app_from_nomination_to_new_terms(gov):
    election = new_election(gov)
    president, loans = position(election, "president"), position(election, "loan_committee")
    m0, m1, m2, m3 = gov.members
    own = services.nomination_create(position=president, nominee=m0, nominated_by=m0, actor=gov.voters[0])
    assert own.status == Nomination.Status.ACCEPTED
    put = services.nomination_create(position=president, nominee=m1, nominated_by=m2, actor=gov.voters[2])
    assert put.status == Nomination.Status.PENDING
    refused("not_nominee", services.nomination_answer, nomination=put, accept=True, member=m2, actor=gov.voters[2])
    services.nomination_answer(nomination=put, accept=True, member=m1, actor=gov.voters[1])
    refused("answered", services.nomination_answer, nomination=put, accept=False, member=m1, actor=gov.voters[1])
    declined = services.nomination_create(position=loans, nominee=m3, nominated_by=m2, actor=gov.voters[2])
    services.nomination_answer(nomination=declined, accept=False, member=m3, actor=gov.voters[3])
    loan_a = services.nomination_create(position=loans, nominee=m2, nominated_by=m2, actor=gov.voters[2])
    refused(
        "duplicate", services.nomination_create, position=loans, nominee=m3, nominated_by=None, actor=gov.president
    )  # fmt: skip  (declined once: not put forward again for the same seat)
    loan_b = services.nomination_create(position=loans, nominee=m1, nominated_by=None, actor=gov.president)
    services.nomination_answer(nomination=loan_b, accept=True, member=m1, actor=gov.voters[1])

    services.vote_cast(position=president, candidate=own, member=m0, actor=gov.voters[0])
    services.vote_cast(position=president, candidate=own, member=m2, actor=gov.voters[2])
    services.vote_cast(position=president, candidate=put, member=m1, actor=gov.voters[1])
    services.vote_cast(position=loans, candidate=loan_a, member=m0, actor=gov.voters[0])
    refused("already_voted", services.vote_cast, position=president, candidate=put, member=m0, actor=gov.voters[0])
    refused("not_candidate", services.vote_cast, position=loans, candidate=declined, member=m1, actor=gov.voters[1])
    refused("not_candidate", services.vote_cast, position=loans, candidate=own, member=m1, actor=gov.voters[1])
    refused("not_voter", services.vote_cast, position=loans, candidate=loan_a, member=gov.left, actor=gov.president)
    refused("not_voter", services.vote_cast, position=loans, candidate=loan_a, member=gov.outsider,
            actor=gov.president)  # fmt: skip
    refused("voting_started", services.nomination_create, position=president, nominee=m3, nominated_by=m3,
            actor=gov.voters[3])  # fmt: skip
    assert BallotCast.objects.filter(election=election).count() == Vote.objects.filter(election=election).count() == 4
    refused("not_counting", services.election_close, election=election, actor=gov.president)

    services.election_count(election=election, actor=gov.president)
    refused("not_open", services.vote_cast, position=loans, candidate=loan_a, member=m1, actor=gov.voters[1])
    outcomes = {o.position.position: o for o in selectors.election_outcomes(election)}
    assert outcomes["president"].counts == {own.id: 2, put.id: 1}
    assert outcomes["president"].result.winners == (own.id,)
    assert outcomes["loan_committee"].result.winners == (loan_a.id, loan_b.id)  # uncontested: both seats
    assert outcomes["president"].ballots == 3

    terms = services.election_close(election=election, actor=gov.president)
    assert sorted((t.position, t.member_id, t.start_date, t.end_date) for t in terms) == [
        ("loan_committee", m1.id, D(2027, 1, 1), D(2028, 12, 31)),
        ("loan_committee", m2.id, D(2027, 1, 1), D(2028, 12, 31)),
        ("president", m0.id, D(2027, 1, 1), D(2028, 12, 31)),
    ]
    old = Term.objects.get(member=gov.member_of(gov.president), position="president")
    assert old.end_date == D(2026, 12, 31)
    assert CommitteeSeat.objects.get(id=old.seat_id).end_date == D(2026, 12, 31)
    # Access follows: the old president manages until the last day, the new one from the first.
    assert compute_grants(gov.president, day=D(2026, 12, 31)).access(gov.group.id) == Access.MANAGE
    assert compute_grants(gov.president, day=D(2027, 1, 1)).access(gov.group.id) == Access.SELF
    assert compute_grants(gov.voters[0], day=D(2027, 1, 1)).access(gov.group.id) == Access.MANAGE
    assert compute_grants(gov.voters[2], day=D(2027, 1, 1)).access(gov.group.id) == Access.READ
    assert compute_grants(gov.voters[3], day=D(2027, 1, 1)).access(gov.group.id) == Access.SELF
    # The secretary, not elected here, keeps the seat.
    assert Term.objects.get(position="secretary").end_date is None
    election.refresh_from_db()
    assert election.status == Election.Status.CLOSED
    assert election.closed_by == gov.president
    refused("already_closed", services.election_close, election=election, actor=gov.president)
    assert Term.objects.filter(election=election).count() == 3


def test_nominees_must_be_active_members_of_the_group_and_within_the_term_limit(gov):
    election = new_election(gov)
    president = position(election, "president")
    refused("not_member", services.nomination_create, position=president, nominee=gov.outsider, nominated_by=None,
            actor=gov.president)  # fmt: skip
    refused("not_member", services.nomination_create, position=president, nominee=gov.left, nominated_by=None,
            actor=gov.president)  # fmt: skip
    refused("not_member", services.nomination_create, position=president, nominee=gov.members[0],
            nominated_by=gov.outsider, actor=gov.president)  # fmt: skip
    # The sitting president has held the seat since 2020 (one open-ended term): re-elected from
    # 2027 it would be a second consecutive term, within the default limit of 2 ...
    sitting = gov.member_of(gov.president)
    services.nomination_create(position=president, nominee=sitting, nominated_by=sitting, actor=gov.president)
    # ... but a bylaw of one term only refuses the next nomination.
    bylaw_set(group=gov.group, key="governance.max_consecutive_terms", value="1", effective_from=D(2026, 1, 1),
              resolution="มติที่ประชุมใหญ่ 1/2569", actor=gov.president)  # fmt: skip
    Nomination.objects.all().delete()
    error = refused("term_limit", services.nomination_create, position=president, nominee=sitting,
                    nominated_by=sitting, actor=gov.president)  # fmt: skip
    assert error.field == "member"
    assert not Nomination.objects.exists()


def test_election_bad_input(gov):
    admin = gov.committees["administration"]
    refused("terms_before_day", new_election, gov, terms_start=D(2026, 12, 1))
    refused("method", new_election, gov, method="phone")
    refused("seats", new_election, gov, positions=[PositionIn(admin, "president", 2)])
    refused("seats", new_election, gov, positions=[PositionIn(gov.committees["loans"], "loan_committee", 0)])
    refused("duplicate", new_election, gov, positions=[PositionIn(admin, "treasurer"), PositionIn(admin, "treasurer")])
    refused("position", new_election, gov, positions=[PositionIn(admin, "loan_committee")])
    refused("no_positions", new_election, gov, positions=[])
    refused("required", new_election, gov, title="  ")
    assert not Election.objects.exists()
    new_election(gov)
    refused("election_open", new_election, gov)


# --- paper ballots ----------------------------------------------------------------------------------------


def paper_election(gov):
    election = new_election(gov, method="paper", positions=[PositionIn(gov.committees["administration"], "treasurer")])
    treasurer = position(election, "treasurer")
    a = services.nomination_create(position=treasurer, nominee=gov.members[0], nominated_by=gov.members[0],
                                   actor=gov.voters[0])  # fmt: skip
    b = services.nomination_create(position=treasurer, nominee=gov.members[1], nominated_by=gov.members[1],
                                   actor=gov.voters[1])  # fmt: skip
    return election, treasurer, a, b


def test_paper_counts_stand_when_two_committee_members_enter_the_same(gov):
    election, treasurer, a, b = paper_election(gov)
    refused("paper_election", services.vote_cast, position=treasurer, candidate=a, member=gov.members[2],
            actor=gov.voters[2])  # fmt: skip
    refused("not_counting", services.tally_enter, position=treasurer, counts={a.id: 3, b.id: 1}, actor=gov.president)
    services.election_count(election=election, actor=gov.president)
    refused("not_committee", services.tally_enter, position=treasurer, counts={a.id: 3, b.id: 1}, actor=gov.voters[2])
    services.tally_enter(position=treasurer, counts={str(a.id): "๓", str(b.id): "1"}, blank=1, actor=gov.president)
    assert selectors.position_outcome(treasurer).result is None  # one person's count is not enough
    refused("not_confirmed", services.election_close, election=election, actor=gov.president)
    services.tally_enter(position=treasurer, counts={a.id: 2, b.id: 2}, blank=1, actor=gov.secretary)
    outcome = selectors.position_outcome(treasurer)
    assert outcome.result is None
    assert outcome.tally.mismatch
    services.tally_enter(position=treasurer, counts={a.id: 3, b.id: 1}, blank=1, actor=gov.secretary)  # recount
    outcome = selectors.position_outcome(treasurer)
    assert outcome.counts == {a.id: 3, b.id: 1}
    assert outcome.ballots == 5
    assert outcome.result.winners == (a.id,)
    outcomes = selectors.election_outcomes(election)
    assert sorted(selectors.counters(outcomes)) == sorted(
        [gov.member_of(gov.president).full_name, gov.member_of(gov.secretary).full_name]
    )
    terms = services.election_close(election=election, actor=gov.president)
    assert [(t.position, t.member_id) for t in terms] == [("treasurer", gov.members[0].id)]
    refused("closed", services.tally_enter, position=treasurer, counts={a.id: 3, b.id: 1}, actor=gov.president)


def test_paper_count_bad_input(gov):
    election, treasurer, a, b = paper_election(gov)
    services.election_count(election=election, actor=gov.president)
    for counts, code in [
        ({a.id: -1, b.id: 1}, "not_integer"),
        ({a.id: 1.5, b.id: 1}, "not_integer"),
        ({a.id: "สาม", b.id: 1}, "not_integer"),
        ({a.id: 1}, "counts"),
        ({a.id: 1, b.id: 1, 999999: 1}, "not_candidate"),
        ([1, 2], "counts"),
        ({a.id: 5, b.id: 5}, "too_many"),  # more ballots than the group's 6 active members
    ]:
        refused(code, services.tally_enter, position=treasurer, counts=counts, actor=gov.president)
    # A candidate does not count their own position.
    services.term_create(group=gov.group, committee=gov.committees["promotion"], position="promotion_committee",
                         member=gov.members[0], start_date=D(2026, 1, 1), actor=gov.president)  # fmt: skip
    refused("counter_is_candidate", services.tally_enter, position=treasurer, counts={a.id: 1, b.id: 1},
            actor=gov.voters[0])  # fmt: skip
    assert not PaperTally.objects.exists()


def test_a_tie_is_drawn_before_closing(gov):
    election, treasurer, a, b = paper_election(gov)
    services.election_count(election=election, actor=gov.president)
    for user in (gov.president, gov.secretary):
        services.tally_enter(position=treasurer, counts={a.id: 2, b.id: 2}, actor=user)
    outcome = selectors.position_outcome(treasurer)
    assert outcome.result.tied == (a.id, b.id)
    assert outcome.result.winners == ()
    refused("tie", services.election_close, election=election, actor=gov.president)
    refused("draw_winners", services.election_draw, position=treasurer, winners=[a, b], note="จับสลาก",
            actor=gov.president)  # fmt: skip
    refused("required", services.election_draw, position=treasurer, winners=[b], note=" ", actor=gov.president)
    services.election_draw(position=treasurer, winners=[b], note="จับสลากต่อหน้าที่ประชุม", actor=gov.president)
    refused("no_tie", services.election_draw, position=treasurer, winners=[a], note="อีกครั้ง", actor=gov.president)
    terms = services.election_close(election=election, actor=gov.president)
    assert [t.member_id for t in terms] == [gov.members[1].id]


def test_understudy_cover_and_bad_input(gov):
    admin = gov.committees["administration"]
    services.understudy_add(group=gov.group, committee=admin, position="secretary", member=gov.members[0],
                            since=D(2025, 1, 1), trained_on=D(2025, 6, 1), actor=gov.president)  # fmt: skip
    refused("duplicate", services.understudy_add, group=gov.group, committee=admin, position="secretary",
            member=gov.members[0], since=D(2025, 1, 1), actor=gov.president)  # fmt: skip
    refused("not_member", services.understudy_add, group=gov.group, committee=admin, position="secretary",
            member=gov.outsider, since=D(2025, 1, 1), actor=gov.president)  # fmt: skip
    refused("trained_on", services.understudy_add, group=gov.group, committee=admin, position="secretary",
            member=gov.members[1], since=D(2025, 1, 1), trained_on=D(2024, 1, 1), actor=gov.president)  # fmt: skip
    codes = {(w.warning.code, w.warning.position) for w in selectors.succession(gov.group.id, D(2026, 11, 25))}
    assert ("no_understudy", "president") in codes
    assert ("no_understudy", "secretary") not in codes
