"""The API routes. Every route about a group goes through ``group_route`` (tenancy) and then the
same selectors and services as the pages."""

import functools

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.security import HttpBearer

from sajja.accounts.views import has_two_step
from sajja.core import tenancy
from sajja.core.errors import SajjaError, ValidationErrors
from sajja.core.fields import parse_date_input, parse_text
from sajja.core.money import to_satang
from sajja.core.natid import format_national_id
from sajja.core.tenancy import Access
from sajja.core.thai import format_date
from sajja.groups.models import Group
from sajja.ledger import selectors as ledger_selectors
from sajja.ledger import services as ledger_services
from sajja.ledger.models import Account, JournalEntry, JournalLine
from sajja.members import excel, selectors, services
from sajja.members.inputs import parse_household, parse_member
from sajja.members.models import Household, Member
from sajja.savings import schemas as savings_schemas

from . import schemas
from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user").get(key_hash=ApiToken.hash(token))
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        ApiToken.objects.filter(id=api_token.id).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


api = NinjaAPI(
    title="Sajja API",
    version="1",
    description="Savings groups for production: groups, members, households. Errors carry message_th and message_en.",
    auth=TokenAuth(),
    urls_namespace="api",
)


def _error(request, status: int, error: SajjaError):
    return api.create_response(request, error.as_dict(), status=status)


@api.exception_handler(SajjaError)
def on_sajja_error(request, exc):
    return _error(request, 400, exc)


@api.exception_handler(Http404)
def on_404(request, exc):
    return _error(request, 404, SajjaError(_("Not found."), code="not_found"))


@api.exception_handler(PermissionDenied)
def on_403(request, exc):
    return _error(request, 403, SajjaError(_("You may not do this in this group."), code="forbidden"))


def group_route(min_access: Access):
    """Resolve ``group_id`` through tenancy before the handler runs (404 outside, 403 below level)."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(request, group_id: int, *args, **kwargs):
            request.group = tenancy.require_group(request.user, group_id, min_access)
            request.access = tenancy.group_access(request.user, group_id)
            return handler(request, group_id, *args, **kwargs)

        wrapper.sajja_min_access = min_access
        return wrapper

    return decorate


def _group_out(group: Group, user, counts=None) -> dict:
    village = group.village
    return {
        "id": group.id,
        "name": group.name,
        "village": village.name_th,
        "village_number": village.number,
        "subdistrict": village.subdistrict.name_th,
        "district": village.subdistrict.district.name_th,
        "province": village.subdistrict.district.province.name_th,
        "network": group.network.name if group.network_id else None,
        "founded_on": group.founded_on,
        "founded_on_be": format_date(group.founded_on),
        "fiscal_year_start_month": group.fiscal_year_start_month,
        "fiscal_year_start_day": group.fiscal_year_start_day,
        "meeting_day": group.meeting_day,
        "access": tenancy.group_access(user, group.id).name.lower(),
        "active_members": counts["active"] if counts else None,
        "households": counts["households"] if counts else None,
    }


def _member_out(user, m: Member) -> dict:
    whole = tenancy.can_see_national_id(user, m)
    contact = tenancy.can_see_contact(user, m)
    return {
        "id": m.id,
        "group_id": m.group_id,
        "number": m.number,
        "title": m.title,
        "first_name": m.first_name,
        "last_name": m.last_name,
        "full_name": m.full_name,
        "national_id": format_national_id(m.national_id_plain()) if whole else m.national_id_masked,
        "national_id_masked": not whole,
        "birth_date": m.birth_date,
        "sex": m.sex,
        "phone": m.phone if contact else None,
        "line_id": m.line_id if contact else None,
        "address": m.address if contact else None,
        "household_id": m.household_id,
        "house_number": m.household.house_number if m.household_id else None,
        "joined_on": m.joined_on,
        "status": m.status,
        "status_date": m.status_date,
        "status_reason": m.status_reason,
        "beneficiary_name": m.beneficiary_name,
        "beneficiary_relationship": m.beneficiary_relationship,
    }


def _member(request, group_id, member_id) -> Member:
    try:
        return selectors.member_get(request.user, group_id, member_id)
    except Member.DoesNotExist:
        raise Http404 from None


def _household(request, group_id, household_id) -> Household:
    try:
        return selectors.household_get(request.user, group_id, household_id)
    except Household.DoesNotExist:
        raise Http404 from None


# --- auth ---------------------------------------------------------------------------------------------


@api.post("/auth/token", auth=None, response={200: schemas.TokenOut, 401: dict}, tags=["auth"])
def token(request, payload: schemas.TokenIn):
    """Exchange username and password (and the two-step code if turned on) for a bearer token.
    Failed attempts count towards the same lockout as the login page."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is not None and has_two_step(user):
        from django_otp import match_token

        if not payload.otp or match_token(user, payload.otp) is None:
            user = None
    if user is None:
        error = SajjaError(_("Wrong username, password or code."), code="unauthorized")
        return 401, error.as_dict()
    return 200, {"token": ApiToken.issue(user)}


