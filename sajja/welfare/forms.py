"""Forms of the welfare pages. They only turn what was typed into values (baht -> satang, B.E. or
C.E. dates -> dates, Thai digits -> numbers); every rule is the services'. The building blocks
(dates, baht, the hidden idempotency key) are the savings forms'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_positive_int
from sajja.savings.forms import ActionForm, BahtField, DateField, method_field

from .models import BENEFIT_CHOICES, FUND_CHOICES


class NightsField(forms.CharField):
    """A whole number of nights (Thai digits too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return parse_positive_int(value, field="nights", maximum=366)
        except SajjaError as error:
            raise forms.ValidationError(str(error)) from None


class ClaimForm(ActionForm):
    member = forms.TypedChoiceField(label=_("member"), coerce=int)
    benefit = forms.ChoiceField(label=_("benefit"), choices=BENEFIT_CHOICES)
    event_date = DateField(label=_("date of the event"))
    nights = NightsField(label=_("nights in hospital (illness)"), required=False)
    beneficiary = forms.CharField(label=_("beneficiary (death benefit)"), max_length=200, required=False)
    amount = BahtField(
        label=_("amount asked (baht)"), required=False, help_text=_("Leave empty to pay what the bylaws give.")
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    date_fields = ("event_date",)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—"), *[(m.id, f"{m.number} · {m.full_name}") for m in members]]


class DecideForm(ActionForm):
    """Approve (no field) or reject with a reason."""

    reason = forms.CharField(label=_("reason for rejecting"), max_length=300, required=False)


class PayForm(ActionForm):
    date = DateField(label=_("date paid"))
    method = method_field()
    date_fields = ("date",)


class ReceiveForm(ActionForm):
    fund = forms.ChoiceField(label=_("fund"), choices=FUND_CHOICES, initial="welfare_fund")
    amount = BahtField(label=_("amount (baht)"))
    date = DateField(label=_("date received"))
    source = forms.CharField(label=_("received from"), max_length=200)
    method = method_field()
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    date_fields = ("date",)
