"""Pure rules of the members' voice (no Django): the standard evaluation questionnaire and how its
results are summarised."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The codes of the standard evaluation questions, in questionnaire order (labels in
# ``questions.py``); answers are stored under these codes, so they never change.
QUESTION_CODES = ("honesty", "informs", "participation", "fair_loans", "listens", "books", "livelihood")
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class QuestionSummary:
    code: str
    count: int
    total: int
    distribution: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5

    @property
    def average(self) -> Decimal | None:
        """The mean score to two decimals (half up), or None with no answers."""
        if not self.count:
            return None
        return (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summarise(counts: dict[tuple[str, int], int]) -> list[QuestionSummary]:
    """``counts[(question, score)]`` → one summary per standard question, in questionnaire order."""
    out = []
    for code in QUESTION_CODES:
        distribution = tuple(counts.get((code, s), 0) for s in SCORES)
        out.append(
            QuestionSummary(
                code=code,
                count=sum(distribution),
                total=sum(s * n for s, n in zip(SCORES, distribution, strict=True)),
                distribution=distribution,
            )
        )
    return out


def percent(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` in percent to one decimal (half up); 0 when nothing is counted."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
