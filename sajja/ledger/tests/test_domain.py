"""The pure rules of the books (``sajja.ledger.domain``): no database."""

import hashlib
import json

import pytest

from sajja.ledger import domain
from sajja.ledger.domain import Line

# --- line_problem ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("debit", "credit", "expected"),
    [
        (100, 0, None),
        (0, 1, None),
        (10**15, 0, None),
        (100.0, 0, "float"),
        (0, 0.5, "float"),
        (True, 0, "float"),
        (0, True, "float"),
        (False, 0, "float"),
        ("100", 0, "float"),
        (None, 100, "float"),
        (-1, 0, "negative"),
        (0, -100, "negative"),
        (-5, 5, "negative"),
        (0, 0, "zero"),
        (100, 100, "both_sides"),
        (1, 2, "both_sides"),
    ],
)
def test_line_problem(debit, credit, expected):
    assert domain.line_problem(debit, credit) == expected


def test_a_float_is_refused_even_when_it_is_also_negative():
    # The type is checked first: a negative float is a float, not "negative".
    assert domain.line_problem(-1.5, 0) == "float"


# --- entry_problem -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([(2000, 0), (0, 2000)], None),
        ([(131500, 0), (0, 100000), (0, 30000), (0, 1500)], None),
        ([], "too_few_lines"),
        ([(0, 0)], "too_few_lines"),
        ([(100, 0)], "too_few_lines"),
        ([(100.0, 0), (0, 100)], "float"),
        ([(100, 0), (0, True)], "float"),
        ([(100, 0), (0, -100), (0, 200)], "negative"),
        ([(100, 0), (0, 0), (0, 100)], "zero"),
        ([(100, 100), (0, 0)], "both_sides"),
        ([(100, 0), (0, 99)], "unbalanced"),
        ([(100, 0), (0, 60), (0, 41)], "unbalanced"),
        ([(1, 0), (1, 0)], "unbalanced"),
    ],
)
def test_entry_problem(lines, expected):
    assert domain.entry_problem(lines) == expected


def test_entry_problem_reports_a_line_problem_before_the_balance():
    # Unbalanced as well as negative: the line problem is what is reported.
    assert domain.entry_problem([(100, 0), (0, -5)]) == "negative"


# --- reversal_lines ----------------------------------------------------------------------------------


def test_reversal_lines_swap_each_side_and_keep_order_account_and_memo():
    lines = [
        Line("1101", debit=131500, memo="รับชำระ"),
        Line("1201", credit=100000, memo="เงินต้น"),
        Line("4102", credit=30000),
        Line("4103", credit=1500),
    ]
    assert domain.reversal_lines(lines) == [
        Line("1101", debit=0, credit=131500, memo="รับชำระ"),
        Line("1201", debit=100000, credit=0, memo="เงินต้น"),
        Line("4102", debit=30000, credit=0),
        Line("4103", debit=1500, credit=0),
    ]


def test_reversing_twice_gives_back_the_original_lines():
    lines = [Line("1101", debit=2000), Line("4101", credit=2000)]
    assert domain.reversal_lines(domain.reversal_lines(lines)) == lines


def test_reversal_lines_net_to_zero_with_the_original_per_account():
    lines = [Line("1101", debit=25050), Line("2102", credit=25050)]
    net: dict[str, int] = {}
    for line in lines + domain.reversal_lines(lines):
        net[line.account_code] = net.get(line.account_code, 0) + line.debit - line.credit
    assert net == {"1101": 0, "2102": 0}


def test_reversal_lines_of_nothing_is_nothing():
    assert domain.reversal_lines([]) == []


# --- entry_hash --------------------------------------------------------------------------------------

BASE = {
    "prev_hash": domain.GENESIS_HASH,
    "seq": 3,
    "date": "2026-01-05",
    "memo": "ค่าธรรมเนียมแรกเข้า",
    "source": "ใบเสร็จ 12",
    "reverses_seq": None,
    "reason": "",
    "lines": [Line("1101", debit=2000, memo="a"), Line("4101", credit=2000, memo="b")],
}


