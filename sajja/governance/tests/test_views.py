"""The pages: who sees what, the forms post through the services, the minutes as a PDF."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from sajja.core import testing as t
from sajja.governance import services
from sajja.governance.models import BallotCast, Election, Nomination, Term, Vote
from sajja.governance.services import PositionIn

D = dt.date


def client_for(user):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def url(name, gov, *args):
    return reverse(name, args=[gov.group.id, *args])


def test_committee_page_shows_holders_and_warnings_to_the_committee_only(gov):
    page = client_for(gov.president).get(url("governance_committees", gov))
    assert page.status_code == 200
    body = page.content.decode()
    assert gov.member_of(gov.president).full_name in body
    assert 'data-testid="succession-warnings"' in body
    assert 'data-code="no_understudy"' in body  # the president has no vice-president
    member_page = client_for(gov.voters[0]).get(url("governance_committees", gov)).content.decode()
    assert gov.member_of(gov.president).full_name in member_page
    assert "succession-warnings" not in member_page


def test_succession_is_for_committees_and_the_district_officer(gov):
    officer = t.make_officer(gov.group.village.subdistrict.district, "gov_officer")
    assert client_for(officer).get(url("governance_succession", gov)).status_code == 200
    assert client_for(gov.auditor).get(url("governance_succession", gov)).status_code == 200
    assert client_for(gov.voters[0]).get(url("governance_succession", gov)).status_code == 403
    other_district = t.make_officer(t.make_district(code="6502", name="นครไทย"), "gov_officer_b")
    assert client_for(other_district).get(url("governance_succession", gov)).status_code == 404


def test_committee_page_queries_do_not_grow_with_terms(gov, django_assert_max_num_queries):
    client = client_for(gov.president)
    client.get(url("governance_committees", gov))
    audit = gov.committees["audit"]
    for i, member in enumerate(gov.members):
        services.term_create(group=gov.group, committee=audit, position="audit_committee", member=member,
                             start_date=D(2015 + i, 1, 1), end_date=D(2016 + i, 6, 30), actor=gov.president)  # fmt: skip
    with django_assert_max_num_queries(25):
        assert client.get(url("governance_committees", gov)).status_code == 200


def test_a_member_nominates_accepts_and_votes_through_the_pages(gov):
    admin = gov.committees["administration"]
    manager = client_for(gov.president)
    response = manager.post(url("governance_election_create", gov), {
        "key": "k1", "title": "เลือกตั้ง 2570", "date": "05/12/2569", "terms_start": "01/01/2570", "method": "app",
        "positions": [f"{admin.id}:treasurer"],
    })  # fmt: skip
    election = Election.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("governance_election", gov, election.id)
    assert election.date == D(2026, 12, 5)  # typed in the Buddhist Era
    position = election.positions.get()
    voter0, voter1 = client_for(gov.voters[0]), client_for(gov.voters[1])
    voter0.post(url("governance_nominate", gov, election.id), {"key": "n1", "position": position.id})
    voter0.post(url("governance_nominate", gov, election.id),
                {"key": "n2", "position": position.id, "member": gov.members[1].id})  # fmt: skip
    pending = Nomination.objects.get(member=gov.members[1])
    assert pending.status == "pending"
    page = voter1.get(url("governance_election", gov, election.id)).content.decode()
    assert "You are nominated for this position." in page
    voter1.post(url("governance_nomination_answer", gov, election.id, pending.id), {"key": "a1", "answer": "accept"})
    pending.refresh_from_db()
    assert pending.status == "accepted"
    voter2 = client_for(gov.voters[2])
    voter2.post(
        url("governance_vote", gov, election.id), {"key": "v1", "position": position.id, "candidate": pending.id}
    )
    again = voter2.post(url("governance_vote", gov, election.id),
                        {"key": "v2", "position": position.id, "candidate": pending.id}, follow=True)  # fmt: skip
    assert "You have already voted for this position." in again.content.decode()
    assert BallotCast.objects.count() == Vote.objects.count() == 1
    assert 'data-testid="voted"' in again.content.decode()
    # A member may not close the election; the committee does.
    assert voter2.post(url("governance_election_count", gov, election.id), {"key": "c0"}).status_code == 403
    manager.post(url("governance_election_count", gov, election.id), {"key": "c1"})
    manager.post(url("governance_election_close", gov, election.id), {"key": "c2"})
    election.refresh_from_db()
    assert election.status == "closed"
    assert Term.objects.get(election=election).member == gov.members[1]


def test_minutes_page_and_pdf(gov, tmp_path):
    admin = gov.committees["administration"]
    election = services.election_create(group=gov.group, title="เลือกตั้งคณะกรรมการ ปี 2570", date=D(2026, 12, 5),
                                        terms_start=D(2027, 1, 1), method="paper",
                                        positions=[PositionIn(admin, "treasurer")], actor=gov.president)  # fmt: skip
    position = election.positions.get()
    a = services.nomination_create(position=position, nominee=gov.members[0], nominated_by=gov.members[0],
                                   actor=gov.voters[0])  # fmt: skip
    b = services.nomination_create(position=position, nominee=gov.members[1], nominated_by=gov.members[1],
                                   actor=gov.voters[1])  # fmt: skip
    services.election_count(election=election, actor=gov.president)
    client = client_for(gov.secretary)
    for user in (gov.president, gov.secretary):
        client_for(user).post(url("governance_tally", gov, election.id),
                              {"key": f"t-{user.id}", "position": position.id, f"count_{a.id}": "๔",
                               f"count_{b.id}": "1", "blank": "0"})  # fmt: skip
    services.election_close(election=election, actor=gov.president)
    page = client.get(url("governance_minutes", gov, election.id)).content.decode()
    assert gov.members[0].full_name in page
    assert gov.member_of(gov.secretary).full_name in page  # who counted
    response = client.get(url("governance_minutes_pdf", gov, election.id))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "minutes.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "เลือกตั้งคณะกรรมการ ปี 2570" in text
        assert gov.members[0].first_name in text


@pytest.mark.parametrize("name", ["governance_committees", "governance_elections"])
def test_another_groups_member_gets_404(gov, name):
    outsider_user = t.make_user("gov_outsider")
    gov.outsider.user = outsider_user
    gov.outsider.save()
    assert client_for(outsider_user).get(url(name, gov)).status_code == 404


def test_election_page_queries_do_not_grow_with_voters(gov, django_assert_max_num_queries):
    admin = gov.committees["administration"]
    election = services.election_create(group=gov.group, title="เลือกตั้ง", date=D(2026, 12, 5),
                                        terms_start=D(2027, 1, 1), method="app",
                                        positions=[PositionIn(admin, "treasurer")], actor=gov.president)  # fmt: skip
    position = election.positions.get()
    candidate = services.nomination_create(position=position, nominee=gov.members[0], nominated_by=gov.members[0],
                                           actor=gov.voters[0])  # fmt: skip
    client = client_for(gov.president)
    for member in [*gov.members, *(t.make_member(gov.group) for _ in range(20))]:
        services.vote_cast(position=position, candidate=candidate, member=member, actor=gov.president)
    services.election_count(election=election, actor=gov.president)
    with django_assert_max_num_queries(20):
        page = client.get(url("governance_election", gov, election.id))
    assert page.status_code == 200
    assert "24 ballots cast." in page.content.decode()
