"""``python manage.py bench [--n N] [--only NAME]``: run every registered scenario, print a table and
write ``var/bench.json``. Each scenario runs at its own default n unless ``--n`` sets one for all.
Exits non-zero when any scenario's SQL query count grows with n."""

import importlib
import json

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sajja.core import bench


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Run the benchmarks (see shared/docs/bench.md)."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=None, help="n for every scenario (default: each its own)")
        parser.add_argument("--only", default="", help="a scenario's name, or a prefix: --only savings")
        parser.add_argument("--repeats", type=int, default=5)

    def handle(self, *args, n, only, repeats, **options):
        for config in apps.get_app_configs():
            if config.name.startswith("sajja."):
                try:
                    importlib.import_module(f"{config.name}.bench")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.bench":
                        raise
        results = []
        for item in bench.SCENARIOS:
            if only and item.name != only and not item.name.startswith(f"{only}."):
                continue
            try:
                with transaction.atomic():  # every scenario's data is rolled back afterwards
                    results.append(bench.measure(item, n, repeats))
                    raise Rollback
            except Rollback:
                pass
        self.stdout.write(
            f"{'scenario':28} {'db':10} {'n':>8} {'seconds':>9} {'floor':>9} {'ratio':>7} {'queries':>8} {'q@n/10':>7}"
            f" {'rss_mb':>7}"
        )
        for r in results:
            self.stdout.write(
                f"{r['name']:28} {r['db']:10} {r['n']:>8} {r['seconds']:>9.4f} {r['floor_seconds']:>9.4f} "
                f"{r['ratio'] or 0:>7.2f} {r['queries']:>8} {r['queries_at_n_div_10']:>7} {r['peak_rss_mb']:>7.1f}"
            )
        path = settings.VAR_DIR / "bench.json"
        existing = json.loads(path.read_text()) if path.exists() else []
        # Replace only what was run now: running one scenario keeps the others' last figures.
        ran = {(r["db"], r["name"]) for r in results}
        kept = [r for r in existing if (r.get("db"), r.get("name")) not in ran]
        path.write_text(json.dumps(kept + results, ensure_ascii=False, indent=2))
        self.stdout.write(f"written {path}")
        grown = [r["name"] for r in results if r["queries_grow"]]
        if grown:
            raise CommandError(f"SQL queries grow with n in: {', '.join(grown)}")
