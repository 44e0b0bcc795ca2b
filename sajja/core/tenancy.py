"""Tenancy: the one place that decides what a user may see and change. Rule 6 of the house.

Each user gets an ``Access`` level per group, from their roles on a given day:

=============================================  =========  ==============================================
role                                           access     may
=============================================  =========  ==============================================
system admin (``is_superuser``)                MANAGE     everything in every group
administration committee (president, vice-     MANAGE     read and change the group's records
president, secretary, treasurer, admin. comm.)
loan, audit, promotion committee               READ       read every member of the group
officer (พัฒนากร) of the group's district      READ       read; no whole national IDs
member who is also a user                      SELF       the group's figures and their own records
network committee of a network above the       SUMMARY    the group's figures, no member records
group
anyone else                                    NONE       nothing: the group does not exist for them
=============================================  =========  ==============================================

Pages (``group_view``), API routes (``sajja.api``) and exports all call ``require_group`` and then
``scope_members``/``scope_households``; ``tests/test_tenancy.py`` enumerates every URL pattern and
API route and fails when a new one skips this module.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone


class Access(IntEnum):
    NONE = 0
    SUMMARY = 10
    SELF = 20
    READ = 30
    MANAGE = 40


MANAGING_POSITIONS = {"president", "vice_president", "secretary", "treasurer", "admin_committee"}
# Who sees a national ID whole (PDPA: need to know): the admin and the committee officers who keep
# the member register. Officers, other committees and the network see the masked form.
NATIONAL_ID_POSITIONS = {"president", "secretary", "treasurer"}


@dataclass
class Grants:
    """What one user may do in which group on one day; computed once per request in a few queries."""

    superuser: bool = False
    by_group: dict[int, Access] = field(default_factory=dict)
    positions: dict[int, set[str]] = field(default_factory=dict)
    member_ids: dict[int, int] = field(default_factory=dict)  # group id -> the user's own member id

    def access(self, group_id: int) -> Access:
        if self.superuser:
            return Access.MANAGE
        return self.by_group.get(group_id, Access.NONE)

    def raise_to(self, group_id: int, level: Access):
        if self.by_group.get(group_id, Access.NONE) < level:
            self.by_group[group_id] = level


def today() -> dt.date:
    return timezone.localdate()


def _active_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def compute_grants(user, day: dt.date | None = None) -> Grants:
    from sajja.accounts.models import CommitteeSeat, NetworkCommitteeSeat, OfficerAssignment
    from sajja.groups.models import Group
    from sajja.members.models import Member

    grants = Grants()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return grants
    if user.is_superuser:
        grants.superuser = True
        return grants
    day = day or today()

    for member_id, group_id in Member.objects.filter(user=user, status=Member.Status.ACTIVE).values_list(
        "id", "group_id"
    ):
        grants.member_ids[group_id] = member_id
        grants.raise_to(group_id, Access.SELF)

    seats = CommitteeSeat.objects.filter(
        _active_on(day), member__user=user, member__status=Member.Status.ACTIVE
    ).values_list("group_id", "position")
    for group_id, position in seats:
        grants.positions.setdefault(group_id, set()).add(position)
        grants.raise_to(group_id, Access.MANAGE if position in MANAGING_POSITIONS else Access.READ)

    districts = OfficerAssignment.objects.filter(_active_on(day), user=user).values("district_id")
    for group_id in Group.objects.filter(village__subdistrict__district_id__in=districts).values_list("id", flat=True):
        grants.raise_to(group_id, Access.READ)

    networks = NetworkCommitteeSeat.objects.filter(_active_on(day), user=user).values("network_id")
    in_network = (
        Q(network_id__in=networks) | Q(network__parent_id__in=networks) | Q(network__parent__parent_id__in=networks)
    )
    for group_id in Group.objects.filter(in_network).values_list("id", flat=True):
        grants.raise_to(group_id, Access.SUMMARY)
    return grants


def grants_for(user) -> Grants:
    """The user's grants, cached on the user object for the length of the request."""
    cached = getattr(user, "_sajja_grants", None)
    if cached is None:
        cached = compute_grants(user)
        try:
            user._sajja_grants = cached
        except AttributeError:  # AnonymousUser is fine to recompute
            pass
    return cached


def group_access(user, group_id: int) -> Access:
    return grants_for(user).access(group_id)


