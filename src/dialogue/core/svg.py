"""Server-side SVG charts: no JavaScript, accessible, deterministic (line and bar charts, their parts).

Every chart is `role="img"` with a French `<title>` and `<desc>` listing the values, so a screen reader
gets the data and not just "image". Values are printed as text next to marks and statuses are a word
plus a shape, never colour alone (RGAA 3.2). Colours reach 4.5:1 contrast on white for text.
The same input always gives the same bytes (ids come from a hash of the input), so charts can be cached.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

NBSP: Final = "\u00a0"
"""No-break space, between a number and its unit ("87,5 %")."""
THIN_NBSP: Final = "\u202f"
"""Narrow no-break space, the French thousands separator ("12 345")."""
NOT_AVAILABLE: Final = "n.d."

TEXT: Final = "#1a1a1a"
MUTED: Final = "#4d4d4d"
GRID: Final = "#d0d0d0"
SERIES: Final = "#1f4e9c"
TRACK: Final = "#e3e3e3"
STATUS_COLOURS: Final = {"ok": "#1b7a3a", "warning": "#8a5a00", "alert": "#b3261e"}
"""Dark enough to carry text on white (≥ 5:1); the status word always accompanies the colour."""
STATUS_WORDS: Final = {"ok": "conforme", "warning": "attention", "alert": "alerte", "unknown": NOT_AVAILABLE}
"""The one French word of each indicator status; "unknown" (nothing measurable) reads « n.d. », never a rating."""
FONT: Final = "DejaVu Sans, Verdana, Arial, sans-serif"

_MONTHS: Final = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
_HALO: Final = 'stroke="#ffffff" stroke-width="3" paint-order="stroke"'
"""White outline so a value stays readable where it crosses the line or the target."""
_MONTHS_EN: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# ---------------------------------------------------------------- formatting


def format_number(value: float | None, *, unit: str = "", decimals: int = 1) -> str:
    """French formatting: decimal comma, narrow no-break space for thousands, no-break space before the unit.

    Rounds half up and drops a zero fraction: 87.54 → "87,5", 90.0 → "90", None → "n.d.".
    """
    if value is None or math.isnan(value) or math.isinf(value):
        return NOT_AVAILABLE
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", THIN_NBSP).replace(".", ",")
    return f"{text}{NBSP}{unit}" if unit else text


def month_label(year: int, month: int, lang: str = "fr") -> str:
    """Short month label, e.g. (2024, 2) → "févr. 2024" ("Feb 2024" in English)."""
    return f"{(_MONTHS_EN if lang == 'en' else _MONTHS)[month - 1]} {year}"


def same(text: str) -> str:
    """The translator of French charts (the default): every text as written."""
    return text


def escape_xml(text: str) -> str:
    """Escape text for XML content and attributes, dropping characters XML 1.0 forbids."""
    text = _INVALID_XML.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _n(x: float) -> str:
    """Coordinate with at most 2 decimals, stable across platforms."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _chart_id(kind: str, *parts: object) -> str:
    digest = hashlib.sha256(repr((kind, *parts)).encode("utf-8")).hexdigest()[:12]
    return f"{kind}-{digest}"


def _open_svg(*, chart_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">',
        f'<title id="{chart_id}-title">{escape_xml(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape_xml(desc)}</desc>',
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
    ]


def _text(x: float, y: float, content: str, *, size: float = 12, anchor: str = "start", extra: str = "") -> str:
    attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if extra:
        attrs += f" {extra}"
    return f"<text {attrs}>{escape_xml(content)}</text>"


