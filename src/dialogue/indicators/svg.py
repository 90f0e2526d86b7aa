"""The indicators' SVG: the health-score gauge and the summary page of cards, drawn with core/svg.py's parts."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from dialogue.core.svg import (
    MUTED,
    NOT_AVAILABLE,
    STATUS_COLOURS,
    STATUS_WORDS,
    TRACK,
    _chart_id,
    _n,
    _open_svg,
    _status_key,
    _status_mark,
    _text,
    _wrap,
    escape_xml,
    format_number,
    same,
)
from dialogue.indicators.rules import health_status


class IndicatorLike(Protocol):
    """What a summary card needs; the API's indicator schema and `IndicatorCard` both fit."""

    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def target(self) -> float | None: ...
    @property
    def status(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class IndicatorCard:
    """One indicator as shown on the summary page (the contract's `{code, label, value, unit, target, status}`)."""

    code: str
    label: str
    value: float | None
    unit: str = ""
    target: float | None = None
    status: str | None = None


def _number(value: float | None, unit: str, t: Callable[[str], str]) -> str:
    """A card's figure; « n.d. » in the page's language when nothing was measurable."""
    return t(NOT_AVAILABLE) if value is None else format_number(value, unit=unit)


def gauge(
    value: float | None,
    *,
    title: str,
    status: str | None = None,
    desc: str | None = None,
    t: Callable[[str], str] = same,
) -> str:
    """Half-circle gauge for the 0–100 health score, with the score and its status written in the middle.

    Without an explicit status, the health thresholds apply (ok from 75, attention from 50, alerte below).
    """
    if value is not None and not 0 <= value <= 100:
        raise ValueError("la jauge attend une valeur entre 0 et 100")
    key = _status_key(status) if status is not None else (health_status(value) if value is not None else None)
    word = t(STATUS_WORDS.get(key or "", NOT_AVAILABLE))
    colour = STATUS_COLOURS.get(key or "", MUTED)
    score_text = format_number(value, decimals=0) if value is not None else t(NOT_AVAILABLE)
    description = desc or (
        t("Score : {score} sur 100, statut : {status}.").format(score=score_text, status=word)
        if value is not None
        else t("Score non mesuré sur la période.")
    )
    width, height = 260.0, 180.0
    cx, cy, r = width / 2, 140.0, 90.0
    chart_id = _chart_id("gauge", value, title, status)
    parts = _open_svg(chart_id=chart_id, width=width, height=height, title=title, desc=description)
    parts.append(_text(cx, 22, title, size=14, anchor="middle", extra='font-weight="bold"'))
    parts.append(
        f'<path d="M{_n(cx - r)} {_n(cy)} A{_n(r)} {_n(r)} 0 0 1 {_n(cx + r)} {_n(cy)}" '
        f'fill="none" stroke="{TRACK}" stroke-width="18"/>'
    )
    if value is not None and value > 0:
        angle = math.pi * (1 - value / 100)
        ex, ey = cx + r * math.cos(angle), cy - r * math.sin(angle)
        parts.append(
            f'<path d="M{_n(cx - r)} {_n(cy)} A{_n(r)} {_n(r)} 0 0 1 {_n(ex)} {_n(ey)}" '
            f'fill="none" stroke="{colour}" stroke-width="18"/>'
        )
    parts.append(_text(cx, cy - 22, score_text, size=32, anchor="middle", extra='font-weight="bold"'))
    parts.append(_text(cx, cy - 4, t("sur 100"), size=11, anchor="middle", extra=f'fill="{MUTED}"'))
    parts.append(_status_mark(key, x=cx - 40, y=cy + 26))
    parts.append(_text(cx - 24, cy + 30, word, size=13, extra=f'fill="{colour}" font-weight="bold"'))
    parts.append(_text(cx - r, cy + 16, "0", size=10, anchor="middle", extra=f'fill="{MUTED}"'))
    parts.append(_text(cx + r, cy + 16, "100", size=10, anchor="middle", extra=f'fill="{MUTED}"'))
    parts.append("</svg>")
    return "\n".join(parts)


def summary_page(
    indicators: Sequence[IndicatorLike],
    *,
    title: str,
    subtitle: str | None = None,
    columns: int = 3,
    desc: str | None = None,
    t: Callable[[str], str] = same,
) -> str:
    """One SVG with a grid of cards: label, value and unit, target, status shape and word."""
    if columns < 1:
        raise ValueError("il faut au moins une colonne")
    card_w, card_h, gap, margin = 220.0, 120.0, 12.0, 16.0
    header = 64.0 if subtitle else 44.0
    rows = max(math.ceil(len(indicators) / columns), 1)
    width = margin * 2 + columns * card_w + (columns - 1) * gap
    height = header + rows * card_h + (rows - 1) * gap + margin
    sentences = []
    for item in indicators:
        unit = t(item.unit)
        target = f" ({t('objectif')} {format_number(item.target, unit=unit)})" if item.target is not None else ""
        word = t(STATUS_WORDS.get(_status_key(item.status) or "", NOT_AVAILABLE))
        sentences.append(f"{t(item.label)} : {_number(item.value, unit, t)}{target}, {word}")
    description = desc or (
        t("{count} indicateur(s).").format(count=len(indicators)) + " " + " ; ".join(sentences) + "."
        if indicators
        else t("Aucun indicateur.")
    )
    key = tuple((i.code, i.label, i.value, i.unit, i.target, i.status) for i in indicators)
    chart_id = _chart_id("summary", key, title, subtitle, columns)
    parts = _open_svg(chart_id=chart_id, width=width, height=height, title=title, desc=description)
    parts.append(_text(margin, 28, title, size=16, extra='font-weight="bold"'))
    if subtitle:
        parts.append(_text(margin, 50, subtitle, size=12, extra=f'fill="{MUTED}"'))
    if not indicators:
        parts.append(_text(width / 2, header + card_h / 2, t("Aucun indicateur"), anchor="middle"))
    for index, item in enumerate(indicators):
        row, col = divmod(index, columns)
        x = margin + col * (card_w + gap)
        y = header + row * (card_h + gap)
        status = _status_key(item.status)
        colour = STATUS_COLOURS.get(status or "", MUTED)
        word = t(STATUS_WORDS.get(status or "", NOT_AVAILABLE))
        unit = t(item.unit)
        parts.append(f'<g data-code="{escape_xml(item.code)}">')
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(card_w)}" height="{_n(card_h)}" rx="6" '
            f'fill="#ffffff" stroke="{colour}" stroke-width="1.5"/>'
        )
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="6" height="{_n(card_h)}" fill="{colour}"/>')
        for line_no, line in enumerate(_wrap(t(item.label), max_chars=26, max_lines=2)):
            parts.append(_text(x + 16, y + 20 + line_no * 15, line, size=11, extra='font-weight="bold"'))
        parts.append(_text(x + 16, y + 66, _number(item.value, unit, t), size=22, extra='font-weight="bold"'))
        if item.target is not None:
            parts.append(
                _text(
                    x + 16,
                    y + 84,
                    f"{t('Objectif :')} {format_number(item.target, unit=unit)}",
                    size=11,
                    extra=f'fill="{MUTED}"',
                )
            )
        parts.append(_status_mark(status, x=x + 16, y=y + 104))
        parts.append(_text(x + 32, y + 108, word, size=12, extra=f'fill="{colour}" font-weight="bold"'))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
