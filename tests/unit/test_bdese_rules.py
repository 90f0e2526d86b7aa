"""BDESE rules, cases taken from the articles (L2312-18, L2312-21, L2312-36, R2312-8 to R2312-10, R2312-13)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.bdese.rules import (
    MINIMUM_THEMES,
    R2312_8,
    R2312_9,
    BdeseRuleError,
    ConfidentialityError,
    Filed,
    ItemStatus,
    MissingMinimumThemes,
    bdese_required,
    check_agreement_structure,
    check_status,
    completeness,
    confidentiality,
    default_structure,
    expected_status,
    is_confidential,
    l2312_36_theme,
    years_window,
)
from dialogue.core.regime import body_regime

TODAY = date(2026, 12, 7)


def test_l2312_18_bdese_mandatory_from_50() -> None:
    bdese_required(body_regime(company_headcount=50, today=TODAY))
    with pytest.raises(BdeseRuleError, match="L2312-18"):
        bdese_required(body_regime(company_headcount=49, today=TODAY))


def test_l2312_18_with_l2312_2_fifty_reached_less_than_12_months_ago() -> None:
    with pytest.raises(BdeseRuleError, match="L2312-18"):
        bdese_required(body_regime(company_headcount=60, fifty_reached_on=date(2026, 6, 1), today=TODAY))


def test_r2312_9_from_300_r2312_8_below() -> None:
    assert default_structure(headcount=299) is R2312_8
    assert default_structure(headcount=300) is R2312_9
    assert default_structure(headcount=320) is R2312_9


def test_r2312_8_and_r2312_9_same_ten_rubriques() -> None:
    assert [t.number for t in R2312_8.themes] == list(range(1, 11))
    assert [t.code for t in R2312_8.themes] == [t.code for t in R2312_9.themes]


def test_r2312_9_additions_accidents_representation_pay_hierarchy() -> None:
    def subs(structure: object, code: str) -> set[str]:
        theme = structure.theme(code)  # type: ignore[attr-defined]
        return {sub.code for sub in theme.sub_themes}

    assert "accidents_travail" in subs(R2312_9, "investissements")
    assert "accidents_travail" not in subs(R2312_8, "investissements")
    assert "representation_personnel" in subs(R2312_9, "activites_sociales")
    assert "hierarchie_remunerations" in subs(R2312_9, "remunerations")
    assert "egalite_articulation" in subs(R2312_9, "egalite")
    assert R2312_9.theme("activites_sociales").title.startswith("Représentation du personnel")  # type: ignore[union-attr]


def test_l2312_36_8_sous_traitance_is_rubrique_8_partenariats() -> None:
    theme = l2312_36_theme(8)
    assert (theme.number, theme.title) == (8, "Partenariats")
    assert [l2312_36_theme(n).number for n in range(1, 11)] == list(range(1, 11))


def test_l2312_21_default_structure_holds_every_minimum_theme() -> None:
    assert check_agreement_structure(R2312_8.themes, reference="accord du 1er mars 2025").themes == R2312_8.themes


def test_l2312_21_agreement_may_drop_sous_traitance_and_transfers() -> None:
    kept = [t for t in R2312_8.themes if t.code not in {"partenariats", "transferts"}]
    assert len(check_agreement_structure(kept, reference="accord").themes) == 8


def test_l2312_21_agreement_missing_environment_refused() -> None:
    kept = [t for t in R2312_8.themes if t.code != "environnement"]
    with pytest.raises(MissingMinimumThemes, match="L2312-21") as caught:
        check_agreement_structure(kept, reference="accord")
    assert caught.value.missing == ("environnement",)
    assert len(MINIMUM_THEMES) == 10


def test_r2312_10_window_n_minus_2_to_n_plus_3() -> None:
    assert years_window(today=TODAY) == (2024, 2025, 2026, 2027, 2028, 2029)
    assert expected_status(year=2026, today=TODAY) is ItemStatus.actual
    assert expected_status(year=2027, today=TODAY) is ItemStatus.forecast
    for year in (2023, 2030):
        with pytest.raises(BdeseRuleError, match="R2312-10"):
            expected_status(year=year, today=TODAY)


def test_r2312_10_future_year_only_forecasts_past_year_only_actual() -> None:
    theme = R2312_8.theme("investissements")
    assert theme is not None
    with pytest.raises(BdeseRuleError, match="R2312-10"):
        check_status(theme=theme, status=ItemStatus.actual, year=2028, today=TODAY)
    with pytest.raises(BdeseRuleError, match="R2312-10"):
        check_status(theme=theme, status=ItemStatus.forecast, year=2025, today=TODAY)


def test_r2312_8_rubriques_6_and_9_only_may_be_not_applicable() -> None:
    for code in ("financeurs", "transferts"):
        theme = R2312_8.theme(code)
        assert theme is not None
        assert check_status(theme=theme, status=ItemStatus.not_applicable, year=2026, today=TODAY) is (
            ItemStatus.not_applicable
        )
    egalite = R2312_8.theme("egalite")
    assert egalite is not None
    with pytest.raises(BdeseRuleError, match="R2312-8"):
        check_status(theme=egalite, status=ItemStatus.not_applicable, year=2026, today=TODAY)


def _conf(**kwargs: object) -> object:
    values: dict[str, object] = {
        "status": ItemStatus.actual,
        "year": 2026,
        "confidential": False,
        "until": None,
        "reason": None,
        "economic_alert": False,
        "today": TODAY,
    }
    values.update(kwargs)
    return confidentiality(**values)  # type: ignore[arg-type]


def test_r2312_13_blanket_confidential_flag_refused() -> None:
    with pytest.raises(ConfidentialityError, match="R2312-13"):
        _conf(confidential=True)
    with pytest.raises(ConfidentialityError, match="R2312-13"):
        _conf(confidential=True, until=date(2027, 6, 30), reason="Secret")


def test_r2312_13_confidential_with_duration_and_justification() -> None:
    result = _conf(confidential=True, until=date(2027, 6, 30), reason="Projet de cession non annoncé au marché")
    assert result.until == date(2027, 6, 30)  # type: ignore[attr-defined]
    with pytest.raises(ConfidentialityError):
        _conf(confidential=True, until=TODAY, reason="Projet de cession non annoncé au marché")


def test_r2312_13_forecasts_confidential_by_nature_until_end_of_year() -> None:
    result = _conf(status=ItemStatus.forecast, year=2028)
    assert result.until == date(2028, 12, 31)  # type: ignore[attr-defined]
    assert "R2312-13" in result.reason  # type: ignore[attr-defined]


def test_l2312_67_economic_alert_confidential_by_nature_needs_a_date() -> None:
    with pytest.raises(ConfidentialityError, match="R2312-13"):
        _conf(economic_alert=True)
    result = _conf(economic_alert=True, until=date(2027, 3, 31))
    assert "L2312-67" in result.reason  # type: ignore[attr-defined]


def test_r2312_13_confidentiality_ends_after_its_date() -> None:
    assert is_confidential(until=date(2026, 12, 31), today=TODAY)
    assert not is_confidential(until=date(2026, 12, 6), today=TODAY)
    assert not is_confidential(until=None, today=TODAY)


def test_r2312_8_completeness_lists_missing_and_not_applicable_covers_rubrique() -> None:
    filed = [
        Filed(theme="investissements", sub_theme="effectifs", status=ItemStatus.actual),
        Filed(theme="financeurs", sub_theme=None, status=ItemStatus.not_applicable),
    ]
    themes = {t.code: t for t in completeness(R2312_8, filed)}
    invest = themes["investissements"]
    assert (invest.present, invest.expected, invest.complete) == (1, 7, False)
    assert "formation" in {sub.code for sub in invest.missing}
    assert themes["financeurs"].complete and themes["financeurs"].missing == ()
    assert themes["egalite"].present == 0