@api.get("/me", response=schemas.MeOut, tags=["auth"])
def me(request):
    groups = tenancy.visible_groups(request.user).select_related("village__subdistrict__district__province", "network")
    return {
        "username": request.user.username,
        "name": str(request.user),
        "is_superuser": request.user.is_superuser,
        "groups": [_group_out(g, request.user) for g in groups],
    }


# --- groups -------------------------------------------------------------------------------------------


@api.get("/groups", response=list[schemas.GroupOut], tags=["groups"])
def group_list(request):
    groups = tenancy.visible_groups(request.user).select_related("village__subdistrict__district__province", "network")
    return [_group_out(g, request.user) for g in groups.order_by("id")]


@api.get("/groups/{group_id}", response=schemas.GroupOut, tags=["groups"])
@group_route(Access.SUMMARY)
def group_detail(request, group_id: int):
    return _group_out(request.group, request.user, selectors.group_counts(group_id))


# --- members ------------------------------------------------------------------------------------------


@api.get("/groups/{group_id}/members", response=list[schemas.MemberOut], tags=["members"])
@group_route(Access.SELF)
def member_list(request, group_id: int, q: str = "", status: str = "", offset: int = 0, limit: int = 100):
    """Members in Thai name order; ``q`` searches number or name. A member sees only themselves."""
    limit = max(1, min(limit, 500))
    members = selectors.member_list(request.user, group_id, q=q, status=status or None)[offset : offset + limit]
    return [_member_out(request.user, m) for m in members]


@api.post("/groups/{group_id}/members", response={201: schemas.MemberOut}, tags=["members"])
@group_route(Access.MANAGE)
def member_create(request, group_id: int, payload: schemas.MemberIn):
    member = services.member_create(group=request.group, data=parse_member(payload.dict()), actor=request.user)
    return 201, _member_out(request.user, selectors.member_get(request.user, group_id, member.id))


