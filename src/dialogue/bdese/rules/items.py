"""Rules of the BDESE's items: who must keep one (L2312-18), which years it holds (R2312-10), what an item may
be (actual figures, forecasts, "not applicable" for rubriques 6 and 9), confidentiality (R2312-13, L2312-36,
L2315-3) and the completeness of a year against the legal list. Pure: `today` is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dialogue.bdese.rules.catalog import Structure, Theme
from dialogue.core.regime import BodyRegime

PAST_YEARS = 2
"""R2312-10: the BDESE holds the current year and the two previous ones (N-1, N-2)."""
FORECAST_YEARS = 3
"""R2312-10: and the perspectives of the three next years (N+1 to N+3), "grandes tendances" allowed."""


class ItemStatus(StrEnum):
    actual = "actual"
    forecast = "forecast"
    not_applicable = "not_applicable"


class BdeseRuleError(ValueError):
    """A legal rule of the BDESE refuses the step (409, the message cites the article)."""


class ConfidentialityError(ValueError):
    """A confidentiality label the law does not accept (422: a blanket flag, a past date)."""


def bdese_required(regime: BodyRegime) -> None:
    """L2312-18: the BDESE is kept from 50 employees (held 12 months, L2312-2). Raise below."""
    if not regime.full_remit:
        raise BdeseRuleError(
            "La base de données économiques, sociales et environnementales n'est obligatoire que dans les "
            "entreprises d'au moins 50 salariés (art. L2312-18 du Code du travail). " + regime.basis
        )


def years_window(*, today: date) -> tuple[int, ...]:
    """R2312-10: N-2, N-1, N (actual figures) and N+1 to N+3 (forecasts), N being the current year."""
    return tuple(range(today.year - PAST_YEARS, today.year + FORECAST_YEARS + 1))


def expected_status(*, year: int, today: date) -> ItemStatus:
    """R2312-10: figures for the current and past years, perspectives for the three next ones."""
    if year not in years_window(today=today):
        first, last = today.year - PAST_YEARS, today.year + FORECAST_YEARS
        raise BdeseRuleError(
            f"La BDESE porte sur les années {first} à {last} : l'année en cours, les deux précédentes et les "
            f"perspectives des trois suivantes (art. R2312-10 du Code du travail) ; {year} en est hors."
        )
    return ItemStatus.forecast if year > today.year else ItemStatus.actual


def check_status(*, theme: Theme, status: ItemStatus, year: int, today: date) -> ItemStatus:
    """An item's status for `year`: actual up to N, forecast after (R2312-10); "not applicable" only for the
    rubriques 6 (financeurs) and 9 (intra-group transfers) the organisation does not have (R2312-8, R2312-9)."""
    expected = expected_status(year=year, today=today)
    if status is ItemStatus.not_applicable:
        if not theme.not_applicable_allowed:
            raise BdeseRuleError(
                f"La rubrique « {theme.title} » fait partie du contenu obligatoire de la BDESE (art. R2312-8 et "
                "R2312-9) : seules les rubriques 6 (rémunération des financeurs) et 9 (transferts entre entités "
                "du groupe) peuvent être déclarées sans objet."
            )
        return status
    if status is not expected:
        if expected is ItemStatus.forecast:
            raise BdeseRuleError(
                f"{year} est une année à venir : la BDESE n'en donne que des perspectives (art. R2312-10)."
            )
        raise BdeseRuleError(
            f"{year} n'est pas une année à venir : la BDESE en donne les données réelles, les perspectives ne "
            "portent que sur les trois années suivantes (art. R2312-10)."
        )
    return status


FORECAST_REASON = (
    "Informations prévisionnelles : confidentielles par nature (art. R2312-13 et L2312-36 du Code du travail)."
)
ALERT_REASON = (
    "Informations communiquées dans le cadre du droit d'alerte économique : confidentielles par nature "
    "(art. L2312-67 du Code du travail)."
)
MIN_REASON_LENGTH = 15
"""A justification, not a label: the employer must give the objective reason (Cass. soc. 5 Nov. 2014)."""


@dataclass(frozen=True, slots=True)
class Confidentiality:
    until: date | None
    reason: str | None

    @property
    def confidential(self) -> bool:
        return self.until is not None


def confidentiality(
    *,
    status: ItemStatus,
    year: int,
    confidential: bool,
    until: date | None,
    reason: str | None,
    economic_alert: bool,
    today: date,
) -> Confidentiality:
    """R2312-13: the employer flags each confidential item and gives the duration of the confidentiality, with an
    objective justification (a blanket label is invalid, Cass. soc. 5 Nov. 2014, n° 13-17.270). Forecasts and
    economic-alert information are confidential by nature (L2312-36, L2312-67): their reason is given here, and
    a forecast stays confidential until the end of its year unless a date is given."""
    by_nature = status is ItemStatus.forecast or economic_alert
    if not (confidential or by_nature or until or reason):
        return Confidentiality(until=None, reason=None)
    if by_nature:
        reason = reason or (ALERT_REASON if economic_alert else FORECAST_REASON)
        if until is None and status is ItemStatus.forecast:
            until = date(year, 12, 31)
    if until is None:
        raise ConfidentialityError(
            "Une information confidentielle doit indiquer jusqu'à quelle date elle l'est : une mention générale "
            "de confidentialité ne vaut pas (art. R2312-13 du Code du travail)."
        )
    if until <= today:
        raise ConfidentialityError(f"La date de fin de confidentialité ({until:%d/%m/%Y}) est déjà passée.")
    if reason is None or len(reason.strip()) < MIN_REASON_LENGTH:
        raise ConfidentialityError(
            "La confidentialité doit être justifiée objectivement, information par information (art. R2312-13 ; "
            "Cass. soc. 5 nov. 2014, n° 13-17.270)."
        )
    return Confidentiality(until=until, reason=reason.strip())


def is_confidential(*, until: date | None, today: date) -> bool:
    """Confidential while its date has not passed (R2312-13: the employer gives the duration)."""
    return until is not None and today <= until


# ------------------------------------------------------------------------------------------------ completeness


@dataclass(frozen=True, slots=True)
class Filed:
    """What completeness needs of an item: where it sits and whether it says "not applicable"."""

    theme: str
    sub_theme: str | None
    status: ItemStatus


@dataclass(frozen=True, slots=True)
class SubThemeCompleteness:
    code: str
    title: str
    present: bool


@dataclass(frozen=True, slots=True)
class ThemeCompleteness:
    code: str
    number: int
    title: str
    not_applicable: bool
    sub_themes: tuple[SubThemeCompleteness, ...]

    @property
    def present(self) -> int:
        return len(self.sub_themes) if self.not_applicable else sum(sub.present for sub in self.sub_themes)

    @property
    def expected(self) -> int:
        return len(self.sub_themes)

    @property
    def complete(self) -> bool:
        return self.present == self.expected

    @property
    def missing(self) -> tuple[SubThemeCompleteness, ...]:
        return () if self.not_applicable else tuple(sub for sub in self.sub_themes if not sub.present)


def completeness(structure: Structure, items: Iterable[Filed]) -> tuple[ThemeCompleteness, ...]:
    """For one year, each theme's sub-themes present or missing against the legal list (R2312-8, R2312-9, or the
    L2312-21 agreement); a "not applicable" item covers its whole rubrique (6 or 9)."""
    filed = list(items)
    out = []
    for theme in structure.themes:
        mine = [item for item in filed if item.theme == theme.code]
        present = {item.sub_theme for item in mine if item.status is not ItemStatus.not_applicable}
        out.append(
            ThemeCompleteness(
                code=theme.code,
                number=theme.number,
                title=theme.title,
                not_applicable=any(item.status is ItemStatus.not_applicable for item in mine),
                sub_themes=tuple(
                    SubThemeCompleteness(code=sub.code, title=sub.title, present=sub.code in present)
                    for sub in theme.sub_themes
                ),
            )
        )
    return tuple(out)