def visible_groups(user, min_access: Access = Access.SUMMARY) -> QuerySet:
    """The groups the user may see at ``min_access`` or more."""
    from sajja.groups.models import Group

    grants = grants_for(user)
    if grants.superuser:
        return Group.objects.all()
    ids = [gid for gid, level in grants.by_group.items() if level >= min_access]
    return Group.objects.filter(id__in=ids)


def require_group(user, group_id, min_access: Access):
    """The group if the user may act on it at ``min_access``.

    A group the user has no role in is ``Http404`` (we do not confirm it exists); a group they know
    but may not do this in is ``PermissionDenied`` (403).
    """
    from sajja.groups.models import Group

    try:
        group_id = int(group_id)
    except (TypeError, ValueError):
        raise Http404 from None
    level = group_access(user, group_id)
    if level == Access.NONE:
        raise Http404
    if level < min_access:
        raise PermissionDenied
    try:
        return Group.objects.select_related("village__subdistrict__district__province", "network").get(id=group_id)
    except Group.DoesNotExist:
        raise Http404 from None


def _scope(user, group_id: int, queryset: QuerySet, own: Q) -> QuerySet:
    """The group's rows: all of them from READ up; at SELF only the rows matching ``own``."""
    level = grants_for(user).access(group_id)
    queryset = queryset.filter(group_id=group_id)
    if level >= Access.READ:
        return queryset
    if level == Access.SELF:
        return queryset.filter(own)
    return queryset.none()


def scope_members(user, group_id: int, queryset: QuerySet) -> QuerySet:
    """Members of the group the user may read: all of them from READ up, their own record at SELF."""
    return _scope(user, group_id, queryset, Q(id=grants_for(user).member_ids.get(group_id)))


def scope_households(user, group_id: int, queryset: QuerySet) -> QuerySet:
    """Households of the group the user may read: all from READ up, their own at SELF."""
    return _scope(user, group_id, queryset, Q(members__id=grants_for(user).member_ids.get(group_id)))


def can_manage(user, group_id: int) -> bool:
    return group_access(user, group_id) >= Access.MANAGE


def can_see_national_id(user, member) -> bool:
    """PDPA: the whole national ID is for the system admin, the group's president, secretary and
    treasurer (who keep the register) and the member themselves."""
    grants = grants_for(user)
    if grants.superuser:
        return True
    if grants.member_ids.get(member.group_id) == member.id:
        return True
    return bool(grants.positions.get(member.group_id, set()) & NATIONAL_ID_POSITIONS)


def book_households(user, group_id: int) -> QuerySet:
    """The households of the group whose household account (บัญชีครัวเรือน) the user may keep and
    read: their own household (as an active member linked to the user) and those that chose them as
    helper. Nobody else, whatever their role: not the committee, the officer or an admin (PDPA:
    a household's spending is its own; the group sees only the anonymous village picture)."""
    from sajja.members.models import Household, Member

    if not user.is_authenticated or not user.is_active or group_access(user, group_id) < Access.SELF:
        return Household.objects.none()
    own = Q(members__user=user, members__status=Member.Status.ACTIVE)
    return Household.objects.filter(Q(group_id=group_id) & (own | Q(book_sharing__helper=user))).distinct()


def require_book_household(user, group_id: int, household_id: int | None = None):
    """The household whose book the user opens: ``household_id``, or their own when None. 404 for
    any household the user may not keep, so ids reveal nothing."""
    households = book_households(user, group_id)
    household = (
        households.filter(members__user=user).first()
        if household_id is None
        else households.filter(id=household_id).first()
    )
    if household is None:
        raise Http404
    return household


def can_see_contact(user, member) -> bool:
    """Phone, LINE id and address: the member, the group's committees and the district officer."""
    grants = grants_for(user)
    if grants.member_ids.get(member.group_id) == member.id:
        return True
    return grants.access(member.group_id) >= Access.READ


def group_view(min_access: Access):
    """Decorator for every page under ``/g/<group_id>/``: resolves the group through
    ``require_group`` and puts it on ``request.group`` (and the level on ``request.access``).
    The tenancy test refuses any group URL whose view lacks this mark."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, group_id, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            request.group = require_group(request.user, group_id, min_access)
            request.access = group_access(request.user, request.group.id)
            return view(request, *args, **kwargs)

        wrapper.sajja_min_access = min_access
        return wrapper

    return decorate
