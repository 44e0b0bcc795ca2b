"""Page forms. They only collect text; parsing and rules live in ``inputs`` and ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, ValidationErrors
from sajja.core.fields import parse_date_input
from sajja.core.thai import format_date

from .inputs import MemberInput, parse_household, parse_member
from .models import Member

DATE_HELP = _("day/month/year in the Buddhist Era, e.g. 05/03/2512")


def _date_widget():
    return forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป", "inputmode": "numeric", "autocomplete": "off"})


def add_errors(form: forms.Form, error: SajjaError) -> None:
    """Show a service's refusal on the form: per field where the field is on the form."""
    errors = error.errors if isinstance(error, ValidationErrors) else {error.field: [error.message]}
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))


class MemberForm(forms.Form):
    number = forms.CharField(label=_("member number"), widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    title = forms.ChoiceField(label=_("title"), choices=Member.Title.choices)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    national_id = forms.CharField(
        label=_("national ID"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    birth_date = forms.CharField(label=_("birth date"), help_text=DATE_HELP, widget=_date_widget())
    sex = forms.ChoiceField(label=_("sex"), choices=Member.Sex.choices)
    joined_on = forms.CharField(label=_("joined on"), help_text=DATE_HELP, widget=_date_widget())
    phone = forms.CharField(label=_("phone"), required=False, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    line_id = forms.CharField(label=_("LINE ID"), required=False)
    address = forms.CharField(label=_("address"), required=False)
    house_number = forms.CharField(label=_("house number"), required=False)
    beneficiary_name = forms.CharField(label=_("beneficiary"), required=False)
    beneficiary_relationship = forms.CharField(label=_("beneficiary's relationship"), required=False)

    def __init__(self, *args, locked_national_id: str = "", **kwargs):
        """``locked_national_id``: the member's ID, for an editor who may change the member but
        not see the whole ID. The field then shows the masked ID, cannot be changed, and the form
        keeps the stored ID without ever putting it on the page."""
        super().__init__(*args, **kwargs)
        self.locked_national_id = locked_national_id
        if locked_national_id:
            self.fields["national_id"].disabled = True
            self.fields["national_id"].required = False
        for name in ("birth_date", "joined_on"):
            value = self.initial.get(name)
            if value and not isinstance(value, str):
                self.initial[name] = format_date(value)

    def clean(self):
        data = super().clean()
        if self.locked_national_id:
            data = {**data, "national_id": self.locked_national_id}
        try:
            self.member_input: MemberInput = parse_member(data)
        except ValidationErrors as error:
            add_errors(self, error)
        return data


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("why the member leaves"),
        choices=[(s.value, s.label) for s in Member.Status if s != Member.Status.ACTIVE],
    )
    date = forms.CharField(label=_("date"), help_text=DATE_HELP, widget=_date_widget())
    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_date(self):
        try:
            return parse_date_input(self.cleaned_data["date"], field="date")
        except SajjaError as error:
            raise forms.ValidationError(str(error))


class HouseholdForm(forms.Form):
    house_number = forms.CharField(label=_("house number"), max_length=20)
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        try:
            self.household_input = parse_household(data)
        except ValidationErrors as error:
            add_errors(self, error)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
