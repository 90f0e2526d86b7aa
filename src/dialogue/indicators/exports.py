"""Indicator reports rendered for people: the one-page SVG summary, one SVG chart per indicator, CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Final

from dialogue.core.svg import line_chart, month_label, same
from dialogue.indicators.catalog import DAYS, SINGULAR, SPECS, WORKING_DAYS
from dialogue.indicators.rules import STATUS_LABELS
from dialogue.indicators.schemas import IndicatorDetail, IndicatorReport
from dialogue.indicators.svg import summary_page

CSV_HEADER: Final = (
    "code",
    "indicateur",
    "unité",
    "période",
    "valeur",
    "objectif",
    "statut",
    "période précédente",
    "évolution",
    "numérateur",
    "dénominateur",
)


def _short(day: date, lang: str) -> str:
    """Dates in lists and charts: 07/12/2026 (7 Dec 2026 in English), as on the pages."""
    return day.strftime("%d/%m/%Y") if lang != "en" else day.strftime("%d %b %Y")


def _number(value: float | None) -> str:
    """Decimal comma for French spreadsheets; empty when not measurable (never a fake zero)."""
    if value is None:
        return ""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def summary_svg(report: IndicatorReport, *, t: Callable[[str], str] = same, lang: str = "fr") -> str:
    subtitle = t("Du {start} au {end} — situation au {as_of}").format(
        start=_short(report.from_date, lang), end=_short(report.to_date, lang), as_of=_short(report.as_of, lang)
    )
    return summary_page(
        report.items,
        title=t("Indicateurs du dialogue social — {name}").format(name=report.name),
        subtitle=subtitle,
        t=t,
    )


def indicator_svg(item: IndicatorDetail, *, t: Callable[[str], str] = same, lang: str = "fr") -> str:
    """The monthly trend; a count's axis carries bare numbers (its label says what is counted), days keep theirs."""
    series = [(month_label(int(p.month[:4]), int(p.month[5:7]), lang), p.value) for p in item.series or []]
    max_value = 100.0 if item.unit in {"%", "/ 100"} else 5.0 if item.unit == "/ 5" else None
    counted = item.unit in SINGULAR and item.unit not in {DAYS, WORKING_DAYS}
    return line_chart(
        series,
        title=f"{t(item.label)} ({_short(item.from_date, lang)} – {_short(item.to_date, lang)})",
        unit="" if counted else t(item.unit),
        target=item.target,
        max_value=max_value,
        t=t,
    )


def report_csv(report: IndicatorReport) -> str:
    """One row per indicator for the whole period, then one per indicator and month; UTF-8 with BOM, `;`."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    period = f"{report.from_date.isoformat()}/{report.to_date.isoformat()}"
    for item in report.items:
        writer.writerow(
            [
                item.code,
                item.label,
                item.unit,
                period,
                _number(item.value),
                _number(item.target),
                STATUS_LABELS[item.status],
                _number(item.previous_value),
                _number(item.change),
                _number(item.numerator),
                _number(item.denominator),
            ]
        )
    for item in report.items:
        for point in item.series or []:
            status = SPECS[item.code].status(point.value) if point.value is not None else None
            writer.writerow(
                [
                    item.code,
                    item.label,
                    item.unit,
                    point.month,
                    _number(point.value),
                    _number(item.target),
                    STATUS_LABELS[status] if status else "",
                ]
            )
    return out.getvalue()
