"""Forms of the savings pages that write. They only turn what was typed into values (baht ->
satang through ``core.money.to_satang``, dates through ``core.fields.parse_date_input``); every rule
is the services'. Each form carries a hidden idempotency ``key`` made when the form is shown, so a
double click posts once."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.money import format_baht, to_satang
from sajja.core.tenancy import today
from sajja.core.thai import format_date
from sajja.members.models import Member

from .models import DepositAccount

DATE_HELP = _("day/month/year in the Buddhist Era, e.g. 05/03/2569")
METHODS = (("cash", _("cash")), ("bank", _("bank transfer")))


def baht_input(satang: int) -> str:
    """Satang as typed back into an amount field: ``1500.00``."""
    return format_baht(satang, unit=False).replace(",", "")


class DateField(forms.CharField):
    """A date typed in the Buddhist or Common Era (Thai digits too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป", "inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return parse_date_input(value, field="date")
        except SajjaError as error:
            raise forms.ValidationError(str(error)) from None


class BahtField(forms.CharField):
    """An amount in baht -> integer satang. Whether it may be zero or negative is the service's rule."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return to_satang(value)
        except SajjaError as error:
            raise forms.ValidationError(str(error)) from None


def method_field():
    return forms.ChoiceField(
        label=_("Paid by"), choices=METHODS, initial="cash", widget=forms.RadioSelect, required=False
    )


class ActionForm(forms.Form):
    """A write form: the hidden idempotency key, and today's date in each date field when shown."""

    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
            for name in self.date_fields:
                self.initial.setdefault(name, today())
        for name, value in list(self.initial.items()):
            if hasattr(value, "isoformat") and name in self.fields:
                self.initial[name] = format_date(value)

    def clean_method(self):
        return self.cleaned_data.get("method") or "cash"


class PledgeSetForm(ActionForm):
    amount = BahtField(label=_("pledge a month (baht)"))
    effective_from = DateField(label=_("takes effect from"))
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    date_fields = ("effective_from",)


class PledgePayForm(ActionForm):
    date = DateField(label=_("date paid"))
    amount = BahtField(label=_("amount (baht)"))
    method = method_field()
    date_fields = ("date",)


class FinesPayForm(ActionForm):
    date = DateField(label=_("date paid"))
    method = method_field()
    fines = forms.MultipleChoiceField(label=_("fines"), required=False, widget=forms.CheckboxSelectMultiple)
    date_fields = ("date",)

    def __init__(self, *args, open_fines=(), scope: str | None = None, **kwargs):
        """``scope``: the button pressed: ``all`` the open fines (the default) or the ``ticked`` ones."""
        super().__init__(*args, **kwargs)
        self.scope = scope or "all"
        self.fields["fines"].choices = [
            (
                str(f.id),
                f"{format_date(f.period, 'month') if f.period else f.get_kind_display()} · {format_baht(f.amount)}",
            )
            for f in open_fines
        ]
        if not self.is_bound:
            self.initial["fines"] = [str(f.id) for f in open_fines]

    def clean(self):
        data = super().clean()
        if self.scope == "ticked" and not data.get("fines"):
            self.add_error("fines", _("Tick the fines being paid."))
        return data

    def chosen(self):
        """None (all open fines) or the ticked fines' ids."""
        if self.scope != "ticked":
            return None
        return [int(i) for i in self.cleaned_data["fines"]]


class FineWaiveForm(ActionForm):
    date = DateField(label=_("date"))
    reason = forms.CharField(
        label=_("reason for the waiver"),
        max_length=300,
        error_messages={"required": _("Give the reason for the waiver.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution = forms.CharField(
        label=_("resolution"),
        max_length=300,
        error_messages={"required": _("Name the resolution that approved the waiver.")},
        help_text=_("for example: committee meeting 3/2569, item 2"),
    )
    date_fields = ("date",)


class EntryFeeForm(ActionForm):
    date = DateField(label=_("date paid"))
    method = method_field()
    date_fields = ("date",)


class DepositOpenForm(ActionForm):
    product = forms.ChoiceField(label=_("kind of account"), choices=DepositAccount.Product.choices)
    date = DateField(label=_("opened on"))
    date_fields = ("date",)


class DepositForm(ActionForm):
    date = DateField(label=_("date"))
    amount = BahtField(label=_("amount (baht)"))
    method = method_field()
    date_fields = ("date",)


class SettleForm(ActionForm):
    status = forms.ChoiceField(
        label=_("why the member leaves"),
        choices=[(s.value, s.label) for s in Member.Status if s != Member.Status.ACTIVE],
    )
    date = DateField(label=_("date"))
    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    paid_to = forms.CharField(
        label=_("paid to"),
        max_length=200,
        required=False,
        help_text=_("For a member who died: the beneficiary. Otherwise the member is paid."),
    )
    method = method_field()
    date_fields = ("date",)


class ThroughForm(ActionForm):
    through = DateField(label=_("up to and including"))
    date_fields = ("through",)
