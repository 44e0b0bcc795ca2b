"""Charts drawn on the server as SVG (no JavaScript: the same markup goes into the page and the PDF,
which WeasyPrint renders with the Sarabun font). Two kinds: horizontal bars (labels of any length,
readable at 360 px wide) and columns (a few years side by side). Values are integers (satang or
counts); ``fmt`` turns a value into its label. Text is escaped."""

from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#6c757d", "#dc3545")
FONT = 'font-family="Sarabun, sans-serif"'


def hbars(items: Sequence[tuple[str, int]], *, fmt: Callable[[int], str] = str, title: str = "") -> SafeString:
    """One horizontal bar a row: the label above its bar, the value at the bar's end. Negative values
    draw no bar (their figure is still shown)."""
    width, row, top = 400, 44, 8
    height = top + row * max(len(items), 1) + 4
    peak = max([v for _l, v in items if v > 0], default=0)
    if not peak:
        return mark_safe("")  # nothing to draw: the table beside it says the zeros
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" class="sajja-chart" {FONT} font-size="15">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for index, (label, value) in enumerate(items):
        y = top + index * row
        bar = round((width - 110) * value / peak) if peak and value > 0 else 0
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<text x="0" y="{y + 13}" fill="#212529">{escape(str(label))}</text>')
        parts.append(f'<rect x="0" y="{y + 18}" width="{bar}" height="16" rx="2" fill="{colour}"/>')
        parts.append(f'<text x="{bar + 6}" y="{y + 31}" fill="#212529">{escape(fmt(value))}</text>')
    if not items:
        parts.append(f'<text x="0" y="{top + 20}" fill="#6c757d">–</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and numbers


def columns(items: Sequence[tuple[str, int]], *, fmt: Callable[[int], str] = str, title: str = "") -> SafeString:
    """Vertical columns side by side (a few years), the value above each and the label below."""
    width, height, base, top = 400, 220, 190, 26
    count = max(len(items), 1)
    slot = width / count
    bar_width = min(56, slot * 0.6)
    peak = max([v for _l, v in items if v > 0], default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" class="sajja-chart" {FONT} font-size="14">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#adb5bd"/>')
    for index, (label, value) in enumerate(items):
        x = slot * index + (slot - bar_width) / 2
        bar = round((base - top) * value / peak) if peak and value > 0 else 0
        centre = x + bar_width / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{base - bar}" width="{bar_width:.1f}" height="{bar}" rx="2" fill="{COLOURS[0]}"/>'
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{base - bar - 6}" text-anchor="middle" font-size="11" fill="#212529">'
            f"{escape(fmt(value))}</text>"
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{base + 20}" text-anchor="middle" fill="#212529">{escape(str(label))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and numbers
