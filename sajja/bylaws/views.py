"""Bylaws pages: every setting with the value in force today, since when and by which
resolution, and its history (``Access.READ``); a new value of one setting (``Access.MANAGE``).
Values are typed as ``registry.as_input`` shows them (money in baht, rates in percent, months
ticked); ``services.bylaw_set`` parses and decides."""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.tenancy import Access, can_manage, group_view, today
from sajja.core.thai import format_date
from sajja.members.forms import add_errors

from . import registry, selectors, services

DONE_KEYS = "sajja_done_keys"  # shared with the savings pages: the keys a session has done


@group_view(Access.READ)
def bylaws(request):
    day = today()
    sections = selectors.bylaw_sections(request.group.id, day)
    for _section, rows in sections:
        for row in rows:
            decided = row["decided"]
            row["setting"] = decided.setting
            # Older values, and values voted to take effect later, beside the one in force.
            row["older"] = [
                {"value": registry.display(decided.setting, b.value), "bylaw": b}
                for b in row["history"]
                if b.effective_from != decided.effective_from
            ]
    context = {"sections": sections, "day": day, "can_manage": can_manage(request.user, request.group.id)}
    return render(request, "bylaws/bylaws.html", context)


class BylawForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    value = forms.CharField(label=gettext_lazy("new value"), required=False)
    effective_from = forms.CharField(
        label=gettext_lazy("takes effect on"),
        help_text=gettext_lazy("day/month/year in the Buddhist Era, e.g. 05/03/2569"),
        widget=forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป", "inputmode": "numeric", "autocomplete": "off"}),
    )
    resolution = forms.CharField(
        label=gettext_lazy("resolution"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("for example: general meeting 1/2569"),
    )

    def __init__(self, *args, setting: registry.Setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting = setting
        field = self.fields["value"]
        field.label = setting.label
        field.help_text = setting.help
        if setting.kind == "choice":
            self.fields["value"] = forms.ChoiceField(
                label=setting.label, choices=setting.choices, help_text=setting.help
            )
        elif setting.kind == "months":
            self.fields["value"] = forms.MultipleChoiceField(
                label=setting.label,
                choices=[(str(m), registry.MONTH_NAMES[m - 1]) for m in range(1, 13)],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=setting.help,
            )
        elif setting.kind == "money":
            field.widget.attrs.update({"inputmode": "decimal"})
            field.help_text = setting.help or _("in baht")
        elif setting.kind == "rate":
            field.widget.attrs.update({"inputmode": "decimal"})
            field.help_text = setting.help or _("percent, for example 2.5")
        else:
            field.widget.attrs.update({"inputmode": "numeric"})

    def clean_effective_from(self):
        try:
            return parse_date_input(self.cleaned_data["effective_from"], field="effective_from")
        except SajjaError as error:
            raise forms.ValidationError(str(error)) from None


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def bylaw_set(request, key):
    if key not in registry.BY_KEY:
        raise Http404
    setting = registry.BY_KEY[key]
    day = today()
    book = selectors.bylaw_book(request.group.id)
    decided = book.decided(key, day)
    done_url = reverse("bylaws", args=[request.group.id])
    if setting.kind == "months":
        current = [str(m) for m in decided.value]
    else:
        current = registry.as_input(setting, decided.value)
    form = BylawForm(
        request.POST or None,
        setting=setting,
        initial={"value": current, "effective_from": format_date(day), "key": uuid.uuid4().hex},
    )
    if request.method == "POST":
        token = request.POST.get("key", "").strip()
        if token and token in request.session.get(DONE_KEYS, {}):
            messages.info(request, _("This was already recorded; it has not been recorded twice."))
            return redirect(request.session[DONE_KEYS][token])
        if form.is_valid():
            value = form.cleaned_data["value"]
            if setting.kind == "months":
                value = [int(m) for m in value]
            try:
                bylaw = services.bylaw_set(
                    group=request.group,
                    key=key,
                    value=value,
                    effective_from=form.cleaned_data["effective_from"],
                    resolution=form.cleaned_data["resolution"],
                    actor=request.user,
                )
            except SajjaError as error:
                add_errors(form, error)
            else:
                if token:
                    done = dict(request.session.get(DONE_KEYS, {}))
                    done[token] = done_url
                    request.session[DONE_KEYS] = dict(list(done.items())[-50:])
                messages.success(
                    request,
                    _("%(setting)s: %(value)s from %(date)s.")
                    % {
                        "setting": setting.label,
                        "value": registry.display(setting, bylaw.value),
                        "date": format_date(bylaw.effective_from, "long"),
                    },
                )
                return redirect(done_url)
    context = {"form": form, "setting": setting, "decided": decided, "history": book.history(key)}
    return render(request, "bylaws/bylaw_set.html", context)
