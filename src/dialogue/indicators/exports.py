"""Indicator reports rendered for people: the one-page SVG summary, one SVG chart per indicator, CSV."""

from __future__ import annotations

import csv
import io
from typing import Final

from dialogue.core.svg import line_chart, month_label
from dialogue.indicators.catalog import SPECS
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
_STATUS_WORDS: Final = {"ok": "ok", "warning": "attention", "alert": "alerte"}


def _fr_date(value: object) -> str:
    text = str(value)
    return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"


def _number(value: float | None) -> str:
    """Decimal comma for French spreadsheets; empty when not measurable (never a fake zero)."""
    if value is None:
        return ""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def summary_svg(report: IndicatorReport) -> str:
    subtitle = f"Du {_fr_date(report.from_date)} au {_fr_date(report.to_date)} — situation au {_fr_date(report.as_of)}"
    return summary_page(report.items, title=f"Indicateurs du dialogue social — {report.name}", subtitle=subtitle)


def indicator_svg(item: IndicatorDetail) -> str:
    series = [(month_label(int(p.month[:4]), int(p.month[5:7])), p.value) for p in item.series or []]
    max_value = 100.0 if item.unit in {"%", "/ 100"} else 5.0 if item.unit == "/ 5" else None
    return line_chart(
        series,
        title=f"{item.label} ({_fr_date(item.from_date)} – {_fr_date(item.to_date)})",
        unit="" if item.unit in {"nombre"} else item.unit,
        target=item.target,
        max_value=max_value,
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
                _STATUS_WORDS[item.status],
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
                    _STATUS_WORDS[status] if status else "",
                ]
            )
    return out.getvalue()