@api.get("/groups/{group_id}/members/export.xlsx", tags=["members"])
@group_route(Access.READ)
def member_export(request, group_id: int):
    members = selectors.member_list(request.user, group_id)
    response = HttpResponse(
        excel.export_members(request.user, members),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="members-{group_id}.xlsx"'
    return response


@api.post("/groups/{group_id}/members/import", response=schemas.ImportOut, tags=["members"])
@group_route(Access.MANAGE)
def member_import(request, group_id: int, payload: schemas.ImportIn):
    """Rows as in the Excel template (field names of ``MemberIn``); numbered from 1. With
    ``dry_run`` (the default) nothing is written; otherwise all rows are written or none."""
    parsed, problems = services.check_import_rows(request.group, list(enumerate(payload.rows, start=1)))
    errors = {row: ValidationErrors(fields).as_dict()["errors"] for row, fields in problems.items()}
    if errors or payload.dry_run:
        return {"valid": not errors, "created": 0, "errors": errors}
    created = services.members_import(group=request.group, rows=parsed, actor=request.user)
    return {"valid": True, "created": len(created), "errors": {}}


@api.get("/groups/{group_id}/members/{member_id}", response=schemas.MemberOut, tags=["members"])
@group_route(Access.SELF)
def member_detail(request, group_id: int, member_id: int):
    return _member_out(request.user, _member(request, group_id, member_id))


@api.put("/groups/{group_id}/members/{member_id}", response=schemas.MemberOut, tags=["members"])
@group_route(Access.MANAGE)
def member_update(request, group_id: int, member_id: int, payload: schemas.MemberIn):
    member = _member(request, group_id, member_id)
    raw = payload.dict()
    if not tenancy.can_see_national_id(request.user, member):
        raw["national_id"] = member.national_id_plain()  # unchanged by someone who may not see it (as on the page)
    services.member_update(member=member, data=parse_member(raw), actor=request.user)
    return _member_out(request.user, _member(request, group_id, member_id))


@api.post("/groups/{group_id}/members/{member_id}/leave", response=savings_schemas.LeaveOut, tags=["members"])
@group_route(Access.MANAGE)
def member_leave(request, group_id: int, member_id: int, payload: savings_schemas.LeaveIn):
    """Close a membership with its settlement (savings + deposits + interest due − loans − unpaid
    fines, paid in one entry): nobody leaves without one (``sajja.savings.services.member_settle``)."""
    from sajja.savings.api import settle

    return settle(request, group_id, member_id, payload)


# --- households ---------------------------------------------------------------------------------------


@api.get("/groups/{group_id}/households", response=list[schemas.HouseholdOut], tags=["households"])
@group_route(Access.SELF)
def household_list(request, group_id: int, offset: int = 0, limit: int = 100):
    limit = max(1, min(limit, 500))
    return list(selectors.household_list(request.user, group_id)[offset : offset + limit])


@api.post("/groups/{group_id}/households", response={201: schemas.HouseholdOut}, tags=["households"])
@group_route(Access.MANAGE)
def household_create(request, group_id: int, payload: schemas.HouseholdIn):
    return 201, services.household_save(
        group=request.group, household=None, actor=request.user, **parse_household(payload.dict())
    )


@api.get("/groups/{group_id}/households/{household_id}", response=schemas.HouseholdOut, tags=["households"])
@group_route(Access.SELF)
def household_detail(request, group_id: int, household_id: int):
    return _household(request, group_id, household_id)


@api.put("/groups/{group_id}/households/{household_id}", response=schemas.HouseholdOut, tags=["households"])
@group_route(Access.MANAGE)
def household_update(request, group_id: int, household_id: int, payload: schemas.HouseholdIn):
    household = _household(request, group_id, household_id)
    return services.household_save(
        group=request.group, household=household, actor=request.user, **parse_household(payload.dict())
    )


# --- ledger -----------------------------------------------------------------------------------------


def _entry_out(entry: JournalEntry) -> dict:
    return {
        "id": entry.id,
        "seq": entry.seq,
        "date": entry.date,
        "memo": entry.memo,
        "source": entry.source,
        "reverses_seq": entry.reverses.seq if entry.reverses_id else None,
        "reason": entry.reason,
        "hash": entry.hash,
        "prev_hash": entry.prev_hash,
        "lines": [
            {
                "account": ln.account.code,
                "account_name": ln.account.name_th,
                "debit": ln.debit,
                "credit": ln.credit,
                "memo": ln.memo,
            }
            for ln in entry.lines.all()
        ],
    }


def _entries(group_id):
    return (
        JournalEntry.objects.filter(group_id=group_id)
        .select_related("reverses")
        .prefetch_related(Prefetch("lines", queryset=JournalLine.objects.select_related("account").order_by("id")))
    )


@api.get("/groups/{group_id}/ledger/trial-balance", response=schemas.TrialBalanceOut, tags=["ledger"])
@group_route(Access.SUMMARY)
def trial_balance(request, group_id: int, through: str = ""):
    day = parse_date_input(through, field="through") if through else tenancy.today()
    trial = ledger_selectors.trial_balance(group_id, through=day)
    status = ledger_selectors.status(group_id)
    return {
        "through": day,
        "rows": [
            {
                "code": r["account"].code,
                "name_th": r["account"].name_th,
                "name_en": r["account"].name_en,
                "kind": r["account"].kind,
                "debit": r["debit"],
                "credit": r["credit"],
            }
            for r in trial["rows"]
        ],
        "debit_total": trial["debit_total"],
        "credit_total": trial["credit_total"],
        "head_hash": status.head_hash,
        "entries": status.entries,
    }


@api.get("/groups/{group_id}/ledger/entries", response=list[schemas.EntryOut], tags=["ledger"])
@group_route(Access.READ)
def entry_list(request, group_id: int, offset: int = 0, limit: int = 100):
    limit = max(1, min(limit, 500))
    return [_entry_out(e) for e in _entries(group_id).order_by("-seq")[offset : offset + limit]]


@api.post("/groups/{group_id}/ledger/entries", response={201: schemas.EntryOut}, tags=["ledger"])
@group_route(Access.MANAGE)
def entry_create(request, group_id: int, payload: schemas.EntryIn):
    """Post a balanced entry (committee members who manage the group)."""
    accounts = {a.code: a for a in Account.objects.filter(group_id=group_id)}
    lines = []
    for line in payload.lines:
        if line.account not in accounts:
            raise SajjaError(
                _("This account is not one of the group's accounts."), field="lines", code="foreign_account"
            )
        lines.append(
            ledger_services.LineIn(
                accounts[line.account], to_satang(line.debit or "0"), to_satang(line.credit or "0"), line.memo
            )
        )
    entry = ledger_services.entry_post(
        group=request.group,
        date=parse_date_input(payload.date, field="date"),
        memo=parse_text(payload.memo, field="memo", max_length=300),
        source=parse_text(payload.source, field="source", required=False, max_length=100),
        lines=lines,
        actor=request.user,
    )
    return 201, _entry_out(_entries(group_id).get(id=entry.id))


@api.post("/groups/{group_id}/ledger/entries/{entry_id}/reverse", response={201: schemas.EntryOut}, tags=["ledger"])
@group_route(Access.MANAGE)
def entry_reverse(request, group_id: int, entry_id: int, payload: schemas.ReverseIn):
    try:
        entry = JournalEntry.objects.get(group_id=group_id, id=entry_id)
    except JournalEntry.DoesNotExist:
        raise Http404 from None
    reversal = ledger_services.entry_reverse(
        entry=entry,
        date=parse_date_input(payload.date, field="date"),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        actor=request.user,
    )
    return 201, _entry_out(_entries(group_id).get(id=reversal.id))


@api.get("/health", auth=None, tags=["auth"])
def health(request):
    return {"status": "ok"}


# The savings and bylaws routes (they import ``group_route`` and the helpers above, hence last).
from sajja.savings.api import router as savings_router  # noqa: E402

api.add_router("", savings_router)

# The household accounts routes (the same reason: they import ``group_route``).
from sajja.household_accounts.api import router as household_accounts_router  # noqa: E402

api.add_router("", household_accounts_router)

# The loans routes (the same reason: they import ``group_route``).
from sajja.loans.api import router as loans_router  # noqa: E402

api.add_router("", loans_router)

# The routers of the later apps (the same reason: they import ``group_route``).
from sajja.closing.api import router as closing_router  # noqa: E402
from sajja.governance.api import router as governance_router  # noqa: E402
from sajja.meetings.api import router as meetings_router  # noqa: E402
from sajja.proceedings.api import router as proceedings_router  # noqa: E402
from sajja.voice.api import router as voice_router  # noqa: E402
from sajja.welfare.api import router as welfare_router  # noqa: E402

for _router in (meetings_router, closing_router, welfare_router, governance_router, proceedings_router, voice_router):
    api.add_router("", _router)