def test_entry_hash_is_stable_for_the_same_input():
    first = domain.entry_hash(**BASE)
    again = domain.entry_hash(
        **{**BASE, "lines": [Line(x.account_code, x.debit, x.credit, x.memo) for x in BASE["lines"]]}
    )
    assert first == again
    assert len(first) == 64
    assert int(first, 16) >= 0  # hexadecimal


def test_entry_hash_is_the_documented_canonical_sha256():
    """Anyone can recompute it from the printed books: SHA-256 of sorted-key compact JSON."""
    content = {
        "prev": BASE["prev_hash"],
        "seq": 3,
        "date": "2026-01-05",
        "memo": BASE["memo"],
        "source": BASE["source"],
        "reverses": None,
        "reason": "",
        "lines": [["1101", 2000, 0, "a"], ["4101", 0, 2000, "b"]],
    }
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert domain.entry_hash(**BASE) == hashlib.sha256(blob).hexdigest()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("prev_hash", "1" + "0" * 63),
        ("seq", 4),
        ("date", "2026-01-06"),
        ("memo", "ค่าธรรมเนียมแรกเข้า "),
        ("source", "ใบเสร็จ 13"),
        ("source", ""),
        ("reverses_seq", 2),
        ("reason", "บันทึกผิด"),
    ],
)
def test_entry_hash_changes_when_any_field_changes(field, value):
    assert domain.entry_hash(**{**BASE, field: value}) != domain.entry_hash(**BASE)


@pytest.mark.parametrize(
    "lines",
    [
        [Line("1102", debit=2000, memo="a"), Line("4101", credit=2000, memo="b")],  # account
        [Line("1101", debit=2001, memo="a"), Line("4101", credit=2001, memo="b")],  # amounts
        [Line("1101", credit=2000, memo="a"), Line("4101", debit=2000, memo="b")],  # sides
        [Line("1101", debit=2000, memo="A"), Line("4101", credit=2000, memo="b")],  # line memo
        [Line("1101", debit=2000, memo="a"), Line("4101", credit=2000, memo="")],  # line memo removed
        [Line("4101", credit=2000, memo="b"), Line("1101", debit=2000, memo="a")],  # order
        [Line("1101", debit=2000, memo="a"), Line("4101", credit=1000, memo="b"), Line("4101", credit=1000, memo="b")],
        [Line("1101", debit=2000, memo="a")],  # a line dropped
    ],
)
def test_entry_hash_changes_when_any_line_changes(lines):
    assert domain.entry_hash(**{**BASE, "lines": lines}) != domain.entry_hash(**BASE)


def test_entry_hash_distinguishes_no_reversal_from_reversal_of_entry_zero():
    assert domain.entry_hash(**{**BASE, "reverses_seq": 0}) != domain.entry_hash(**BASE)


def test_entry_hash_chains_the_previous_hash():
    first = domain.entry_hash(**BASE)
    second = domain.entry_hash(**{**BASE, "prev_hash": first, "seq": 4})
    other_first = domain.entry_hash(**{**BASE, "memo": "อื่น"})
    assert domain.entry_hash(**{**BASE, "prev_hash": other_first, "seq": 4}) != second


# --- signed_balance ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("asset", 700),
        ("expense", 700),
        ("liability", -700),
        ("equity", -700),
        ("income", -700),
    ],
)
def test_signed_balance_by_kind(kind, expected):
    assert domain.signed_balance(kind, 1000, 300) == expected


@pytest.mark.parametrize("kind", ["asset", "liability", "equity", "income", "expense"])
def test_signed_balance_is_zero_when_sides_agree(kind):
    assert domain.signed_balance(kind, 131500, 131500) == 0


def test_signed_balance_on_the_normal_side_is_positive():
    assert domain.signed_balance("asset", 1_000_000, 0) == 1_000_000
    assert domain.signed_balance("liability", 0, 10_000) == 10_000
    assert domain.signed_balance("income", 0, 30_000) == 30_000
    assert domain.signed_balance("expense", 1_500, 0) == 1_500


def test_debit_normal_kinds_are_assets_and_expenses():
    assert domain.DEBIT_NORMAL == {"asset", "expense"}
    assert domain.GENESIS_HASH == "0" * 64
