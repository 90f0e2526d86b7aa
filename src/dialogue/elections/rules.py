"""Pure rules of the CSE election (Code du travail, L2314-4 to L2314-37, R2314-1, R2314-19 to R2314-22, L2411-5 to
L2411-7). No database, no clock: `today` and every figure come as parameters. Sources in ../shared/DOMAIN.md §12."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from dialogue.core.regime import regime_for

STAFF_NOTICE_MAX_DAYS = 90
"""L2314-4: the first round takes place at the latest on the 90th day after the staff were informed."""
UNION_NOTICE_DAYS = 15
"""L2314-5: the invitation reaches the unions at least 15 days before the first PAP meeting."""
RENEWAL_INVITATION_MONTHS = 2
"""L2314-5: on renewal, the unions are invited 2 months before the mandates expire."""
SECOND_ROUND_MAX_DAYS = 15
"""L2314-29: the second round takes place within 15 days of the first."""
PV_TRANSMISSION_DAYS = 15
"""R2314-22 (V2): the PV goes to the CTEP within 15 days; L2314-9: a PV de carence to the labour inspector too."""
RATURES_THRESHOLD = Fraction(1, 10)
"""L2314-29: strikings-out count only when they reach 10 % of the list's votes."""
PROTECTION_MONTHS = 6
"""L2411-5 (former élus) and L2411-7 (candidates): six months of protection."""
PARTIAL_ELECTION_CUTOFF_MONTHS = 6
"""L2314-10: no partial election within six months of the end of the term."""


class Sex(StrEnum):
    """As on the electoral list (L2314-30 counts women and men)."""

    F = "F"
    M = "M"


class ListKind(StrEnum):
    """Separate votes for titulaires and suppléants (L2314-21 / L2314-30 last paragraph)."""

    titulaires = "titulaires"
    suppleants = "suppleants"


class ElectionRuleError(ValueError):
    """A figure that cannot be right: the message names the article."""


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ------------------------------------------------------------------------------------ seats per college (R2314-1)


def legal_titulaires(headcount: int) -> int:
    """R2314-1: titulaires by the headcount of the perimeter (as many suppléants, L2314-1); 0 below 11."""
    return regime_for(headcount=headcount).titulaires if headcount >= 11 else 0


def distribute_seats(*, total: int, staff: Sequence[int]) -> list[int]:
    """A default split of `total` seats between colleges in proportion to their staff (highest average, like
    R2314-20), used as the proposal the PAP confirms (L2314-13: the PAP — or the DREETS — decides the split)."""
    if total < 0 or any(n < 0 for n in staff):
        raise ElectionRuleError("Effectifs et sièges sont des nombres positifs (R2314-1).")
    seats = [0] * len(staff)
    if not staff or sum(staff) == 0:
        return seats
    for _ in range(total):
        best = max(range(len(staff)), key=lambda i: (Fraction(staff[i], seats[i] + 1), staff[i], -i))
        seats[best] += 1
    return seats


# ------------------------------------------------------------------------------------ PAP (L2314-6)


@dataclass(frozen=True, slots=True)
class PapCheck:
    valid: bool
    by_number: bool
    by_votes: bool
    reason: str


def pap_validity(
    *,
    negotiators: Sequence[str],
    signatories: Sequence[str],
    representative_percent: Mapping[str, Fraction] | None,
) -> PapCheck:
    """L2314-6: the PAP is signed by the majority of the unions that negotiated it, including representative unions
    with the majority of the votes cast at the last election — or, without results, the majority of the
    representative unions. `representative_percent` maps each representative union to its score in % of votes cast
    at the last election (None: no results; an empty mapping then means no representative union)."""
    negotiating = {u.casefold() for u in negotiators}
    signing = {u.casefold() for u in signatories} & negotiating
    if not negotiating:
        return PapCheck(False, False, False, "Aucune organisation syndicale n'a négocié le protocole (L2314-6).")
    by_number = 2 * len(signing) > len(negotiating)
    if representative_percent is None:
        return PapCheck(
            by_number, by_number, True, "Résultats des dernières élections non disponibles : majorité en nombre seule."
        )
    scores = {u.casefold(): p for u, p in representative_percent.items()}
    signed_percent = sum((p for u, p in scores.items() if u in signing), Fraction(0))
    by_votes = 2 * signed_percent > 100
    if by_number and by_votes:
        reason = (
            f"Double majorité atteinte : {len(signing)}/{len(negotiating)} syndicats, "
            f"{float(signed_percent):.2f} % des suffrages (L2314-6)."
        )
    elif not by_number:
        reason = f"Signé par {len(signing)} des {len(negotiating)} syndicats ayant négocié : pas la majorité (L2314-6)."
    else:
        reason = (
            f"Les syndicats représentatifs signataires ne totalisent que {float(signed_percent):.2f} % des suffrages "
            "exprimés aux dernières élections : il en faut plus de 50 % (L2314-6)."
        )
    return PapCheck(by_number and by_votes, by_number, by_votes, reason)


