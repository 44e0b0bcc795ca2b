"""``python manage.py savings_interest [--group ID] [--through DATE]``: post the deposit interest of
every interest period that has ended (by each group's bylaws) and is not posted yet. Idempotent, so
a daily cron job posts each period once, on schedule; the treasurer's page does the same by hand.
Posted as the system user ``sajja-system`` (no password: it cannot log in)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sajja.accounts.models import User
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.groups.models import Group
from sajja.savings.services import interest_post

SYSTEM_USERNAME = "sajja-system"


def system_user() -> User:
    user, created = User.objects.get_or_create(username=SYSTEM_USERNAME, defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = "Post deposit interest that has fallen due (every group, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--group", type=int, help="only this group id")
        parser.add_argument(
            "--through", help="post periods ending on or before this date (default today; B.E. or C.E.)"
        )

    def handle(self, *args, group=None, through=None, **options):
        try:
            day = parse_date_input(through, field="through") if through else timezone.localdate()
        except SajjaError as error:
            raise CommandError(str(error)) from None
        groups = Group.objects.filter(id=group) if group else Group.objects.all()
        if group and not groups.exists():
            raise CommandError(f"no group {group}")
        actor = system_user()
        for g in groups.order_by("id"):
            try:
                runs = interest_post(group=g, through=day, actor=actor)
            except SajjaError as error:
                raise CommandError(f"group {g.id}: {error}") from None
            posted = [r for r in runs if r.entry_id]
            total = sum(line.credit for r in posted for line in r.entry.lines.all() if line.credit)
            self.stdout.write(
                f"group {g.id} {g.name}: {len(runs)} interest period(s), {len(posted)} posted, {total} satang"
            )
