"""Fixtures shared by every app's tests: two groups in two districts and a user in every role."""

import pytest

from sajja.core import testing as t


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow by design; tests build many users and test logins, not hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """Group A (district ชาติตระการ, in a network) with its people; group B in another district."""
    district_a = t.make_district()
    district_b = t.make_district(code="6502", name="นครไทย")
    network = t.make_network(district_a)
    group_a = t.make_group(district=district_a, network=network)
    group_b = t.make_group("กลุ่มออมทรัพย์เพื่อการผลิตบ้านโคก", district=district_b)

    class World:
        pass

    w = World()
    w.group_a, w.group_b, w.network = group_a, group_b, network
    w.treasurer = t.make_committee(group_a, "treasurer_a", "treasurer")
    w.vice = t.make_committee(group_a, "vice_a", "vice_president")
    w.auditor = t.make_committee(group_a, "auditor_a", "audit_committee")
    w.member_user = t.make_user("member_a")
    w.member = t.make_member(group_a, user=w.member_user, first_name="มะลิ", phone="0812345678")
    w.officer = t.make_officer(district_a, "officer_a")
    w.network_user = t.make_network_committee(network, "network_a")
    w.admin = t.make_user("admin", is_superuser=True, is_staff=True)
    w.treasurer_b = t.make_committee(group_b, "treasurer_b", "treasurer")
    w.member_b = t.make_member(group_b, first_name="บัวขาว")
    return w