# ------------------------------------------------------------------------------------ calendar (L2314-4, -5, -29, -9)


@dataclass(frozen=True, slots=True)
class CalendarStep:
    key: str
    label: str
    article: str
    done_on: date | None
    due_by: date | None = None
    problem: str | None = None


def calendar_steps(
    *,
    renewal: bool,
    staff_informed_on: date | None,
    unions_invited_on: date | None,
    pap_first_meeting_on: date | None,
    pap_signed_on: date | None,
    round1_on: date | None,
    round2_on: date | None,
    mandates_end_on: date | None,
    proclaimed_on: date | None,
    carence_on: date | None,
    carence_sent_on: date | None,
) -> list[CalendarStep]:
    """The steps of the election with their legal deadlines and what went wrong, in order."""
    steps: list[CalendarStep] = []
    invite_by = None
    if renewal and mandates_end_on is not None:
        invite_by = add_months(mandates_end_on, -RENEWAL_INVITATION_MONTHS)
    if pap_first_meeting_on is not None:
        notice = pap_first_meeting_on - timedelta(days=UNION_NOTICE_DAYS)
        invite_by = min(invite_by, notice) if invite_by else notice
    problem = None
    if unions_invited_on and invite_by and unions_invited_on > invite_by:
        problem = f"Invitation après le {invite_by:%d/%m/%Y} (L2314-5)."
    steps.append(
        CalendarStep(
            "staff_informed",
            "Information du personnel",
            "L2314-4",
            staff_informed_on,
            due_by=round1_on - timedelta(days=STAFF_NOTICE_MAX_DAYS) if round1_on else None,
            problem=(
                "Le premier tour doit avoir lieu au plus tard 90 jours après l'information du personnel (L2314-4)."
                if staff_informed_on and round1_on and (round1_on - staff_informed_on).days > STAFF_NOTICE_MAX_DAYS
                else None
            ),
        )
    )
    steps.append(
        CalendarStep(
            "unions_invited",
            "Invitation des organisations syndicales",
            "L2314-5",
            unions_invited_on,
            invite_by,
            problem,
        )
    )
    steps.append(
        CalendarStep(
            "pap_first_meeting",
            "Première réunion de négociation du protocole",
            "L2314-5, D2314-1-1",
            pap_first_meeting_on,
        )
    )
    steps.append(CalendarStep("pap_signed", "Protocole d'accord préélectoral signé", "L2314-6", pap_signed_on))
    steps.append(CalendarStep("round1", "Premier tour", "L2314-29", round1_on))
    round2_by = round1_on + timedelta(days=SECOND_ROUND_MAX_DAYS) if round1_on else None
    steps.append(
        CalendarStep(
            "round2",
            "Second tour (si le quorum n'est pas atteint ou sièges vacants)",
            "L2314-29",
            round2_on,
            round2_by,
            problem="Second tour plus de 15 jours après le premier (L2314-29)."
            if round2_on and round2_by and round2_on > round2_by
            else None,
        )
    )
    last_round = round2_on or round1_on
    steps.append(
        CalendarStep(
            "proclaimed",
            "Proclamation et procès-verbal transmis au CTEP",
            "L2314-29, R2314-22",
            proclaimed_on,
            last_round + timedelta(days=PV_TRANSMISSION_DAYS) if last_round else None,
        )
    )
    if carence_on is not None:
        sent_by = carence_on + timedelta(days=PV_TRANSMISSION_DAYS)
        steps.append(
            CalendarStep(
                "carence",
                "Procès-verbal de carence transmis à l'inspection du travail",
                "L2314-9",
                carence_sent_on,
                sent_by,
                problem="PV de carence transmis plus de 15 jours après son établissement (L2314-9)."
                if carence_sent_on and carence_sent_on > sent_by
                else None,
            )
        )
    return steps


