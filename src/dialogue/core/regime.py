"""Legal regime from headcount: the one place that knows the CSE thresholds.

The headcount passed in is the one the law counts: reached for 12 consecutive months (L2311-2, L2312-2) and
computed per L1111-2. Everything else reads the properties of `Regime`, never a bare 11, 50 or 300.

A body's regime has two scopes (`body_regime`): its attributions follow the *company's* headcount, judged over
time per mandate (L2312-1, L2312-2, L2312-3), while its seats and delegation hours follow its own perimeter, the
établissement distinct (R2314-1). A CSE d'établissement of 35 people in an association of 320 therefore has the
>= 50 attributions (4 SSCT meetings, PV, joint agenda, deemed opinions) with the seats of a 35-person unit.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dialogue.core.clock import add_months


class HeadcountBand(StrEnum):
    """The four bands of the CSE rules."""

    BELOW_11 = "below_11"
    FROM_11_TO_49 = "11_49"
    FROM_50_TO_299 = "50_299"
    FROM_300 = "300_plus"


class InvalidAgreedMeetings(ValueError):
    """An agreed number of ordinary meetings below what the law allows (L2312-19, L2315-21)."""


# R2314-1 (default, unless the PAP says otherwise, L2314-7): (lowest headcount of the row, titulaires, hours per
# month). Consecutive decree bands with identical values are merged; DOMAIN.md §10 gives the three sources.
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
    (600, 14, 24),
    (800, 15, 24),
    (900, 16, 24),
    (1000, 17, 24),
    (1250, 18, 24),
    (1500, 20, 26),
    (1750, 21, 26),
    (2000, 22, 26),
    (2250, 23, 26),
    (2500, 24, 26),
    (3000, 25, 26),
    (3500, 26, 27),
    (4000, 26, 28),
    (4250, 27, 28),
    (4750, 28, 28),
    (5000, 29, 29),
    (5750, 30, 29),
    (6000, 31, 29),
    (6750, 31, 30),
    (7000, 32, 30),
    (7500, 32, 31),
    (7750, 32, 32),
    (8250, 33, 32),
    (9000, 34, 32),
    (9750, 34, 34),
    (10000, 35, 34),
)
_R2314_1_FLOORS = [row[0] for row in _R2314_1]

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
        """R2314-1 default number of titulaires (as many suppléants, L2314-1), up to 35 from 10,000."""
        return _r2314_1_row(self.headcount)[0]

    @property
    def delegation_hours_per_month(self) -> int:
        """R2314-1 default monthly delegation hours of each titulaire (34 h from 10,000)."""
        return _r2314_1_row(self.headcount)[1]


def regime_for(*, headcount: int) -> Regime:
    """The regime for a headcount reached for 12 consecutive months (L2311-2)."""
    return Regime(headcount=headcount)


def _r2314_1_row(headcount: int) -> tuple[int, int]:
    if headcount < _R2314_1[0][0]:
        return 0, 0
    _, titulaires, hours = _R2314_1[bisect_right(_R2314_1_FLOORS, headcount) - 1]
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


# ---------------------------------------------------------------------------------------- a body's two scopes

THRESHOLD_HELD_MONTHS = 12
"""L2312-2: the 50 threshold counts once reached for 12 consecutive months."""
RECURRENT_CONSULTATIONS_DELAY_MONTHS = 12
"""L2312-2: the recurrent consultations start 12 months after the threshold was held for 12 months."""
FULL_REMIT_HEADCOUNT = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyRegime:
    """A body's regime: attributions from the company over time, seats and hours from its perimeter."""

    attributions: Regime
    """L2312-1 to L2312-3: the company's headcount, as the mandate and the 12-month rules let it count."""
    seats: Regime
    """R2314-1: the headcount of the établissement distinct (or of the company for a single CSE)."""
    recurrent_consultations: bool
    """L2312-2: the three recurrent consultations (L2312-17) are owed."""
    basis: str
    """Why, in French, with the articles: shown on pages and in the API."""

    @property
    def full_remit(self) -> bool:
        return self.attributions.full_remit

    @property
    def cssct_mandatory(self) -> bool:
        """L2315-36: a CSSCT "au sein du comité" in companies of at least 300 (the company's CSE, or the CSE central
        where there are établissements distincts, with the central CSSCT of L2316-18) and in établissements
        distincts of at least 300: the body's own perimeter decides. Below 300 the inspector may impose one
        (L2315-37) or an agreement set it up."""
        return self.seats.cssct_mandatory


