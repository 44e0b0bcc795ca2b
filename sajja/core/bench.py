"""The benchmark harness behind ``make bench`` (see ``shared/docs/bench.md``).

A scenario is registered with ``@scenario(name, note)`` in an app's ``bench.py``. It receives ``n``
and returns a ``Case`` of two callables, ``run`` (our operation) and ``floor`` (the least work that
could do the job, on the same database). The harness times the median of at least 5 runs of each
after one warm-up, counts the SQL statements of one ``run``, repeats the scenario at ``n // 10``
and fails loudly when the query count grows with ``n``.
"""

import gc
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Case:
    run: Callable[[], object]
    floor: Callable[[], object]


@dataclass
class Scenario:
    name: str
    note: str
    build: Callable[[int], Case]


SCENARIOS: list[Scenario] = []


def scenario(name: str, note: str):
    def register(build):
        SCENARIOS.append(Scenario(name, note, build))
        return build

    return register


def median_seconds(func, repeats: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(func) -> int:
    # The log is a bounded deque: once building a big village has filled it, its length stops
    # changing and CaptureQueriesContext would count 0. Start from an empty log.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(item: Scenario, n: int, repeats: int = 5) -> dict:
    small = item.build(max(1, n // 10))
    small_queries = count_queries(small.run)
    case = item.build(n)
    queries = count_queries(case.run)
    seconds = median_seconds(case.run, repeats)
    floor = median_seconds(case.floor, repeats)
    return {
        "name": item.name,
        "db": connection.vendor,
        "n": n,
        "seconds": round(seconds, 4),
        "floor_seconds": round(floor, 4),
        "ratio": round(seconds / floor, 2) if floor else None,
        "queries": queries,
        "queries_at_n_div_10": small_queries,
        "queries_grow": queries > small_queries,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "note": item.note,
    }