# ------------------------------------------------------------------------------------ carence (L2314-8, L2314-9)

CARENCE_NEW_REQUEST_MONTHS = 6
"""L2314-8: after a PV de carence, an employee or a union may request new elections only six months later."""


class CarenceReason(StrEnum):
    """Why no one was elected, as cerfa 15248 (procès-verbal de carence) asks it."""

    no_list = "no_list"
    no_candidate = "no_candidate"
    no_quorum_no_candidate = "no_quorum_no_candidate"


CARENCE_REASON_LABELS = {
    "no_list": "Aucune liste de candidats déposée au premier tour ni aucune candidature au second tour",
    "no_candidate": "Aucun candidat",
    "no_quorum_no_candidate": "Quorum non atteint au premier tour et aucun candidat au second tour",
}


@dataclass(frozen=True, slots=True)
class CarenceStatus:
    """Where the PV de carence stands on `today`: made known to the staff, sent to the labour inspector within 15
    days (L2314-9), and the first day a new election may be requested (L2314-8)."""

    drawn_on: date
    published_on: date | None
    sent_on: date | None
    send_by: date
    request_possible_from: date
    sent_late: bool
    overdue: bool
    alert: str | None


def carence_status(*, carence_on: date, published_on: date | None, sent_on: date | None, today: date) -> CarenceStatus:
    """L2314-9: the employer makes the PV de carence known to the staff by a means giving a certain date, and sends
    it within fifteen days to the labour inspector (who forwards it to the unions of the département). L2314-8: a
    new procedure on request only six months after the PV de carence."""
    send_by = carence_on + timedelta(days=PV_TRANSMISSION_DAYS)
    sent_late = sent_on is not None and sent_on > send_by
    overdue = sent_on is None and today > send_by
    alert = None
    if sent_late:
        alert = f"PV de carence transmis à l'inspection du travail après le {send_by:%d/%m/%Y} (L2314-9)."
    elif overdue:
        alert = f"PV de carence à transmettre à l'inspection du travail au plus tard le {send_by:%d/%m/%Y} (L2314-9)."
    elif published_on is None:
        alert = "PV de carence à porter à la connaissance du personnel, à une date certaine (L2314-9)."
    return CarenceStatus(
        drawn_on=carence_on,
        published_on=published_on,
        sent_on=sent_on,
        send_by=send_by,
        request_possible_from=add_months(carence_on, CARENCE_NEW_REQUEST_MONTHS),
        sent_late=sent_late,
        overdue=overdue,
        alert=alert,
    )


def request_too_early(*, requested_on: date, last_carence_on: date | None) -> str | None:
    """L2314-8: a request by an employee or a union made less than six months after the last PV de carence does
    not oblige the employer to open the procedure; the message says from when it may be made."""
    if last_carence_on is None or requested_on < last_carence_on:
        return None
    possible = add_months(last_carence_on, CARENCE_NEW_REQUEST_MONTHS)
    if requested_on >= possible:
        return None
    return (
        f"Un procès-verbal de carence a été établi le {last_carence_on:%d/%m/%Y} : une nouvelle élection ne peut être "
        f"demandée par un salarié ou un syndicat qu'à partir du {possible:%d/%m/%Y} (L2314-8)."
    )


# ------------------------------------------------------------------------------------ lists (L2314-30)


def _round_l2314_30(value: Fraction) -> int:
    """L2314-30: round up when the decimal is >= 0.5, down otherwise."""
    whole = value.numerator // value.denominator
    return whole + 1 if value - whole >= Fraction(1, 2) else whole


