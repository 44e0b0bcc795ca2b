"""Reads of members and households for pages, the API and exports, always through tenancy."""

from django.db.models import Count, Q, QuerySet

from sajja.core import tenancy
from sajja.core.db import thai_order
from sajja.core.thai import normalize_digits

from .models import Household, Member


def member_list(user, group_id: int, *, q: str = "", status: str | None = None) -> QuerySet:
    """Members the user may see, in Thai order of first then last name; ``q`` matches the member
    number exactly or any part of the first or last name (or "first last")."""
    members = tenancy.scope_members(user, group_id, Member.objects.select_related("household"))
    if status:
        members = members.filter(status=status)
    q = normalize_digits(q or "").strip()
    if q:
        condition = Q(first_name__icontains=q) | Q(last_name__icontains=q)
        if q.isdigit():
            condition |= Q(number=int(q))
        parts = q.split()
        if len(parts) == 2:
            condition |= Q(first_name__icontains=parts[0], last_name__icontains=parts[1])
        members = members.filter(condition)
    return members.order_by(thai_order("first_name"), thai_order("last_name"), "number")


def member_get(user, group_id: int, member_id) -> Member:
    """One member the user may see, or ``Member.DoesNotExist`` (pages turn it into 404)."""
    return member_list(user, group_id).select_related("household", "user").get(id=member_id)


def household_list(user, group_id: int) -> QuerySet:
    return tenancy.scope_households(user, group_id, Household.objects.all()).order_by("house_number")


def household_get(user, group_id: int, household_id) -> Household:
    return household_list(user, group_id).get(id=household_id)


def household_members(user, household: Household) -> QuerySet:
    return member_list(user, household.group_id).filter(household=household)


def group_counts(group_id: int) -> dict:
    """Head counts for the group's home page (public to everyone with access to the group)."""
    counts = Member.objects.filter(group_id=group_id).aggregate(
        active=Count("id", filter=Q(status=Member.Status.ACTIVE)),
        left=Count("id", filter=~Q(status=Member.Status.ACTIVE)),
    )
    counts["households"] = Household.objects.filter(group_id=group_id).count()
    return counts
