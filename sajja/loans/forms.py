"""Forms of the loan pages. They only turn what was typed into values (baht -> satang, B.E. or
C.E. dates -> dates, member numbers -> members); every rule is the services'. The building blocks
(dates, baht, the hidden idempotency key) are the savings forms'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sajja.members.models import Member
from sajja.savings.forms import ActionForm, BahtField, DateField, baht_input, method_field

from .models import KIND_CHOICES, LoanRequest, LoanVote

__all__ = [
    "DecideForm",
    "DisburseForm",
    "GuarantorPayForm",
    "LoanRequestForm",
    "RepayForm",
    "VoteForm",
    "WriteOffForm",
    "baht_input",
]


def _member_label(member: Member) -> str:
    return f"{member.number} · {member.full_name}"


class LoanRequestForm(ActionForm):
    """A loan request. ``members``: who may borrow (None when the borrower is fixed: a member asking
    for themselves); ``guarantors``: the members who may be named as guarantors."""

    member = forms.TypedChoiceField(label=_("borrower"), coerce=int)
    kind = forms.ChoiceField(label=_("kind of loan"), choices=KIND_CHOICES)
    amount = BahtField(label=_("amount (baht)"))
    term_months = forms.IntegerField(label=_("term (months)"), min_value=1, max_value=600)
    purpose = forms.CharField(label=_("purpose"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    guarantors = forms.TypedMultipleChoiceField(
        label=_("guarantors"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    date = DateField(label=_("requested on"))
    date_fields = ("date",)

    def __init__(self, *args, members=None, guarantors=(), **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].choices = [("", "—"), *[(m.id, _member_label(m)) for m in members]]
        self.fields["guarantors"].choices = [(m.id, _member_label(m)) for m in guarantors]


class VoteForm(ActionForm):
    vote = forms.ChoiceField(label=_("vote"), choices=LoanVote.Vote.choices, widget=forms.RadioSelect)
    date = DateField(label=_("date"))
    date_fields = ("date",)


class DecideForm(ActionForm):
    decision = forms.ChoiceField(label=_("decision"), choices=LoanRequest.Decision.choices, widget=forms.RadioSelect)
    amount = BahtField(label=_("amount approved (baht), when reduced"), required=False)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
    date = DateField(label=_("date"))
    date_fields = ("date",)


class DisburseForm(ActionForm):
    date = DateField(label=_("paid out on"))
    method = method_field()
    date_fields = ("date",)


class RepayForm(ActionForm):
    date = DateField(label=_("date paid"))
    amount = BahtField(label=_("amount (baht)"))
    method = method_field()
    date_fields = ("date",)


class GuarantorPayForm(ActionForm):
    guarantor = forms.TypedChoiceField(label=_("guarantor"), coerce=int)
    date = DateField(label=_("date paid"))
    amount = BahtField(label=_("amount (baht)"))
    from_held_savings = forms.BooleanField(label=_("from the guarantor's savings held for this loan"), required=False)
    method = method_field()
    date_fields = ("date",)

    def __init__(self, *args, guarantors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guarantor"].choices = [(m.id, _member_label(m)) for m in guarantors]


class WriteOffForm(ActionForm):
    date = DateField(label=_("date"))
    reason = forms.CharField(
        label=_("reason for the write-off"),
        max_length=300,
        error_messages={"required": _("Give the reason for the write-off.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution = forms.CharField(
        label=_("resolution"),
        max_length=300,
        error_messages={"required": _("Name the resolution that approved the write-off.")},
        help_text=_("for example: committee meeting 3/2569, item 2"),
    )
    date_fields = ("date",)


class RestructureForm(ActionForm):
    date = DateField(label=_("date of the resolution's new terms"))
    term_months = forms.IntegerField(label=_("new term (months)"), min_value=1, max_value=120)
    rate = forms.CharField(
        label=_("new interest a month (percent), if lowered"),
        required=False,
        max_length=10,
        help_text=_("leave empty to keep the loan's rate"),
    )
    reason = forms.CharField(
        label=_("reason for the change"),
        max_length=300,
        error_messages={"required": _("Give the reason for the change.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution = forms.CharField(
        label=_("resolution"),
        max_length=300,
        error_messages={"required": _("Name the resolution that approved the change.")},
        help_text=_("for example: committee meeting 3/2569, item 2"),
    )
    date_fields = ("date",)


class CreditRefundForm(ActionForm):
    date = DateField(label=_("date paid"))
    amount = BahtField(label=_("amount (baht)"))
    method = method_field()
    date_fields = ("date",)
