"""Legal regime from headcount: the one place that knows the CSE thresholds.

The headcount passed in is the one the law counts: reached for 12 consecutive months (L2311-2, L2312-2) and
computed per L1111-2. Everything else reads the properties of `Regime`, never a bare 11, 50 or 300.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum


class HeadcountBand(StrEnum):
    """The four bands of the CSE rules."""

    BELOW_11 = "below_11"
    FROM_11_TO_49 = "11_49"
    FROM_50_TO_299 = "50_299"
    FROM_300 = "300_plus"


class InvalidAgreedMeetings(ValueError):
    """An agreed number of ordinary meetings below what the law allows (L2312-19, L2315-21)."""


class HeadcountBeyondTable(ValueError):
    """R2314-1 rows above 599 employees are not modelled: the PAP (or the decree) must give the figure."""


# R2314-1 (default, unless the PAP says otherwise): (lowest headcount of the row, titulaires, hours per month).
_R2314_1: tuple[tuple[int, int, int], ...] = (
    (11, 1, 10),
    (25, 2, 10),
    (50, 4, 18),
    (75, 5, 19),
    (100, 6, 21),
    (125, 7, 21),
    (150, 8, 21),
    (175, 9, 21),
    (200, 10, 22),
    (250, 11, 22),
    (400, 12, 22),
    (500, 13, 24),
)
R2314_1_LAST_MODELLED_HEADCOUNT = 599

SSCT_MEETINGS_PER_YEAR = 4
"""L2315-27: at least 4 meetings a year deal in whole or in part with SSCT (>= 50)."""
MIN_ORDINARY_MEETINGS_BY_AGREEMENT = 6
"""L2312-19 / L2315-28: an agreement may not set fewer than 6 ordinary meetings a year."""
MONTHLY = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class Regime:
    """The legal regime of an organisation or établissement distinct, read instead of hard-coded thresholds."""

    headcount: int

    def __post_init__(self) -> None:
        if self.headcount < 0:
            raise ValueError(f"headcount must be >= 0, got {self.headcount}")

    @property
    def band(self) -> HeadcountBand:
        if self.headcount < 11:
            return HeadcountBand.BELOW_11
        if self.headcount < 50:
            return HeadcountBand.FROM_11_TO_49
        if self.headcount < 300:
            return HeadcountBand.FROM_50_TO_299
        return HeadcountBand.FROM_300

    @property
    def cse_mandatory(self) -> bool:
        """L2311-2: a CSE from 11 employees."""
        return self.headcount >= 11

    @property
    def full_remit(self) -> bool:
        """L2312-8: economic, social, SSCT and ASC remit, legal personality, BDESE from 50."""
        return self.headcount >= 50

    @property
    def cssct_mandatory(self) -> bool:
        """L2315-36: CSSCT from 300 (INB/Seveso sites and L2315-37 impositions are decided elsewhere)."""
        return self.headcount >= 300

    @property
    def commission_egalite_mandatory(self) -> bool:
        """L2315-56: commission de l'égalité professionnelle from 300."""
        return self.headcount >= 300

    @property
    def at_least_1000(self) -> bool:
        """L2315-46: commission économique from 1000."""
        return self.headcount >= 1000

    @property
    def minutes_required(self) -> bool:
        """L2315-34 / D2315-26: a PV is kept only in the >= 50 regime."""
        return self.full_remit

    @property
    def default_ordinary_meetings_per_year(self) -> int:
        """Without agreement: monthly below 50 (L2315-21); every 2 months at 50-299, monthly at 300+ (L2315-28)."""
        return {
            HeadcountBand.BELOW_11: 0,
            HeadcountBand.FROM_11_TO_49: MONTHLY,
            HeadcountBand.FROM_50_TO_299: 6,
            HeadcountBand.FROM_300: MONTHLY,
        }[self.band]

    @property
    def min_ordinary_meetings_by_agreement(self) -> int:
        """Floor for an agreed frequency: 6 at >= 50 (L2312-19); below 50 the monthly meeting is not negotiable."""
        if not self.cse_mandatory:
            return 0
        return MIN_ORDINARY_MEETINGS_BY_AGREEMENT if self.full_remit else MONTHLY

    @property
    def ssct_meetings_per_year(self) -> int:
        """L2315-27: 4 SSCT meetings a year; 0 below 50 (the article belongs to the >= 50 section)."""
        return SSCT_MEETINGS_PER_YEAR if self.full_remit else 0

    @property
    def inspections_per_year(self) -> int:
        """R2312-4: inspections at least as often as the L2315-27 SSCT meetings (>= 50); 0 = no statutory minimum."""
        return self.ssct_meetings_per_year

    @property
    def titulaires(self) -> int:
        """R2314-1 default number of titulaires (as many suppléants, L2314-1). Raises above 599."""
        return _r2314_1_row(self.headcount)[0]

    @property
    def delegation_hours_per_month(self) -> int:
        """R2314-1 default monthly delegation hours of each titulaire. Raises above 599."""
        return _r2314_1_row(self.headcount)[1]


def regime_for(*, headcount: int) -> Regime:
    """The regime for a headcount reached for 12 consecutive months (L2311-2)."""
    return Regime(headcount=headcount)


def _r2314_1_row(headcount: int) -> tuple[int, int]:
    if headcount < _R2314_1[0][0]:
        return 0, 0
    if headcount > R2314_1_LAST_MODELLED_HEADCOUNT:
        raise HeadcountBeyondTable(
            f"Effectif {headcount} : au-delà de {R2314_1_LAST_MODELLED_HEADCOUNT} salariés, le nombre d'élus et "
            "d'heures de délégation doit être repris du protocole d'accord préélectoral ou de l'art. R2314-1."
        )
    _, titulaires, hours = _R2314_1[bisect_right([row[0] for row in _R2314_1], headcount) - 1]
    return titulaires, hours


def validate_agreed_ordinary_meetings(*, regime: Regime, agreed: int) -> int:
    """Return `agreed` if lawful: >= 6 a year at >= 50 (L2312-19); never below monthly under 50 (L2315-21)."""
    if not regime.cse_mandatory:
        raise InvalidAgreedMeetings("Aucun CSE n'est obligatoire en dessous de 11 salariés (art. L2311-2).")
    floor = regime.min_ordinary_meetings_by_agreement
    if agreed < floor:
        article = "L2312-19" if regime.full_remit else "L2315-21"
        raise InvalidAgreedMeetings(
            f"Un accord ne peut pas prévoir moins de {floor} réunions ordinaires par an "
            f"(art. {article} du Code du travail) ; valeur proposée : {agreed}."
        )
    return agreed


def required_ordinary_meetings(*, regime: Regime, agreed: int | None = None) -> int:
    """Ordinary meetings a year: the validated agreement if any, else the statutory default."""
    if agreed is None:
        return regime.default_ordinary_meetings_per_year
    return validate_agreed_ordinary_meetings(regime=regime, agreed=agreed)
