"""SVG charts: well-formed, accessible, escaped, deterministic, values written as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from dialogue.core.svg import NBSP, THIN_NBSP, bar_chart, escape_xml, format_number, line_chart, month_label
from dialogue.indicators.svg import IndicatorCard, gauge, summary_page

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "Présence <script>alert(\"x\")</script> & « co » 'quote'"

SERIES = [(month_label(2025, m), v) for m, v in [(1, 87.5), (2, None), (3, 92.0), (4, 100.0)]]
CARDS = [
    IndicatorCard(code="attendance", label="Présence des élus", value=87.5, unit="%", target=90, status="warning"),
    IndicatorCard(code="questions", label="Questions répondues", value=100, unit="%", target=90, status="ok"),
    IndicatorCard(
        code="minutes", label="Procès-verbaux dans les délais", value=40, unit="%", target=90, status="alert"
    ),
    IndicatorCard(code="nao", label="NAO engagées à temps", value=None, unit="%", target=None, status=None),
]

CHARTS: dict[str, Callable[[str], str]] = {
    "line": lambda title: line_chart(SERIES, title=title, unit="%", target=90),
    "bar": lambda title: bar_chart(SERIES, title=title, unit="%", target=90),
    "gauge": lambda title: gauge(72.4, title=title),
    "summary": lambda title: summary_page(CARDS, title=title, subtitle="1er trimestre 2025"),
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{NS}text")]


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_chart_is_well_formed_and_accessible(kind: str) -> None:
    root = parse(CHARTS[kind]("Tableau de bord du CSE"))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None
    assert desc is not None
    assert title.text == "Tableau de bord du CSE"
    assert desc.text
    ids = {el.get("id") for el in root.iter()}
    labelledby = (root.get("aria-labelledby") or "").split()
    assert labelledby == [title.get("id"), desc.get("id")]
    assert set(labelledby) <= ids


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_chart_escapes_text_and_runs_no_script(kind: str) -> None:
    svg = CHARTS[kind](HOSTILE)
    root = parse(svg)
    assert root.find(f"{NS}title").text == HOSTILE  # type: ignore[union-attr]
    assert "<script" not in svg
    assert all(el.tag != f"{NS}script" for el in root.iter())
    assert all(not name.startswith("on") for el in root.iter() for name in el.attrib)


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_chart_is_deterministic(kind: str) -> None:
    assert CHARTS[kind]("Titre") == CHARTS[kind]("Titre")


def test_ids_differ_between_charts_so_a_page_can_hold_several() -> None:
    first = parse(line_chart(SERIES, title="A", unit="%"))
    second = parse(line_chart(SERIES, title="B", unit="%"))
    assert first.find(f"{NS}title").get("id") != second.find(f"{NS}title").get("id")  # type: ignore[union-attr]


def test_labels_and_values_are_escaped_everywhere() -> None:
    svg = bar_chart([('<b>&"', 2.5)], title="t", max_value=5)
    root = parse(svg)
    assert '<b>&"' in texts(root)
    assert '<b>&"' in (root.find(f"{NS}desc").text or "")  # type: ignore[union-attr]
    cards = summary_page([IndicatorCard(code='x"><script>', label="<&>", value=1)], title="t")
    assert parse(cards).find(f"{NS}g").get("data-code") == 'x"><script>'  # type: ignore[union-attr]


def test_characters_forbidden_in_xml_are_dropped() -> None:
    root = parse(line_chart([("janv.\x00\x1b", 1.0)], title="bip\x07", unit=""))
    assert root.find(f"{NS}title").text == "bip"  # type: ignore[union-attr]
    assert escape_xml("a\x0bb\tc") == "ab\tc"


def test_line_chart_writes_values_target_and_gaps_as_text() -> None:
    root = parse(line_chart(SERIES, title="Présence", unit="%", target=90))
    labels = texts(root)
    assert f"87,5{NBSP}%" in labels
    assert f"100{NBSP}%" in labels
    assert "n.d." in labels  # February: no data, not zero
    assert "Objectif" in labels
    assert f"90{NBSP}%" in labels
    assert any(el.get("stroke-dasharray") for el in root.iter(f"{NS}line"))
    path = root.find(f"{NS}path")
    assert path is not None
    assert path.get("d", "").count("M") == 2  # the gap breaks the line
    desc = root.find(f"{NS}desc").text or ""  # type: ignore[union-attr]
    assert "févr. 2025 : n.d." in desc
    assert f"Objectif : 90{NBSP}%" in desc


def test_empty_line_chart_says_so() -> None:
    root = parse(line_chart([], title="Rien", unit="%"))
    assert "Aucune donnée sur la période" in texts(root)


def test_bar_chart_keeps_long_labels_readable_and_values_as_text() -> None:
    label = "Charge de travail et organisation du travail au quotidien"
    root = parse(bar_chart([(label, 2.84), ("Sens", None)], title="Thèmes", max_value=5))
    shown = texts(root)
    assert "2,8" in shown
    assert "n.d." in shown
    assert label in (root.find(f"{NS}desc").text or "")  # type: ignore[union-attr]


def test_charts_refuse_negative_or_infinite_values() -> None:
    with pytest.raises(ValueError, match="positives"):
        bar_chart([("x", -1.0)], title="t")
    with pytest.raises(ValueError, match="finies"):
        line_chart([("x", float("inf"))], title="t")


@pytest.mark.parametrize(
    ("value", "status", "word"),
    [
        (90, None, "conforme"),
        (60, None, "attention"),
        (20, None, "alerte"),
        (90, "alert", "alerte"),
        (None, None, "n.d."),
    ],
)
def test_gauge_writes_score_and_status_word(value: float | None, status: str | None, word: str) -> None:
    labels = texts(parse(gauge(value, title="Santé du dialogue", status=status)))
    assert word in labels
    assert (format_number(value, decimals=0) if value is not None else "n.d.") in labels


def test_gauge_refuses_values_outside_0_100() -> None:
    with pytest.raises(ValueError, match="entre 0 et 100"):
        gauge(120, title="t")


def test_summary_page_has_one_card_per_indicator_with_status_words() -> None:
    root = parse(summary_page(CARDS, title="Tableau de bord", columns=2))
    cards = root.findall(f"{NS}g")
    assert [c.get("data-code") for c in cards] == [c.code for c in CARDS]
    words = [texts(card)[-1] for card in cards]
    assert words == ["attention", "conforme", "alerte", "n.d."]
    first = texts(cards[0])
    assert "Présence des élus" in first
    assert f"87,5{NBSP}%" in first
    assert f"Objectif : 90{NBSP}%" in first
    desc = root.find(f"{NS}desc").text or ""  # type: ignore[union-attr]
    assert f"Présence des élus : 87,5{NBSP}% (objectif 90{NBSP}%), attention" in desc


def test_summary_page_shapes_differ_by_status_not_only_colours() -> None:
    root = parse(summary_page(CARDS[:3], title="t"))
    shapes = [
        next(child.tag for child in card if child.tag in {f"{NS}circle", f"{NS}polygon"} or child.get("width") == "10")
        for card in root.findall(f"{NS}g")
    ]
    assert len(set(shapes)) == 3


def test_summary_page_wraps_long_labels() -> None:
    long = IndicatorCard(code="x", label="Un libellé vraiment très long qui ne tient pas sur une ligne", value=1)
    lines = texts(parse(summary_page([long], title="t")).find(f"{NS}g"))  # type: ignore[arg-type]
    assert lines[0] == "Un libellé vraiment très"
    assert lines[1].endswith("…")


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (87.5, "%", 1, f"87,5{NBSP}%"),
        (87.54, "%", 1, f"87,5{NBSP}%"),
        (87.55, "%", 1, f"87,6{NBSP}%"),
        (90.0, "%", 1, f"90{NBSP}%"),
        (1234.56, "", 1, f"1{THIN_NBSP}234,6"),
        (1234567, "€", 0, f"1{THIN_NBSP}234{THIN_NBSP}567{NBSP}€"),
        (-0.01, "", 1, "0"),
        (-2.5, "", 1, "-2,5"),
        (3.456, "", 2, "3,46"),
        (None, "%", 1, "n.d."),
        (float("nan"), "%", 1, "n.d."),
    ],
)
def test_format_number_is_french(value: float | None, unit: str, decimals: int, expected: str) -> None:
    assert format_number(value, unit=unit, decimals=decimals) == expected


def test_month_label() -> None:
    assert [month_label(2025, m) for m in (1, 2, 8, 12)] == ["janv. 2025", "févr. 2025", "août 2025", "déc. 2025"]
