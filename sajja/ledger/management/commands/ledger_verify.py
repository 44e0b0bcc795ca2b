"""``python manage.py ledger_verify [--group ID]``: recompute every group's hash chain (or one) and
exit non-zero naming the first bad entry. Anyone with the database can run it."""

from django.core.management.base import BaseCommand, CommandError

from sajja.groups.models import Group
from sajja.ledger.verify import verify_group


class Command(BaseCommand):
    help = "Recompute the ledger hash chains; exit 1 naming the first entry that does not match."

    def add_arguments(self, parser):
        parser.add_argument("--group", type=int, help="only this group id")

    def handle(self, *args, group=None, **options):
        groups = Group.objects.filter(id=group) if group else Group.objects.all()
        if group and not groups.exists():
            raise CommandError(f"no group {group}")
        bad = []
        for g in groups.order_by("id"):
            result = verify_group(g.id)
            if result.ok:
                self.stdout.write(f"group {g.id} {g.name}: {result.entries} entries OK, head {result.head_hash}")
            else:
                bad.append(g.id)
                self.stdout.write(f"group {g.id} {g.name}: BROKEN at entry #{result.first_bad_seq}: {result.problem}")
        if bad:
            raise CommandError(f"ledger chain broken in group(s) {', '.join(map(str, bad))}")
