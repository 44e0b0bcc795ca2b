"""The secret ballot: nothing in the schema, the audit trail or the logs links a member to a choice;
and one vote per member per position holds when two submissions arrive at the same instant
(PostgreSQL, with threads)."""

import datetime as dt
import logging
import threading

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import connection, connections

from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.governance import services
from sajja.governance.models import BallotCast, Committee, ElectionPosition, Nomination, Vote
from sajja.governance.services import PositionIn

D = dt.date
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite has one writer at a time)"
)


def test_the_vote_table_names_nobody_and_nothing_orders_it():
    columns = {f.column for f in Vote._meta.concrete_fields}
    assert columns == {"id", "group_id", "election_id", "position_id", "candidate_id"}
    assert Vote._meta.pk.get_internal_type() == "UUIDField"  # random, not a sequence
    related = {f.related_model for f in Vote._meta.concrete_fields if f.is_relation}
    assert related == {Vote._meta.get_field("group").related_model, Vote._meta.get_field("election").related_model,
                       ElectionPosition, Nomination}  # fmt: skip
    # Nothing that joins to BallotCast: no FK either way, no timestamp on either table.
    assert not any(f.is_relation and f.related_model is BallotCast for f in Vote._meta.get_fields())
    assert not any(f.is_relation and f.related_model is Vote for f in BallotCast._meta.get_fields())
    ballot_columns = {f.column for f in BallotCast._meta.concrete_fields}
    assert ballot_columns == {"id", "group_id", "election_id", "position_id", "member_id"}
    assert BallotCast._meta.pk.get_internal_type() == "UUIDField"
    # A candidate's nomination names the candidate, never the voter; its FK from Vote has no reverse name.
    assert not hasattr(Nomination, "vote_set")


def test_the_audit_trail_does_not_register_votes_or_ballots():
    assert not auditlog.contains(Vote)
    assert not auditlog.contains(BallotCast)
    assert auditlog.contains(Nomination)


@pytest.fixture
def election(db):
    group = t.make_group()
    president = t.make_committee(group, "sb_president", "president")
    voters = [t.make_user(f"sb_voter{i}") for i in range(3)]
    members = [t.make_member(group, user=user, first_name=f"ลับ{i}") for i, user in enumerate(voters)]
    committees = services.committees_ensure_standard(group=group)
    election = services.election_create(
        group=group, title="เลือกตั้ง", date=D(2026, 12, 5), terms_start=D(2027, 1, 1), method="app",
        positions=[PositionIn(committees["administration"], "treasurer")], actor=president,
    )  # fmt: skip
    position = election.positions.get()
    candidates = [
        services.nomination_create(position=position, nominee=m, nominated_by=m, actor=u)
        for m, u in zip(members[:2], voters[:2], strict=True)
    ]
    return election, position, candidates, members, voters


def test_after_a_vote_no_audit_or_log_row_holds_the_choice_with_the_member(election, caplog):
    election, position, candidates, members, voters = election
    before = LogEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        services.vote_cast(position=position, candidate=candidates[1], member=members[2], actor=voters[2])
    assert LogEntry.objects.count() == before  # the vote wrote no audit row at all
    for record in caplog.records:
        text = record.getMessage()
        assert str(candidates[1].id) not in text or str(members[2].id) not in text
        assert members[2].full_name not in text
    # What the database holds: that member 2 voted, and a vote for candidate 1 — nothing joining them.
    assert list(BallotCast.objects.values_list("member_id", flat=True)) == [members[2].id]
    assert list(Vote.objects.values_list("candidate_id", flat=True)) == [candidates[1].id]


def test_counting_rewrites_the_ballot_tables_under_new_ids(election):
    election, position, candidates, members, voters = election
    for member, user, candidate in zip(members, voters, [candidates[0], candidates[1], candidates[0]], strict=True):
        services.vote_cast(position=position, candidate=candidate, member=member, actor=user)
    vote_ids = set(Vote.objects.values_list("id", flat=True))
    ballot_ids = set(BallotCast.objects.values_list("id", flat=True))
    services.election_count(election=election, actor=voters[0])
    assert vote_ids.isdisjoint(Vote.objects.values_list("id", flat=True))
    assert ballot_ids.isdisjoint(BallotCast.objects.values_list("id", flat=True))
    assert sorted(Vote.objects.values_list("candidate_id", flat=True)) == sorted(
        [candidates[0].id, candidates[0].id, candidates[1].id]
    )
    assert BallotCast.objects.count() == 3


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("early_check", [True, False], ids=["with-early-check", "constraint-alone"])
def test_two_simultaneous_submissions_of_one_member_count_one_vote(monkeypatch, early_check):
    """Two threads (two connections) submit the same member's vote at the same instant, for two
    different candidates: exactly one is counted, the other is refused as a second vote. Run also
    with the service's early "already voted?" check switched off, so that both submissions reach
    the insert and only the unique constraint on ``BallotCast`` stands between them."""
    if not early_check:
        monkeypatch.setattr(services, "_already_voted", lambda *args: False)
    group = t.make_group()
    president = t.make_committee(group, "pg_president", "president")
    voter = t.make_user("pg_voter")
    member = t.make_member(group, user=voter)
    other = t.make_member(group)
    committees = services.committees_ensure_standard(group=group)
    election = services.election_create(
        group=group, title="เลือกตั้ง", date=D(2026, 12, 5), terms_start=D(2027, 1, 1), method="app",
        positions=[PositionIn(committees["administration"], "treasurer")], actor=president,
    )  # fmt: skip
    position = election.positions.get()
    a = services.nomination_create(position=position, nominee=member, nominated_by=member, actor=voter)
    b = services.nomination_create(position=position, nominee=other, nominated_by=other, actor=president)

    for attempt in range(5):  # several rounds: each must count exactly one of the pair
        barrier = threading.Barrier(2)
        outcomes = []

        def submit(candidate, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                services.vote_cast(position=ElectionPosition.objects.get(id=position.id), candidate=candidate,
                                   member=member, actor=voter)  # fmt: skip
                outcomes.append("counted")
            except SajjaError as error:
                outcomes.append(error.code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=submit, args=(c,)) for c in (a, b)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected = ["already_voted", "counted"] if attempt == 0 else ["already_voted", "already_voted"]
        assert sorted(outcomes) == expected
        assert BallotCast.objects.filter(position=position, member=member).count() == 1
        assert Vote.objects.filter(position=position).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_overlapping_single_holder_terms_in_the_database():
    """Past the service: the exclusion constraint refuses two presidents on the same day."""
    from django.db import IntegrityError

    from sajja.governance.models import Term

    group = t.make_group()
    actor = t.make_user("pg_actor")
    a, b = t.make_member(group), t.make_member(group)
    committee = Committee.objects.create(group=group, code="administration", order=0)
    Term.objects.create(group=group, committee=committee, position="president", member=a,
                        start_date=D(2025, 1, 1), end_date=D(2026, 12, 31), created_by=actor)  # fmt: skip
    with pytest.raises(IntegrityError):
        Term.objects.create(group=group, committee=committee, position="president", member=b,
                            start_date=D(2026, 6, 1), end_date=D(2028, 5, 31), created_by=actor)  # fmt: skip
