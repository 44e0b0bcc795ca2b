"""Forms of the meeting pages. They only turn what was typed into values (baht -> satang through
``core.money.to_satang``, Thai digits too; B.E. or C.E. dates; counts of notes and coins); every rule
is the services' (``sajja.meetings.services``). The building blocks (dates, baht, the hidden key) are
the savings forms'."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError
from sajja.core.money import to_satang
from sajja.core.thai import normalize_digits
from sajja.savings.forms import ActionForm, BahtField, DateField, method_field

from .models import DENOMINATIONS, Attendance

KINDS = ("pledge", "instalment", "fines", "deposit")
KIND_LABELS = {
    "pledge": _("Pledge"),
    "instalment": _("Instalment"),
    "fines": _("Fines"),
    "deposit": _("Deposit"),
}
KEY_MAX = 64


def row_key(meeting_id: int, member_id: int) -> str:
    """The idempotency key of a sheet row as the page first shows it (the script makes its own in
    the same shape): ``meeting-<id>-member-<id>-<random>``."""
    return f"meeting-{meeting_id}-member-{member_id}-{uuid.uuid4().hex[:16]}"


def denomination_label(satang: int) -> str:
    """1000 บาท / 50 สตางค์: how a note or a coin is called."""
    if satang >= 100:
        return _("%(n)s baht") % {"n": satang // 100}
    return _("%(n)s satang") % {"n": satang}


class CountField(forms.CharField):
    """How many notes or coins of one kind: a whole number, 0 or more (Thai digits too); empty is 0."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "class": "form-control denom-count",
                    "placeholder": "0",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = normalize_digits(super().clean(value) or "").replace(",", "").strip()
        if value == "":
            return 0
        if not value.isdigit():
            raise forms.ValidationError(_("Type how many notes or coins: a whole number, 0 or more."))
        if int(value) > 1_000_000:
            raise forms.ValidationError(_("That is more notes or coins than a cash box holds."))
        return int(value)


class CountsForm(ActionForm):
    """A cash count by note and coin: one field per denomination (``count_100000`` … ``count_25``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for satang in DENOMINATIONS:
            self.fields[f"count_{satang}"] = CountField(label=denomination_label(satang))
            self.fields[f"count_{satang}"].widget.attrs["data-satang"] = str(satang)

    def counts(self) -> dict[int, int]:
        """The count as the services take it: denomination in satang -> number of notes or coins."""
        return {satang: self.cleaned_data.get(f"count_{satang}") or 0 for satang in DENOMINATIONS}

    def count_fields(self):
        return [self[f"count_{satang}"] for satang in DENOMINATIONS]


class OpenForm(CountsForm):
    """Open a meeting: its date (the group's meeting day by default) and the cash box counted."""

    date = DateField(label=_("meeting date"))
    field_order = ("key", "date")


class CloseCountForm(CountsForm):
    """The closing count."""


class DifferenceForm(ActionForm):
    reason = forms.CharField(
        label=_("reason for the difference"),
        max_length=300,
        error_messages={"required": _("Say why the cash differs from the books.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BankForm(ActionForm):
    amount = BahtField(label=_("amount banked (baht)"))


class PayoutForm(ActionForm):
    method = method_field()


class CorrectionForm(ActionForm):
    """Undo a posting of the meeting: the reason, and the day of the correction (empty: today)."""

    date = DateField(label=_("date of the correction"), required=False)
    reason = forms.CharField(
        label=_("reason for the correction"),
        max_length=300,
        error_messages={"required": _("Say why the posting is corrected.")},
    )


class SignForm(ActionForm):
    """A signature: nothing to type, only the hidden key."""


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    representative = forms.CharField(max_length=200, required=False)


class RowForm(forms.Form):
    """One row of the collection sheet as posted: an amount per kind (empty = nothing of it), the
    loan the instalment is for (members with two loans), the client's idempotency key and the
    version of the member's row the client saw (two treasurers on one sheet)."""

    pledge = forms.CharField(required=False, max_length=40)
    instalment = forms.CharField(required=False, max_length=40)
    fines = forms.CharField(required=False, max_length=40)
    deposit = forms.CharField(required=False, max_length=40)
    loan = forms.IntegerField(required=False)
    key = forms.CharField(max_length=KEY_MAX)
    version = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args, meeting_id: int, member_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_prefix = f"meeting-{meeting_id}-member-{member_id}-"

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if not key.startswith(self.key_prefix) or len(key) <= len(self.key_prefix):
            raise forms.ValidationError(_("This row's key is not of this meeting and member; reload the sheet."))
        return key

    def amounts(self) -> dict[str, int]:
        """The amounts typed, in satang (empty = 0). A refusal is ``core.money``'s own
        ``SajjaError`` (its code, both languages) naming the field."""
        amounts = {}
        for kind in KINDS:
            text = (self.cleaned_data.get(kind) or "").strip()
            try:
                amounts[kind] = to_satang(text) if text else 0
            except SajjaError as error:
                raise SajjaError(error.message, field=kind, code=error.code) from None
        return amounts

    def first_error(self) -> SajjaError:
        """The form's first refusal as a ``SajjaError`` (the page and the script show one message)."""
        for field, errors in self.errors.items():
            if field == "key":
                return SajjaError(errors[0], field=None, code="bad_key")
            return SajjaError(errors[0], field=None if field == "__all__" else field, code="invalid")
        return SajjaError(_("Check the amounts."), code="invalid")