def expected_women(*, candidates: int, women: int, men: int) -> set[int]:
    """The numbers of women a list of `candidates` may carry, from the college's electoral list (L2314-30): the
    proportion rounded; with an odd number and strict equality, one extra of either sex; a sex that rounding would
    exclude may still have one candidate."""
    total = women + men
    if total == 0:
        raise ElectionRuleError("Le collège n'a ni électrices ni électeurs inscrits (L2314-30).")
    if women == men and candidates % 2 == 1:
        allowed = {candidates // 2, candidates // 2 + 1}
    else:
        allowed = {_round_l2314_30(Fraction(candidates * women, total))}
    if 0 in allowed and women > 0:
        allowed.add(1)
    if candidates in allowed and men > 0:
        allowed.add(candidates - 1)
    return allowed


def list_balance_problems(*, sexes: Sequence[Sex], women: int, men: int) -> list[str]:
    """Every breach of L2314-30 in a list of candidates in its order, empty when it complies. A list of one candidate
    is free (the article speaks of lists of several candidates)."""
    if len(sexes) < 2:
        return []
    problems: list[str] = []
    n_women = sum(1 for s in sexes if s is Sex.F)
    allowed = expected_women(candidates=len(sexes), women=women, men=men)
    if n_women not in allowed:
        wanted = " ou ".join(str(a) for a in sorted(allowed))
        problems.append(
            f"Représentation équilibrée : {n_women} femme(s) sur {len(sexes)} candidats, {wanted} attendue(s) d'après "
            f"la part des femmes inscrites ({women} sur {women + men}) (L2314-30)."
        )
    minority = min(n_women, len(sexes) - n_women)
    for i in range(1, min(2 * minority, len(sexes))):
        if sexes[i] is sexes[i - 1]:
            problems.append(
                f"Alternance : les candidats {i} et {i + 1} sont du même sexe alors que l'autre sexe n'est pas épuisé "
                "(L2314-30)."
            )
            break
    rounding_excludes = {0, len(sexes)} & {_round_l2314_30(Fraction(len(sexes) * women, women + men))}
    if rounding_excludes and minority == 1 and len(sexes) > 1:
        lone = Sex.F if n_women == 1 else Sex.M
        if sexes[0] is lone:
            problems.append("Le candidat du sexe qui serait sinon exclu ne peut être en tête de liste (L2314-30).")
    return problems


# ------------------------------------------------------------------------------------ rounds, ratures, seats


def quorum_reached(*, registered: int, valid_votes: int) -> bool:
    """L2314-29: a second round follows when the number of votants (valid votes, blank and null ballots excluded —
    Cass. soc. 22 July 1975) is below half of the registered electors."""
    return 2 * valid_votes >= registered


@dataclass(frozen=True, slots=True)
class ListTally:
    """A list's ballots and the strikings-out of each of its candidates (by position, 1-based)."""

    key: str
    ballots: int
    candidates: int
    ratures: Mapping[int, int] = field(default_factory=dict)
    eldest_born_on: Sequence[date | None] = ()

    def candidate_votes(self, position: int) -> int:
        return self.ballots - self.ratures.get(position, 0)

    @property
    def average(self) -> Fraction:
        """The list's votes: the average of its candidates' votes (each ballot gives a vote to each candidate not
        struck out)."""
        if self.candidates == 0:
            return Fraction(0)
        return Fraction(sum(self.candidate_votes(p) for p in range(1, self.candidates + 1)), self.candidates)


@dataclass(frozen=True, slots=True)
class SeatAllocation:
    seats: int
    quotient: Fraction | None
    by_quotient: dict[str, int]
    by_average: dict[str, int]
    vacant: int
    tie_unresolved: bool = False

    def total(self, key: str) -> int:
        return self.by_quotient.get(key, 0) + self.by_average.get(key, 0)


def allocate_seats(
    *, seats: int, lists: Sequence[ListTally], next_born_on: Mapping[str, date | None] | None = None
) -> SeatAllocation:
    """R2314-19: each list takes as many seats as its votes contain the electoral quotient (valid votes ÷ seats);
    R2314-20: each remaining seat goes to the highest average (votes ÷ (seats won + 1)); on a tie the list with more
    votes, then the older of the candidates who could be elected (`next_born_on`: birth date of the candidate each
    list would elect next). A list never takes more seats than it has candidates; seats nobody can take stay vacant."""
    if seats < 0:
        raise ElectionRuleError("Nombre de sièges négatif (R2314-19).")
    total = sum((t.average for t in lists), Fraction(0))
    by_quotient: dict[str, int] = {}
    if seats == 0 or total == 0:
        return SeatAllocation(seats, None, {}, {}, seats)
    quotient = total / seats
    for tally in lists:
        won = min(int(tally.average // quotient), tally.candidates)
        if won:
            by_quotient[tally.key] = won
    by_average: dict[str, int] = {}
    unresolved = False
    remaining = seats - sum(by_quotient.values())
    born = next_born_on or {}
    while remaining > 0:
        open_lists = [t for t in lists if by_quotient.get(t.key, 0) + by_average.get(t.key, 0) < t.candidates]
        open_lists = [t for t in open_lists if t.average > 0]
        if not open_lists:
            break

        def key(t: ListTally) -> tuple[Fraction, Fraction]:
            won = by_quotient.get(t.key, 0) + by_average.get(t.key, 0)
            return t.average / (won + 1), t.average

        best = max(key(t) for t in open_lists)
        tied = [t for t in open_lists if key(t) == best]
        if len(tied) > 1:
            dated = [(born.get(t.key), t) for t in tied]
            if all(d is not None for d, _ in dated):
                oldest = min(d for d, _ in dated if d is not None)
                tied = [t for d, t in dated if d == oldest]
            if len(tied) > 1:
                unresolved = True
        winner = tied[0]
        by_average[winner.key] = by_average.get(winner.key, 0) + 1
        remaining -= 1
    return SeatAllocation(seats, quotient, by_quotient, by_average, remaining, unresolved)


def elected_positions(*, tally: ListTally, seats: int) -> list[int]:
    """The candidates elected on a list, by position: list order, unless strikings-out reach 10 % of the list's
    ballots for a candidate (L2314-29) — then candidates are ranked by their own votes, ties in list order."""

    def counted(position: int) -> int:
        struck = tally.ratures.get(position, 0)
        return tally.ballots - struck if struck * 10 >= tally.ballots and struck > 0 else tally.ballots

    order = sorted(range(1, tally.candidates + 1), key=lambda p: (-counted(p), p))
    return order[:seats]


def ratures_counted(*, ballots: int, struck: int) -> bool:
    """L2314-29: strikings-out of a candidate count when they reach 10 % of the list's ballots."""
    return struck > 0 and struck * 10 >= ballots


# ------------------------------------------------------------------------------------ partial elections, protection


def partial_election_required(
    *, seats: int, titulaires_in_office: int, colleges_unrepresented: int, today: date, mandate_end: date | None
) -> tuple[bool, str]:
    """L2314-10: partial elections when a college is no longer represented or the titulaires fell by half or more,
    unless the term ends within six months."""
    if mandate_end is not None and today >= add_months(mandate_end, -PARTIAL_ELECTION_CUTOFF_MONTHS):
        return False, "Moins de six mois avant la fin des mandats : pas d'élection partielle (L2314-10)."
    if colleges_unrepresented > 0:
        return True, "Un collège n'est plus représenté : élections partielles (L2314-10)."
    if seats and 2 * titulaires_in_office <= seats:
        return True, "Le nombre de titulaires est réduit de moitié ou plus : élections partielles (L2314-10)."
    return False, "Pas de condition d'élection partielle remplie (L2314-10)."


@dataclass(frozen=True, slots=True)
class Protection:
    label: str
    article: str
    starts_on: date
    ends_on: date | None


def candidate_protection(*, filed_on: date) -> Protection:
    """L2411-7: a candidate is protected for six months from the sending of the candidacy."""
    return Protection("Candidat", "L2411-7", filed_on, add_months(filed_on, PROTECTION_MONTHS))


def elected_protection(*, mandate_start: date, mandate_end: date | None) -> Protection:
    """L2411-5: an élu (titulaire or suppléant) is protected during the mandate and six months after it ends."""
    return Protection(
        "Élu", "L2411-5", mandate_start, add_months(mandate_end, PROTECTION_MONTHS) if mandate_end else None
    )


def mandate_end_of(*, start: date, years: int = 4) -> date:
    """L2314-33: four years (2 to 4 by agreement, L2314-34); ends the day before the anniversary."""
    if not 2 <= years <= 4:
        raise ElectionRuleError("La durée des mandats est de 2 à 4 ans (L2314-33, L2314-34).")
    return add_months(start, 12 * years) - timedelta(days=1)
