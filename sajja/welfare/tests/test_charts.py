"""The server-drawn SVG charts: bars in proportion, labels escaped, nothing drawn for all zeros."""

import re

from sajja.welfare import charts


def widths(svg: str) -> list[int]:
    return [int(w) for w in re.findall(r'<rect x="0" y="\d+" width="(\d+)"', svg)]


def test_bars_are_in_proportion_and_negative_draws_no_bar():
    svg = str(charts.hbars([("a", 100), ("b", 50), ("c", -20)], fmt=lambda v: f"{v} บาท"))
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert widths(svg) == [290, 145, 0]
    assert "-20 บาท" in svg


def test_text_is_escaped():
    svg = str(charts.hbars([('<script>alert("x")</script>', 1)], title="a & b"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'aria-label="a &amp; b"' in svg


def test_nothing_to_draw_for_zeros():
    assert str(charts.hbars([("a", 0), ("b", 0)])) == ""
    assert str(charts.hbars([])) == ""


def test_columns_heights_in_proportion():
    svg = str(charts.columns([("2567", 100), ("2568", 200)]))
    heights = [int(h) for h in re.findall(r'height="(\d+)" rx', svg)]
    assert heights == [82, 164]
    assert ">2567<" in svg
    assert ">2568<" in svg
