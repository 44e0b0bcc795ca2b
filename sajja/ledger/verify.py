"""Recompute a group's hash chain from its posted entries and say where it first breaks."""

from dataclasses import dataclass

from . import domain, selectors
from .models import LedgerHead, LedgerVerification


@dataclass(frozen=True)
class Result:
    group_id: int
    entries: int
    ok: bool
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""


def verify_group(group_id: int, *, record: bool = True) -> Result:
    """Walk the chain in order: each entry's ``prev_hash`` must be the hash before it, its stored
    hash must equal the recomputed one, and the head must point at the last entry."""
    prev, count = domain.GENESIS_HASH, 0
    result = None
    for entry, lines in selectors.chain(group_id):
        count += 1
        expected_seq = count
        recomputed = domain.entry_hash(
            prev_hash=prev,
            seq=entry.seq,
            date=entry.date.isoformat(),
            memo=entry.memo,
            source=entry.source,
            reverses_seq=entry.reverses.seq if entry.reverses_id else None,
            reason=entry.reason,
            lines=lines,
        )
        if entry.seq != expected_seq:
            result = Result(group_id, count, False, prev, entry.seq, "missing entry before this one")
        elif entry.prev_hash != prev:
            result = Result(group_id, count, False, prev, entry.seq, "previous hash does not match")
        elif recomputed != entry.hash:
            result = Result(group_id, count, False, prev, entry.seq, "content changed after posting")
        if result:
            break
        prev = entry.hash
    if result is None:
        head = LedgerHead.objects.filter(group_id=group_id).first()
        if head and (head.seq, head.hash) != (count, prev):
            problem = "entries missing at the end" if head.seq > count else "the head does not match the last entry"
            result = Result(group_id, count, False, prev, min(head.seq, count) + 1, problem)
        else:
            result = Result(group_id, count, True, prev)
    if record:
        LedgerVerification.objects.create(
            group_id=group_id,
            entries=result.entries,
            ok=result.ok,
            head_hash=result.head_hash,
            first_bad_seq=result.first_bad_seq,
        )
    return result
