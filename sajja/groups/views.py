"""The group's home page: who the group is and its head counts, for everyone with access to it."""

from django.shortcuts import render

from sajja.core import tenancy
from sajja.core.tenancy import Access, group_view
from sajja.ledger import selectors as ledger_selectors
from sajja.members.selectors import group_counts


@group_view(Access.SUMMARY)
def group_home(request):
    group = request.group
    grants = tenancy.grants_for(request.user)
    context = {
        "group": group,
        "counts": group_counts(group.id),
        "bank_accounts": group.bank_accounts.filter(is_active=True) if request.access >= Access.READ else [],
        "own_member_id": grants.member_ids.get(group.id),
        "positions": sorted(grants.positions.get(group.id, set())),
        "status": ledger_selectors.status(group.id),
    }
    return render(request, "groups/group_home.html", context)