def body_regime(
    *,
    company_headcount: int,
    today: date,
    perimeter_headcount: int | None = None,
    headcount_at_election: int | None = None,
    fifty_reached_on: date | None = None,
    mandate_end: date | None = None,
) -> BodyRegime:
    """The one function every module asks for a body's regime.

    - Attributions follow the company's headcount (L2312-1 al. 3: "définies en fonction de l'effectif de
      l'entreprise"), not the établissement's; seats and hours follow the perimeter (R2314-1).
    - `fifty_reached_on`: the day the company reached 50. The >= 50 attributions apply once 50 has been held for
      12 consecutive months; the recurrent consultations 12 months after that, or at the renewal when less than
      a year of mandate would then remain (L2312-2). Unknown (None): the headcount is taken as long held.
    - `headcount_at_election`: the company's headcount when the running mandate began. A fall below 50 during
      the mandate changes nothing until it is renewed (L2312-3); after `mandate_end`, today's headcount counts.
    """
    perimeter = company_headcount if perimeter_headcount is None else perimeter_headcount
    mandate_running = mandate_end is None or today <= mandate_end
    held_since = None if fifty_reached_on is None else add_months(fifty_reached_on, THRESHOLD_HELD_MONTHS)
    kept_for_mandate = (
        headcount_at_election is not None
        and headcount_at_election >= FULL_REMIT_HEADCOUNT > company_headcount
        and mandate_running
    )
    if kept_for_mandate:
        assert headcount_at_election is not None
        effective = headcount_at_election
        basis = (
            f"Effectif de l'entreprise passé à {company_headcount} pendant le mandat : les attributions d'au moins "
            f"50 salariés ({headcount_at_election} à l'élection) sont maintenues jusqu'au renouvellement (L2312-3)."
        )
    elif company_headcount >= FULL_REMIT_HEADCOUNT and held_since is not None and today < held_since:
        effective = FULL_REMIT_HEADCOUNT - 1
        basis = (
            f"Seuil de 50 salariés atteint le {fifty_reached_on:%d/%m/%Y} : les attributions d'au moins 50 salariés "
            f"s'appliquent une fois ce seuil tenu 12 mois consécutifs, le {held_since:%d/%m/%Y} (L2312-2)."
        )
    else:
        effective = company_headcount
        basis = f"Attributions selon l'effectif de l'entreprise ({company_headcount}) (L2312-1)."
    if perimeter_headcount is not None:
        basis += f" Sièges et heures selon l'effectif de l'établissement ({perimeter}) (R2314-1)."
    attributions = Regime(headcount=effective)
    recurrent = attributions.full_remit and (
        kept_for_mandate
        or held_since is None
        or today >= _recurrent_consultations_start(held_since=held_since, mandate_end=mandate_end)
    )
    return BodyRegime(
        attributions=attributions, seats=Regime(headcount=perimeter), recurrent_consultations=recurrent, basis=basis
    )


def _recurrent_consultations_start(*, held_since: date, mandate_end: date | None) -> date:
    """L2312-2: 12 months after the threshold was held 12 months; when less than a year of mandate then remains,
    "ce délai court à compter de son renouvellement": the 12 months run again from the renewal."""
    start = add_months(held_since, RECURRENT_CONSULTATIONS_DELAY_MONTHS)
    if mandate_end is not None and start <= mandate_end < add_months(start, 12):
        return add_months(mandate_end, RECURRENT_CONSULTATIONS_DELAY_MONTHS)
    return start
