"""What loans say about a member leaving (registered in ``savings.services.LEAVING_CHECKS``)."""

from django.utils.translation import gettext_lazy as _

from sajja.core.errors import fmt
from sajja.core.money import lazy_baht

from .models import Guarantee, Loan
from .selectors import credit


def open_loans_block_leaving(member, date) -> list:
    """A member who guarantees an open loan cannot leave until that is resolved (repaid, or another
    guarantor found); a borrower repays or pays off their own open loans first, so the loan's
    register and the ledger close together; credit held from overpayments is paid back first."""
    reasons = []
    guaranteed = Guarantee.objects.filter(
        guarantor=member, request__loan__status=Loan.Status.OPEN, released_on__isnull=True
    ).select_related("request__member")
    for guarantee in guaranteed:
        reasons.append(
            fmt(
                _("The member guarantees the open loan of %(name)s: that must be resolved before they leave."),
                name=guarantee.request.member.full_name,
            )
        )
    if Loan.objects.filter(member=member, status=Loan.Status.OPEN).exists():
        reasons.append(_("The member has an open loan: it is paid off before they leave."))
    if (held := credit(member, date)) > 0:
        reasons.append(
            fmt(_("The group holds %(amount)s of credit for the member: pay it back first."), amount=lazy_baht(held))
        )
    return reasons