def _line(x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    coords = f'x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"'
    return f'<line {coords} stroke="{stroke}" stroke-width="{_n(width)}"{dash}/>'


def _nice_ceiling(value: float) -> float:
    """Smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (axis maximum)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10**exponent
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exponent + 1))  # pragma: no cover - the loop always returns


def _axis_max(values: Sequence[float], *, target: float | None, unit: str, max_value: float | None) -> float:
    if max_value is not None:
        if max_value <= 0:
            raise ValueError("le maximum de l'axe doit être positif")
        return max_value
    highest = max([*values, target if target is not None else 0.0, 0.0])
    if unit == "%" and highest <= 100:
        return 100.0
    return _nice_ceiling(highest)


def _check_values(values: Sequence[float | None]) -> list[float]:
    present = [v for v in values if v is not None]
    for v in present:
        if math.isnan(v) or math.isinf(v) or v < 0:
            raise ValueError("les graphiques n'acceptent que des valeurs finies positives ou nulles")
    return present


def _values_sentence(
    series: Sequence[tuple[str, float | None]], unit: str, t: Callable[[str], str] | None = None
) -> str:
    def shown(value: float | None) -> str:
        return t(NOT_AVAILABLE) if value is None and t is not None else format_number(value, unit=unit)

    return " ; ".join(f"{label} : {shown(value)}" for label, value in series)


def _wrap(text: str, *, max_chars: int, max_lines: int) -> list[str]:
    """Greedy word wrap; the last line is cut with "…" when the text is longer."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    lines = [line if len(line) <= max_chars else line[: max_chars - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        kept[-1] = (last[: max_chars - 1] if len(last) >= max_chars else last) + "…"
        return kept
    return lines or [""]


def _status_key(status: str | None) -> str | None:
    return status if status in STATUS_COLOURS else None


def _status_mark(status: str | None, *, x: float, y: float, size: float = 10) -> str:
    """A shape per status (circle ok, triangle attention, square alerte) so colour is never the only cue."""
    key = _status_key(status)
    colour = STATUS_COLOURS.get(key or "", MUTED)
    half = size / 2
    if key == "ok":
        return f'<circle cx="{_n(x + half)}" cy="{_n(y)}" r="{_n(half)}" fill="{colour}"/>'
    if key == "warning":
        points = f"{_n(x)},{_n(y + half)} {_n(x + size)},{_n(y + half)} {_n(x + half)},{_n(y - half)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if key == "alert":
        return f'<rect x="{_n(x)}" y="{_n(y - half)}" width="{_n(size)}" height="{_n(size)}" fill="{colour}"/>'
    return (
        f'<circle cx="{_n(x + half)}" cy="{_n(y)}" r="{_n(half - 1)}" fill="none" stroke="{colour}" stroke-width="2"/>'
    )


# ---------------------------------------------------------------- charts


def line_chart(
    series: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "",
    target: float | None = None,
    max_value: float | None = None,
    desc: str | None = None,
    width: float = 640,
    height: float = 280,
    t: Callable[[str], str] = same,
) -> str:
    """Monthly trend: one point per label, each value written above its point, target as a dashed line.

    A None value is a gap in the line and "n.d." on the chart (no data is not a zero).
    """
    values = [value for _, value in series]
    present = _check_values(values)
    top_value = _axis_max(present, target=target, unit=unit, max_value=max_value)
    target_text = f" {t('Objectif :')} {format_number(target, unit=unit)}." if target is not None else ""
    description = desc or (
        t("Évolution sur {count} période(s).").format(count=len(series))
        + f"{target_text} {t('Valeurs :')} {_values_sentence(series, unit, t)}."
        if series
        else t("Aucune donnée sur la période.")
    )
    chart_id = _chart_id("line", tuple(series), title, unit, target, max_value, width, height)
    parts = _open_svg(chart_id=chart_id, width=width, height=height, title=title, desc=description)
    left, right, top, bottom = 64.0, 88.0, 40.0, 56.0
    plot_w, plot_h = width - left - right, height - top - bottom
    parts.append(_text(left, 22, title, size=14, extra='font-weight="bold"'))

    def y_of(v: float) -> float:
        return top + plot_h - (min(v, top_value) / top_value) * plot_h

    for i in range(5):
        tick = top_value * i / 4
        y = y_of(tick)
        parts.append(_line(left, y, left + plot_w, y, stroke=GRID))
        parts.append(
            _text(left - 6, y + 4, format_number(tick, unit=unit), size=10, anchor="end", extra=f'fill="{MUTED}"')
        )
    if not series:
        parts.append(_text(left + plot_w / 2, top + plot_h / 2, t("Aucune donnée sur la période"), anchor="middle"))
        parts.append("</svg>")
        return "\n".join(parts)

    step = plot_w / len(series)
    xs = [left + (i + 0.5) * step for i in range(len(series))]
    if target is not None:
        ty = y_of(target)
        parts.append(_line(left, ty, left + plot_w, ty, stroke=MUTED, width=1.5, dashed=True))
        parts.append(_text(left + plot_w + 6, ty - 2, t("Objectif"), size=10))
        parts.append(_text(left + plot_w + 6, ty + 11, format_number(target, unit=unit), size=10))
    path: list[str] = []
    pen_down = False
    for x, value in zip(xs, values, strict=True):
        if value is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y_of(value))}")
        pen_down = True
    if path:
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{SERIES}" stroke-width="2.5"/>')
    value_size = 10 if len(series) <= 13 else 8
    rotate = len(series) > 8
    base_y = top + plot_h
    for x, (label, value) in zip(xs, series, strict=True):
        if value is None:
            missing = t(NOT_AVAILABLE)
            parts.append(_text(x, base_y - 6, missing, size=value_size, anchor="middle", extra=f'fill="{MUTED}"'))
        else:
            y = y_of(value)
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{SERIES}"/>')
            parts.append(
                _text(x, y - 8, format_number(value, unit=unit), size=value_size, anchor="middle", extra=_HALO)
            )
        if rotate:
            parts.append(
                _text(
                    x,
                    base_y + 14,
                    label,
                    size=10,
                    anchor="end",
                    extra=f'transform="rotate(-40 {_n(x)} {_n(base_y + 14)})"',
                )
            )
        else:
            parts.append(_text(x, base_y + 18, label, size=10, anchor="middle"))
    parts.append(_line(left, base_y, left + plot_w, base_y, stroke=MUTED))
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(
    bars: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "",
    target: float | None = None,
    max_value: float | None = None,
    desc: str | None = None,
    width: float = 640,
) -> str:
    """Horizontal bars (long French labels stay readable), value written at the end of each bar.

    `max_value` fixes the axis (5 for a Likert mean, 100 for a percentage); the height follows the bar count.
    """
    values = [value for _, value in bars]
    present = _check_values(values)
    top_value = _axis_max(present, target=target, unit=unit, max_value=max_value)
    target_text = f" Objectif : {format_number(target, unit=unit)}." if target is not None else ""
    description = desc or (
        f"{len(bars)} barre(s).{target_text} Valeurs : {_values_sentence(bars, unit)}." if bars else "Aucune donnée."
    )
    row_h, top, bottom = 34.0, 44.0, 16.0
    label_w, value_w = 236.0, 72.0
    height = top + max(len(bars), 1) * row_h + bottom
    chart_id = _chart_id("bar", tuple(bars), title, unit, target, max_value, width)
    parts = _open_svg(chart_id=chart_id, width=width, height=height, title=title, desc=description)
    parts.append(_text(16, 22, title, size=14, extra='font-weight="bold"'))
    plot_x, plot_w = label_w, width - label_w - value_w
    if not bars:
        parts.append(_text(width / 2, top + row_h / 2, "Aucune donnée", anchor="middle"))
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        lines = _wrap(label, max_chars=32, max_lines=2)
        first_y = y + row_h / 2 + 4 - (len(lines) - 1) * 6.5
        for line_no, line in enumerate(lines):
            parts.append(_text(label_w - 8, first_y + line_no * 13, line, size=11, anchor="end"))
        parts.append(
            f'<rect x="{_n(plot_x)}" y="{_n(y + 5)}" width="{_n(plot_w)}" height="{_n(row_h - 10)}" fill="{TRACK}"/>'
        )
        if value is None:
            parts.append(_text(plot_x + 6, y + row_h / 2 + 4, NOT_AVAILABLE, size=11, extra=f'fill="{MUTED}"'))
            continue
        bar_w = min(value, top_value) / top_value * plot_w
        parts.append(
            f'<rect x="{_n(plot_x)}" y="{_n(y + 5)}" width="{_n(bar_w)}" height="{_n(row_h - 10)}" fill="{SERIES}"/>'
        )
        parts.append(_text(plot_x + plot_w + 6, y + row_h / 2 + 4, format_number(value, unit=unit), size=11))
    if target is not None:
        tx = plot_x + min(target, top_value) / top_value * plot_w
        bottom_y = top + max(len(bars), 1) * row_h
        parts.append(_line(tx, top - 4, tx, bottom_y, stroke=TEXT, width=1.5, dashed=True))
        parts.append(_text(tx, top - 8, f"Objectif : {format_number(target, unit=unit)}", size=10, anchor="middle"))
    parts.append("</svg>")
    return "\n".join(parts)
