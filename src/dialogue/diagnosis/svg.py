"""A small SVG of the diagnosis: each dimension's appreciation per college, side by side (bars on 5)."""

from __future__ import annotations

from html import escape

from dialogue.diagnosis import rules
from dialogue.diagnosis.schemas import DimensionResult

#: One colour and one pattern per college, so that the chart reads without colour too (labels carry the value).
COLOURS = {"gouvernance": "#6a3d9a", "direction": "#1f5f8b", "elus": "#b35806"}


def dimensions_svg(dimensions: list[DimensionResult]) -> str:
    """Grouped horizontal bars: for each dimension, one bar per college with its mean written after it."""
    row_h, bar_h, left, width = 22, 16, 250, 220
    height = 30 + len(dimensions) * (len(rules.COLLEGES) * row_h + 18)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 170} {height}" role="img" '
        'aria-labelledby="diag-svg-title"><title id="diag-svg-title">Appréciation de chaque dimension par collège, '
        "sur 5</title>",
    ]
    y = 20
    for dim in dimensions:
        parts.append(f'<text x="0" y="{y}" font-size="13" font-weight="bold">{escape(dim.label)}</text>')
        y += 8
        for college in dim.colleges:
            label = escape(college.label)
            parts.append(f'<text x="12" y="{y + bar_h - 3}" font-size="12">{label}</text>')
            parts.append(f'<rect x="{left}" y="{y}" width="{width}" height="{bar_h}" fill="#f0f0f0" stroke="#767676"/>')
            if college.mean is not None:
                w = round(width * college.mean / 5, 1)
                parts.append(
                    f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="{COLOURS[college.college.value]}"/>'
                )
            parts.append(
                f'<text x="{left + width + 8}" y="{y + bar_h - 3}" font-size="12">{escape(college.shown)}</text>'
            )
            y += row_h
        y += 10
    parts.append("</svg>")
    return "".join(parts)
