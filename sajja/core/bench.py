"""The benchmark harness behind ``make bench`` (see ``shared/docs/bench.md``).

A scenario is registered with ``@scenario(name, note)`` in an app's ``bench.py``. It receives ``n``
and returns a ``Case`` of two callables, ``run`` (our operation) and ``floor`` (the least work that
could do the job, on the same database), and optionally ``extra``, a callable returning further
figures for the scenario's JSON object. The harness times the median of at least 5 runs of each
after one warm-up (the operation and its floor taking turns), counts the SQL statements of one
``run``, repeats the scenario at ``n // 10`` and fails loudly when the query count grows with ``n``.

How the queries may scale is declared by the scenario: ``queries="constant"`` (the default) means
the count at ``n`` must not exceed the count at ``n // 10``; ``queries="per_item"`` is for an
operation that legitimately works in batches or chunks (``bulk_create``, a streamed read), and
means queries per item (``queries / n``) must not grow. ``n=`` is the scenario's own default size.
"""

import gc
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

QUERY_SCALING = ("constant", "per_item")
DEFAULT_N = 5000


@dataclass
class Case:
    run: Callable[[], object]
    floor: Callable[[], object]
    extra: Callable[[], dict] | None = None  # further figures of the case, added to its JSON object


@dataclass
class Scenario:
    name: str
    note: str
    build: Callable[[int], Case]
    n: int = DEFAULT_N
    queries: str = "constant"


SCENARIOS: list[Scenario] = []


def scenario(name: str, note: str, *, n: int = DEFAULT_N, queries: str = "constant"):
    if queries not in QUERY_SCALING:
        raise ValueError(f"queries must be one of {QUERY_SCALING}, not {queries!r}")

    def register(build):
        SCENARIOS.append(Scenario(name, note, build, n, queries))
        return build

    return register


def median_seconds(func, repeats: int) -> float:
    return paired_median_seconds(func, repeats=repeats)[0]


def paired_median_seconds(*funcs, repeats: int) -> list[float]:
    """The median time of each of ``funcs`` over ``repeats`` rounds after one warm-up, the funcs taking
    turns within a round. Taking turns matters on a shared machine: a slow spell then slows the
    operation and its floor alike, instead of whichever happened to be running, so the ratio
    measures the code rather than the neighbours."""
    for func in funcs:
        func()  # warm-up
    times = [[] for _ in funcs]
    for _ in range(repeats):
        for func, taken in zip(funcs, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            func()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def count_queries(func) -> int:
    # The log is a bounded deque: once building a big village has filled it, its length stops
    # changing and CaptureQueriesContext would count 0. Start from an empty log.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Start the process's peak RSS afresh from its current RSS (Linux ``clear_refs``); False where
    that is not possible, and the peak is then the process's peak so far."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def queries_grow(scaling: str, queries: int, n: int, small_queries: int, small_n: int) -> bool:
    if scaling == "per_item":
        return queries * small_n > small_queries * n  # queries / n > small_queries / small_n
    return queries > small_queries


def measure(item: Scenario, n: int | None = None, repeats: int = 5) -> dict:
    n = n or item.n
    small_n = max(1, n // 10)
    small = item.build(small_n)
    small_queries = count_queries(small.run)
    case = item.build(n)
    reset_peak_rss()  # the peak of the operation and its floor, not of building the data
    queries = count_queries(case.run)
    seconds, floor = paired_median_seconds(case.run, case.floor, repeats=repeats)
    result = {
        "name": item.name,
        "db": connection.vendor,
        "n": n,
        "seconds": round(seconds, 4),
        "floor_seconds": round(floor, 4),
        "ratio": round(seconds / floor, 2) if floor else None,
        "queries": queries,
        "queries_at_n_div_10": small_queries,
        "queries_scale": item.queries,
        "queries_grow": queries_grow(item.queries, queries, n, small_queries, small_n),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "note": item.note,
    }
    if case.extra:
        result.update(case.extra())
        if small.extra:
            result.update({f"{key}_at_n_div_10": value for key, value in small.extra().items()})
    return result
