"""``manage.py demo_load [--seed N] [--members N]``: build the demo village and print its logins."""

import time

from django.core.management.base import BaseCommand, CommandError

from sajja.demo.generator import DEFAULT_SEED, DEMO_PASSWORD, DEMO_URL, MAX_LARGE_MEMBERS, DemoMismatch, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo village (Ban Na San, Ban Dong, Chat Trakan, Phitsanulok) and its demo users. "
        "Running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument(
            "--members",
            type=int,
            default=None,
            help="also build the large benchmark group 'หมู่บ้านสาธิตขนาดใหญ่' with this many members",
        )

    def handle(self, *args, seed, members, **options):
        if members is not None and not 1 <= members <= MAX_LARGE_MEMBERS:
            raise CommandError(f"--members must be from 1 to {MAX_LARGE_MEMBERS}.")
        started = time.monotonic()
        try:
            result = load_demo(seed=seed, large_members=members, stdout=self.stdout)
        except DemoMismatch as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started

        if result.created_total:
            made = ", ".join(f"{count} {table}" for table, count in sorted(result.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Created {made} in {seconds:.1f} s (seed {seed})."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Nothing to add: the demo (seed {seed}) was already loaded."))
        if result.changed:
            self.stdout.write("Also: " + ", ".join(f"{count} {what}" for what, count in sorted(result.changed.items())))

        width = max(len(username) for username, _role in result.logins)
        rows = [("username", "password", "role"), *((u, DEMO_PASSWORD, role) for u, role in result.logins)]
        self.stdout.write("")
        for username, password, role in rows:
            self.stdout.write(f"  {username:<{width}}  {password:<{len(DEMO_PASSWORD)}}  {role}")
        self.stdout.write("")
        self.stdout.write(f"Open {DEMO_URL} and log in with one of these.")
