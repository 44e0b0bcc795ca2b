"""Pure rules of the books: no Django, no database. Amounts are integer satang."""

import hashlib
import json
from dataclasses import dataclass

GENESIS_HASH = "0" * 64
DEBIT_NORMAL = {"asset", "expense"}  # balances read as debit - credit; the others credit - debit


@dataclass(frozen=True)
class Line:
    """One line as posted: the account's code, and a positive debit or a positive credit."""

    account_code: str
    debit: int = 0
    credit: int = 0
    memo: str = ""
    member_id: int | None = None  # the member whose money the line moves, on member accounts


def line_problem(debit, credit) -> str | None:
    """``float``, ``negative``, ``zero`` or ``both_sides`` for a bad line, else None."""
    for amount in (debit, credit):
        if isinstance(amount, float) or isinstance(amount, bool) or not isinstance(amount, int):
            return "float"
        if amount < 0:
            return "negative"
    if debit == 0 and credit == 0:
        return "zero"
    if debit and credit:
        return "both_sides"
    return None


def entry_problem(lines: list[tuple[int, int]]) -> str | None:
    """``too_few_lines``, a line problem, or ``unbalanced`` for an entry's (debit, credit) lines."""
    if len(lines) < 2:
        return "too_few_lines"
    for debit, credit in lines:
        if problem := line_problem(debit, credit):
            return problem
    if sum(d for d, _c in lines) != sum(c for _d, c in lines):
        return "unbalanced"
    return None


def reversal_lines(lines: list[Line]) -> list[Line]:
    """The lines that undo ``lines``: each debit becomes a credit of the same amount and back."""
    return [
        Line(line.account_code, debit=line.credit, credit=line.debit, memo=line.memo, member_id=line.member_id)
        for line in lines
    ]


# The canonical JSON of what is hashed (one encoder: ``json.dumps`` with these options builds a new
# one at every call, and a meeting's batch hashes thousands of entries).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    *,
    prev_hash: str,
    seq: int,
    date: str,
    memo: str,
    source: str,
    reverses_seq: int | None,
    reason: str,
    lines: list[Line],
) -> str:
    """SHA-256 over the previous hash and the entry's whole content, in a canonical JSON form.

    Lines are hashed in their posted order (the order is part of what was written). Anyone can
    recompute it from the printed books: that is what makes a quiet edit visible."""
    content = {
        "prev": prev_hash,
        "seq": seq,
        "date": date,
        "memo": memo,
        "source": source,
        "reverses": reverses_seq,
        "reason": reason,
        # A line's member is hashed only where there is one, so untagged lines hash as they always did.
        "lines": [
            [line.account_code, line.debit, line.credit, line.memo]
            + ([line.member_id] if line.member_id is not None else [])
            for line in lines
        ],
    }
    return hashlib.sha256(_CANONICAL.encode(content).encode("utf-8")).hexdigest()


def signed_balance(kind: str, debit_total: int, credit_total: int) -> int:
    """An account's balance on its normal side (assets and expenses debit, the rest credit)."""
    return debit_total - credit_total if kind in DEBIT_NORMAL else credit_total - debit_total
