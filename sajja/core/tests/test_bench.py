"""The benchmark harness (``make bench``) on tiny sizes: it runs, writes the fields bench.md promises,
and the scenarios' query counts do not grow with n. Speed is not asserted here (bench.md)."""

import json

import pytest

import sajja.ledger.bench
import sajja.meetings.bench
import sajja.members.bench  # noqa: F401 - registers the members scenarios
from sajja.core import bench

FIELDS = {"name", "db", "n", "seconds", "floor_seconds", "ratio", "queries", "peak_rss_mb", "note"}


def scenario(name: str) -> bench.Scenario:
    return next(item for item in bench.SCENARIOS if item.name == name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["ledger.post", "members.list_page"])
def test_a_scenario_measured_at_n_20_gives_the_bench_fields_and_queries_do_not_grow(name):
    result = json.loads(json.dumps(bench.measure(scenario(name), 20, repeats=1), ensure_ascii=False))
    assert FIELDS <= result.keys()
    assert result["name"] == name
    assert result["n"] == 20
    assert result["seconds"] > 0
    assert result["floor_seconds"] > 0
    assert result["ratio"] > 0
    assert result["peak_rss_mb"] > 0
    assert result["queries"] > 0
    assert result["queries_grow"] is False
    if result["queries_scale"] == "constant":
        assert result["queries"] <= result["queries_at_n_div_10"]
    else:
        assert result["queries"] / 20 <= result["queries_at_n_div_10"] / 2


def test_each_scenario_has_its_own_default_n_and_query_scaling():
    assert (scenario("ledger.post").n, scenario("ledger.post").queries) == (20_000, "constant")
    assert (scenario("meeting.post").n, scenario("meeting.post").queries) == (1_000, "constant")
    assert (scenario("ledger.trial_balance").n, scenario("ledger.trial_balance").queries) == (1_000_000, "constant")
    assert (scenario("ledger.verify").n, scenario("ledger.verify").queries) == (100_000, "per_item")
    assert {scenario(name).n for name in ("members.list_page", "members.search", "members.export_xlsx")} == {5000}


@pytest.mark.parametrize(
    ("scaling", "queries", "small_queries", "grows"),
    [
        ("constant", 9, 9, False),
        ("constant", 10, 9, True),
        ("per_item", 46, 10, False),  # 20,000 items in batches of 2,000, against 2,000 items
        ("per_item", 101, 10, True),  # more than ten times the queries for ten times the items
    ],
)
def test_queries_grow_is_judged_by_the_declared_scaling(scaling, queries, small_queries, grows):
    assert bench.queries_grow(scaling, queries, 20_000, small_queries, 2_000) is grows


def test_an_unknown_scaling_is_refused():
    with pytest.raises(ValueError, match="queries must be one of"):
        bench.scenario("x", "y", queries="linear")


def test_the_ledger_lines_plan_has_exactly_n_balanced_lines():
    for n in (2, 3, 5, 20, 41, 20_003):
        chunks = list(sajja.ledger.bench.entries_of_lines(n, seed=11, chunk=7))
        entries = [entry for chunk in chunks for entry in chunk]
        assert sum(len(entry[3]) for entry in entries) == n
        for _date, _memo, _source, lines in entries:
            assert 2 <= len(lines) <= 4
            assert sum(debit for _a, debit, _c, _m in lines) == sum(credit for _a, _d, credit, _m in lines)
