"""Pure meeting rules: convocation delays, PV due dates, consultation deadlines, yearly plan, votes, DGI meeting.

Delays "of N days" are calendar days (DOMAIN.md) counted in the local calendar (Europe/Paris by default):
a delay of N days before a meeting is met when (meeting day - sending day) >= N, e.g. an agenda sent on the 1st
for a meeting on the 4th respects 3 days, and for a Monday meeting the latest sending day is the previous Friday
(until midnight). Agenda delivery is assumed the day it is sent (e-mail / platform).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from itertools import pairwise

from dialogue.core.clock import PARIS
from dialogue.core.errors import InvalidRuleInput as InvalidRuleInput
from dialogue.core.regime import Regime, required_ordinary_meetings
from dialogue.core.workdays import is_jour_ouvre


class InconsistentVote(InvalidRuleInput):
    """Attendance or ballots that cannot be true (L2315-32)."""


def _aware(name: str, value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRuleInput(f"{name} must be a timezone-aware datetime")
    return value


def _fr(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _cite(article: str) -> str:
    return f"art. {article} du Code du travail" if article[:1] in ("L", "R", "D") else article


# --- Convocation (L2315-30, L2316-17, L2315-27) -------------------------------------------------------------


class BodyKind(StrEnum):
    CSE = "cse"
    CSE_ETABLISSEMENT = "cse_etablissement"
    CSE_CENTRAL = "cse_central"
    CSSCT = "cssct"
    COMMISSION = "commission"


AGENDA_DAYS = 3  # L2315-30
CENTRAL_AGENDA_DAYS = 8  # L2316-17
SSCT_CONFIRMATION_DAYS = 15  # L2315-27 para. 4


@dataclass(frozen=True, slots=True, kw_only=True)
class DelayViolation:
    code: str
    article: str
    required_days: int
    actual_days: int
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvocationCheck:
    days_before: int
    violations: tuple[DelayViolation, ...]

    @property
    def ok(self) -> bool:
        return not self.violations


def days_before_meeting(*, sent_at: datetime, meeting_start: datetime, tz: tzinfo = PARIS) -> int:
    """Calendar days between the local sending day and the local meeting day."""
    sent, start = _aware("sent_at", sent_at), _aware("meeting_start", meeting_start)
    return (start.astimezone(tz).date() - sent.astimezone(tz).date()).days


def latest_sending_date(*, meeting_start: datetime, days: int, tz: tzinfo = PARIS) -> date:
    """Last local day on which a notice still respects a delay of `days` calendar days."""
    return _aware("meeting_start", meeting_start).astimezone(tz).date() - timedelta(days=days)


def convocation_check(
    *,
    meeting_start: datetime,
    now: datetime,
    body_kind: BodyKind | str,
    ri_days: int | None = None,
    full_remit: bool = True,
    urgency: Urgency | str | None = None,
    tz: tzinfo = PARIS,
) -> ConvocationCheck:
    """Check sending the convocation `now`: agenda 3 days before (L2315-30), 8 for a CSE central (L2316-17),
    longer if the règlement intérieur says so.

    Below 50 (`full_remit=False`) these articles do not apply; only `ri_days` is checked. CSSCT and other
    commissions have no statutory delay. A règlement intérieur cannot shorten the legal delay. The 15-day
    confirmation of SSCT meetings (L2315-27 al. 4) is a notice to outside bodies, never a delay of the
    convocation (see `ssct_notice_state`). A meeting with a statutory urgency (L4132-3, L2315-27 al. 2) is
    never late.
    """
    kind = BodyKind(body_kind)
    actual = days_before_meeting(sent_at=now, meeting_start=meeting_start, tz=tz)
    if urgency is not None:
        Urgency(urgency)
        return ConvocationCheck(days_before=actual, violations=())
    agenda = "L'ordre du jour doit être envoyé"
    rules: list[tuple[str, str, int, str]] = []  # code, article, required days, what must be done
    if full_remit and kind in (BodyKind.CSE, BodyKind.CSE_ETABLISSEMENT):
        rules.append(("agenda_delay", "L2315-30", AGENDA_DAYS, agenda))
    if kind is BodyKind.CSE_CENTRAL:
        rules.append(("agenda_delay", "L2316-17", CENTRAL_AGENDA_DAYS, agenda))
    statutory = max((rule[2] for rule in rules), default=0)
    if ri_days is not None and ri_days > statutory:
        rules.append(("agenda_ri_delay", "règlement intérieur", ri_days, agenda))
    violations = tuple(
        DelayViolation(
            code=code,
            article=article,
            required_days=required,
            actual_days=actual,
            message=f"{what} au moins {required} jours avant la réunion ({_cite(article)}), soit au plus tard le "
            f"{_fr(latest_sending_date(meeting_start=meeting_start, days=required, tz=tz))}.",
        )
        for code, article, required, what in rules
        if actual < required
    )
    return ConvocationCheck(days_before=actual, violations=violations)


# --- Procès-verbal (D2315-26) --------------------------------------------------------------------------------


class PvCase(StrEnum):
    GENERAL = "general"
    COLLECTIVE_REDUNDANCY = "licenciement_economique_collectif"  # L1233-30 consultation
    INSOLVENCY = "redressement_liquidation_judiciaire"


_PV_DAYS = {PvCase.GENERAL: 15, PvCase.COLLECTIVE_REDUNDANCY: 3, PvCase.INSOLVENCY: 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class PvDeadline:
    due: date
    days: int
    before_next_meeting: bool
    article: str = "D2315-26"


def pv_due(
    *, meeting_date: date, next_meeting_date: date | None, case: PvCase = PvCase.GENERAL, agreed_days: int | None = None
) -> PvDeadline:
    """D2315-26: PV sent to the employer within 15 days (3 under L1233-30, 1 in redressement/liquidation
    judiciaire), or before the next meeting when it falls within that delay. An agreement may set the delay (L2315-34).
    """
    days = _PV_DAYS[case] if agreed_days is None else agreed_days
    if days < 1:
        raise InvalidRuleInput(f"PV delay must be >= 1 day, got {days}")
    if next_meeting_date is not None and next_meeting_date <= meeting_date:
        raise InvalidRuleInput("the next meeting must come after the meeting of the PV")
    due = meeting_date + timedelta(days=days)
    if next_meeting_date is not None and next_meeting_date <= due:
        return PvDeadline(due=next_meeting_date, days=days, before_next_meeting=True)
    return PvDeadline(due=due, days=days, before_next_meeting=False)


def is_pv_overdue(*, due: date, today: date, sent_on: date | None = None) -> bool:
    """Late when sent after `due`, or not sent and `due` has passed (D2315-26)."""
    return (sent_on if sent_on is not None else today) > due


# --- Yearly calendar (L2315-21, L2315-28, L2312-19, L2315-27) ------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedMeeting:
    start: datetime
    treats_ssct: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarGap:
    missing_ordinary: int
    missing_ssct: int
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.messages


def _periods(year: int, n: int) -> list[tuple[date, date]]:
    """Split the year into n [start, end) periods, on month boundaries when n divides 12."""
    if 12 % n == 0:
        starts = [date(year, 1 + i * 12 // n, 1) for i in range(n)] + [date(year + 1, 1, 1)]
    else:
        total = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        starts = [date(year, 1, 1) + timedelta(days=i * total // n) for i in range(n + 1)]
    return list(pairwise(starts))


def year_periods(year: int, n: int) -> list[tuple[date, date]]:
    """The n [start, end) periods of `year` that `plan_year` places one meeting in, in order."""
    return _periods(year, n)


def _pick_day(period: tuple[date, date], *, weekday: int, occurrence: int, alsace_moselle: bool) -> date:
    start, end = period
    preferred = start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * (occurrence - 1))
    days = (start + timedelta(days=i) for i in range((end - start).days))
    usable = [d for d in days if is_jour_ouvre(d, alsace_moselle=alsace_moselle)]
    return min(usable, key=lambda d: (d.weekday() != weekday, abs((d - preferred).days), d < preferred))


def _ssct_indices(days: Sequence[date], *, year: int, count: int) -> set[int]:
    chosen: set[int] = set()
    for start, end in _periods(year, count) if count else []:
        free = [i for i in range(len(days)) if i not in chosen]
        inside = [i for i in free if start <= days[i] < end]
        chosen.add(inside[0] if inside else min(free, key=lambda i: abs((days[i] - start).days)))
    return chosen


def plan_year(
    *,
    year: int,
    regime: Regime,
    agreed_ordinary: int | None = None,
    ssct_count: int | None = None,
    weekday: int = 1,
    occurrence: int = 2,
    at: time = time(14, 0),
    tz: tzinfo = PARIS,
    alsace_moselle: bool = False,
    count: int | None = None,
) -> tuple[PlannedMeeting, ...]:
    """Propose the ordinary meetings of `year` (count from the regime or the agreement, L2315-21/L2315-28/L2312-19),
    one per equal period: the `occurrence`-th `weekday` of the period or, on a public holiday, the same weekday a
    week later (else earlier) within the period, at wall-clock time `at` in `tz`. SSCT meetings (L2315-27, 4 by
    default) are the first meeting of each quarter, or of each 1/ssct_count of the year. `count` replaces the
    regime's number for bodies with their own frequency (e.g. a CSE central, L2316-15)."""
    count = required_ordinary_meetings(regime=regime, agreed=agreed_ordinary) if count is None else count
    ssct = regime.ssct_meetings_per_year if ssct_count is None else ssct_count
    if not 0 <= weekday <= 4 or not 1 <= occurrence <= 5:
        raise InvalidRuleInput("weekday must be Monday–Friday (0–4) and occurrence 1–5")
    if count > 52 or not 0 <= ssct <= count:
        raise InvalidRuleInput(f"cannot plan {count} meetings with {ssct} SSCT meetings in a year")
    days = [
        _pick_day(p, weekday=weekday, occurrence=occurrence, alsace_moselle=alsace_moselle)
        for p in (_periods(year, count) if count else [])
    ]
    ssct_at = _ssct_indices(days, year=year, count=ssct)
    return tuple(
        PlannedMeeting(start=datetime.combine(d, at.replace(tzinfo=None), tzinfo=tz), treats_ssct=i in ssct_at)
        for i, d in enumerate(days)
    )


def calendar_gap(
    *, planned_ordinary: int, planned_ssct: int, required_ordinary: int, required_ssct: int
) -> CalendarGap:
    """What the planned calendar lacks against the required counts (L2315-21/L2315-28/L2312-19; L2315-27)."""
    missing_ordinary = max(0, required_ordinary - planned_ordinary)
    missing_ssct = max(0, required_ssct - planned_ssct)
    messages: list[str] = []
    if missing_ordinary:
        messages.append(
            f"Il manque {missing_ordinary} réunion(s) ordinaire(s) sur les {required_ordinary} requises par an "
            "(art. L2315-21, L2315-28 ou accord selon L2312-19 du Code du travail)."
        )
    if missing_ssct:
        messages.append(
            f"Il manque {missing_ssct} réunion(s) traitant de santé, sécurité et conditions de travail sur les "
            f"{required_ssct} requises par an (art. L2315-27 du Code du travail)."
        )
    return CalendarGap(missing_ordinary=missing_ordinary, missing_ssct=missing_ssct, messages=tuple(messages))


# --- Votes (L2315-32) ---------------------------------------------------------------------------------------


class AttendeeRole(StrEnum):
    PRESIDENT = "president"
    TITULAIRE = "titulaire"
    SUPPLEANT = "suppleant"
    REPRESENTANT_SYNDICAL = "representant_syndical"
    COLLABORATEUR = "collaborateur"  # assists the president, voix consultative (L2315-23)
    INVITE = "invite"


class ResolutionKind(StrEnum):
    """What a vote decides, which says whether the president votes (L2315-32; DOMAIN.md §0.4)."""

    CONSULTATION_OPINION = "avis"  # délégation du personnel: the president does not vote (L2315-32)
    ASC_MANAGEMENT = "asc"  # president excluded (Cass. soc. 25 Jan. 1995, n° 92-16.778)
    EXPERT = "expertise"  # designating an expert (L2315-78 s.): the élus decide, as the délégation
    LEGAL_ACTION = "justice"  # mandating a member to act in court (Cass. soc. 19 oct. 2022, n° 21-18.705)
    OPERATING_GRANT = "subvention"  # using the subvention de fonctionnement (L2315-61)
    COMMISSION_MEMBERS = "commission"  # choosing the members of the commissions
    ALERT = "alerte"  # economic alert (L2312-63), DGI disagreement facing the employer (L4132-4)
    MINUTES = "pv"  # adopting the PV: UNVERIFIED, the body's setting says whether the president votes
    INTERNAL = "interne"  # internal organisation (secretary, treasurer, règlement intérieur), other deliberations


#: Votes of the élus as délégation du personnel: the president does not take part (L2315-32; DOMAIN.md §0.4).
DELEGATION_KINDS = frozenset(
    {
        ResolutionKind.CONSULTATION_OPINION,
        ResolutionKind.ASC_MANAGEMENT,
        ResolutionKind.EXPERT,
        ResolutionKind.LEGAL_ACTION,
        ResolutionKind.OPERATING_GRANT,
        ResolutionKind.COMMISSION_MEMBERS,
        ResolutionKind.ALERT,
    }
)


def president_votes(kind: ResolutionKind, *, president_votes_on_minutes: bool = True) -> bool:
    """L2315-32: the president does not vote where the élus deliberate as the délégation du personnel (opinions,
    expert, court action, operating grant, commissions, alerts); he votes on the CSE's internal organisation. On the
    PV's adoption the law is unverified: the body's setting decides (default: he votes)."""
    if kind is ResolutionKind.MINUTES:
        return president_votes_on_minutes
    return kind not in DELEGATION_KINDS


def present_for_item(*, position: int, arrived_before_item: int | None, left_after_item: int | None) -> bool:
    """Presence is per vote (DOMAIN.md §0.11): a member who arrived before item `arrived_before_item` and left after
    item `left_after_item` was there for the items between them, both included; None means from the start, or to
    the end."""
    if arrived_before_item is not None and position < arrived_before_item:
        return False
    return left_after_item is None or position <= left_after_item


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendee:
    person_id: str
    role: AttendeeRole
    replaces: str | None = None  # for a suppléant: the absent titulaire they stand in for (L2314-1)


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteResult:
    voters: int
    votes_for: int
    votes_against: int
    abstentions: int
    blank: int
    void: int
    not_cast: int
    required_majority: int
    adopted: bool

    @property
    def counted_against(self) -> int:
        """Everything that is not a vote for counts against (L2315-32: majority of members present)."""
        return self.voters - self.votes_for


def eligible_voters(
    *, attendees: Sequence[Attendee], kind: ResolutionKind, president_votes_on_minutes: bool = True
) -> tuple[str, ...]:
    """Who votes (L2315-32): titulaires present, suppléants replacing an absent titulaire, and the president
    except where the élus vote as the délégation du personnel (`president_votes`); union representatives and
    guests never vote."""
    ids = [a.person_id for a in attendees]
    if len(set(ids)) != len(ids):
        raise InconsistentVote("une même personne figure deux fois parmi les présents")
    if sum(a.role is AttendeeRole.PRESIDENT for a in attendees) > 1:
        raise InconsistentVote("une réunion n'a qu'un président")
    present, replaced = set(ids), [a.replaces for a in attendees if a.replaces is not None]
    if any(a.replaces is not None and a.role is not AttendeeRole.SUPPLEANT for a in attendees):
        raise InconsistentVote("seul un suppléant remplace un titulaire (art. L2314-1)")
    if len(set(replaced)) != len(replaced) or present.intersection(replaced):
        raise InconsistentVote("un titulaire présent ou déjà remplacé ne peut pas être remplacé (art. L2314-1)")
    president_in = president_votes(kind, president_votes_on_minutes=president_votes_on_minutes)
    return tuple(
        a.person_id
        for a in attendees
        if a.role is AttendeeRole.TITULAIRE
        or (a.role is AttendeeRole.SUPPLEANT and a.replaces is not None)
        or (a.role is AttendeeRole.PRESIDENT and president_in)
    )


def tally_vote(
    *, voters: int, votes_for: int, votes_against: int, abstentions: int = 0, blank: int = 0, void: int = 0
) -> VoteResult:
    """L2315-32: adopted by the majority of the members present entitled to vote (half + 1); abstentions,
    blank and void ballots, and members who do not vote, count against."""
    counts = (voters, votes_for, votes_against, abstentions, blank, void)
    if min(counts) < 0:
        raise InconsistentVote("les nombres de votants et de voix ne peuvent pas être négatifs")
    if voters == 0:
        raise InconsistentVote("aucun membre présent n'a le droit de vote")
    cast = votes_for + votes_against + abstentions + blank + void
    if cast > voters:
        raise InconsistentVote(f"{cast} bulletins pour {voters} votants : plus de bulletins que de votants")
    required = voters // 2 + 1
    return VoteResult(
        voters=voters,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        blank=blank,
        void=void,
        not_cast=voters - cast,
        required_majority=required,
        adopted=votes_for >= required,
    )


# --- Replacement of an absent titulaire (L2314-37) --------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectedMember:
    """An élu as L2314-37 sees them: the union whose list elected them, category, college, votes obtained."""

    member_id: int
    name: str
    union_name: str | None = None
    category: str | None = None
    electoral_college: str | None = None
    votes: int | None = None


class ReplacementStep(StrEnum):
    SAME_UNION_SAME_CATEGORY = "same_union_same_category"
    SAME_UNION_SAME_COLLEGE = "same_union_same_college"
    SAME_UNION = "same_union"
    UNELECTED_CANDIDATE = "unelected_candidate"
    OTHER_UNION_SAME_CATEGORY = "other_union_same_category"


REPLACEMENT_ARTICLE: dict[ReplacementStep, str] = {
    ReplacementStep.SAME_UNION_SAME_CATEGORY: (
        "art. L2314-37 : suppléant élu sur une liste de la même organisation syndicale, priorité à la même "
        "catégorie professionnelle (le plus de voix s'ils sont plusieurs, Cass. soc. 15 janv. 1981)"
    ),
    ReplacementStep.SAME_UNION_SAME_COLLEGE: (
        "art. L2314-37 : à défaut de suppléant de la même catégorie, suppléant de la même organisation syndicale "
        "et du même collège électoral"
    ),
    ReplacementStep.SAME_UNION: (
        "art. L2314-37 : à défaut, suppléant de la même organisation syndicale ayant obtenu le plus de voix "
        "(Cass. soc. 18 mai 2022, n° 21-11.347)"
    ),
    ReplacementStep.UNELECTED_CANDIDATE: (
        "art. L2314-37 al. 2 et 3 : sans suppléant de la même organisation syndicale, le candidat non élu de la même "
        "liste venant immédiatement après le dernier élu — les listes de candidats ne sont pas tenues dans "
        "l'application : indiquez la raison pour retenir un autre suppléant"
    ),
    ReplacementStep.OTHER_UNION_SAME_CATEGORY: (
        "art. L2314-37 al. 4 : à défaut, suppléant d'une autre organisation syndicale, de la même catégorie, ayant "
        "obtenu le plus de voix"
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacementProposal:
    """The suppléant the law calls (`member_id`, None at the unelected-candidate step, kept outside the app), the
    suppléants ranked equally with them, the step reached and its article."""

    titulaire_id: int
    step: ReplacementStep
    member_id: int | None
    name: str | None
    equally_ranked: tuple[int, ...]
    article: str
    fallback: ReplacementProposal | None = None  # at the unelected-candidate step: the next step's suppléant

    def allows(self, member_id: int) -> bool:
        return member_id in self.equally_ranked


def _best(titulaire: ElectedMember, step: ReplacementStep, pool: Sequence[ElectedMember]) -> ReplacementProposal:
    top = max(s.votes or 0 for s in pool)
    ranked = [s for s in pool if (s.votes or 0) == top]
    return ReplacementProposal(
        titulaire_id=titulaire.member_id,
        step=step,
        member_id=ranked[0].member_id,
        name=ranked[0].name,
        equally_ranked=tuple(s.member_id for s in ranked),
        article=REPLACEMENT_ARTICLE[step],
    )


def legal_replacement(
    titulaire: ElectedMember, present_suppleants: Sequence[ElectedMember]
) -> ReplacementProposal | None:
    """L2314-37: an absent titulaire is replaced by a suppléant of the same union's list, the same category first;
    else the same union and the same college; else the same union's suppléant with most votes; else the next
    unelected candidate of the union's list (not kept in the app); else a suppléant of another list, same category,
    most votes. Only suppléants present and free are considered; None when nothing in the data designates one
    (union and category unknown), and then the choice is free."""
    union = titulaire.union_name
    same_union = [s for s in present_suppleants if union is not None and s.union_name == union]
    steps: list[tuple[ReplacementStep, list[ElectedMember]]] = [
        (
            ReplacementStep.SAME_UNION_SAME_CATEGORY,
            [s for s in same_union if titulaire.category is not None and s.category == titulaire.category],
        ),
        (
            ReplacementStep.SAME_UNION_SAME_COLLEGE,
            [
                s
                for s in same_union
                if titulaire.electoral_college is not None and s.electoral_college == titulaire.electoral_college
            ],
        ),
        (ReplacementStep.SAME_UNION, same_union),
    ]
    for step, pool in steps:
        if pool:
            return _best(titulaire, step, pool)
    others = [
        s
        for s in present_suppleants
        if titulaire.category is not None
        and s.category == titulaire.category
        and (union is None or s.union_name != union)
    ]
    fallback = _best(titulaire, ReplacementStep.OTHER_UNION_SAME_CATEGORY, others) if others else None
    if union is None:
        return fallback
    return ReplacementProposal(
        titulaire_id=titulaire.member_id,
        step=ReplacementStep.UNELECTED_CANDIDATE,
        member_id=None,
        name=None,
        equally_ranked=(),
        article=REPLACEMENT_ARTICLE[ReplacementStep.UNELECTED_CANDIDATE],
        fallback=fallback,
    )


# --- DGI disagreement (L4132-3) -----------------------------------------------------------------------------

DGI_MEETING_DELAY = timedelta(hours=24)


def dgi_meeting_latest_start(*, disagreement_at: datetime) -> datetime:
    """L4132-3: the CSE meets within 24 hours of the disagreement; 24 elapsed hours, so DST-safe (UTC maths)."""
    moment = _aware("disagreement_at", disagreement_at)
    return (moment.astimezone(UTC) + DGI_MEETING_DELAY).astimezone(moment.tzinfo)


# --- Body kinds, yearly obligations, horizon ------------------------------------------------------------------

CENTRAL_MEETINGS_PER_YEAR = 2  # L2316-15: at least once every 6 months
MAX_YEARS_AHEAD = 5


def convocation_body_kind(*, body_kind: str, has_establishment: bool) -> BodyKind:
    """Map a stored body kind to the kinds the convocation delays know (L2315-30, L2316-17)."""
    if body_kind == "cse":
        return BodyKind.CSE_ETABLISSEMENT if has_establishment else BodyKind.CSE
    if body_kind == "cse_central":
        return BodyKind.CSE_CENTRAL
    if body_kind == "cssct":
        return BodyKind.CSSCT
    return BodyKind.COMMISSION


@dataclass(frozen=True, slots=True, kw_only=True)
class YearlyObligation:
    ordinary: int
    ssct: int
    basis: str


class NoLegalFrequency(InvalidRuleInput):
    """The body has no statutory meeting frequency and none was agreed."""


def yearly_obligation(*, body_kind: str, regime: Regime, agreed_ordinary: int | None) -> YearlyObligation:
    """Meetings a body owes in a year: a CSE from its regime or agreement (L2315-21, L2315-28, L2312-19) with
    4 SSCT meetings at >= 50 (L2315-27); a CSE central twice a year (L2316-15); other bodies only by agreement."""
    if body_kind == "cse":
        ordinary = required_ordinary_meetings(regime=regime, agreed=agreed_ordinary)
        basis = (
            "accord (L2312-19)" if agreed_ordinary is not None else ("L2315-28" if regime.full_remit else "L2315-21")
        )
        return YearlyObligation(ordinary=ordinary, ssct=min(regime.ssct_meetings_per_year, ordinary), basis=basis)
    if body_kind == "cse_central":
        ordinary = max(CENTRAL_MEETINGS_PER_YEAR, agreed_ordinary or 0)
        return YearlyObligation(ordinary=ordinary, ssct=0, basis="L2316-15")
    if agreed_ordinary is None:
        raise NoLegalFrequency(
            "Aucune fréquence légale de réunion pour cette instance : indiquez le nombre de réunions prévu par "
            "accord ou règlement intérieur."
        )
    return YearlyObligation(ordinary=agreed_ordinary, ssct=0, basis="accord ou règlement intérieur")


def too_far_ahead(*, starts_at: datetime, now: datetime, years: int = MAX_YEARS_AHEAD) -> bool:
    """A meeting more than `years` years away is almost surely a typing error (year 2205 for 2025)."""
    start, current = _aware("starts_at", starts_at), _aware("now", now)
    return start.astimezone(UTC) > current.astimezone(UTC) + timedelta(days=366 * years)


# --- Agenda (L2315-29, L2315-30) -------------------------------------------------------------------------------


def agenda_agreed(*, version: int, approvals: Sequence[tuple[int, str]]) -> bool:
    """L2315-29: the agenda is drawn up jointly; agreed once the president and the secretary both approved
    the current version (an approval of an earlier version is withdrawn by the change)."""
    roles = {role for approved_version, role in approvals if approved_version == version}
    return {"president", "secretary"} <= roles


def duplicate_positions(positions: Sequence[int]) -> tuple[int, ...]:
    """Positions given more than once in a reordering, sorted."""
    seen: set[int] = set()
    duplicates: set[int] = set()
    for position in positions:
        (duplicates if position in seen else seen).add(position)
    return tuple(sorted(duplicates))


# --- Minutes (L2315-34, L2315-35) ------------------------------------------------------------------------------


def minutes_digest(text: str) -> str:
    """SHA-256 of the minutes text (UTF-8), stored when the minutes are adopted and shown with them."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def minutes_seal(key: bytes, *, minutes_id: int, meeting_id: int, sha256: str) -> str:
    """HMAC-SHA256, under the chain key (never in the database), of an adopted text's SHA-256 and of the
    meeting it belongs to: a writer who edits the text *and* its SHA-256, or moves it, cannot re-seal it."""
    message = f"minutes:{minutes_id}:{meeting_id}:{sha256.lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class MinutesIntegrity(StrEnum):
    INTACT = "intact"
    MISMATCH = "mismatch"


def minutes_integrity(
    *, key: bytes, minutes_id: int, meeting_id: int, text: str, sha256: str | None, mac: str | None
) -> tuple[MinutesIntegrity | None, str | None]:
    """Re-check adopted minutes before serving them (L2315-34: the PV adopted is the one the CSE voted).

    None for minutes not adopted (no frozen text yet); else intact, or mismatch with the reason shown.
    """
    if sha256 is None:
        return None, None
    if not hmac.compare_digest(minutes_digest(text), sha256.lower()):
        return MinutesIntegrity.MISMATCH, (
            "Le texte servi ne correspond plus à l'empreinte SHA-256 enregistrée à l'adoption : il a été modifié."
        )
    expected = minutes_seal(key, minutes_id=minutes_id, meeting_id=meeting_id, sha256=sha256)
    if mac is None or not hmac.compare_digest(expected, mac.lower()):
        return MinutesIntegrity.MISMATCH, (
            "L'empreinte SHA-256 enregistrée n'est pas scellée par la clé du service : texte et empreinte ont pu "
            "être réécrits ensemble."
        )
    return MinutesIntegrity.INTACT, None


# --- Notice shown before convening (L2315-30, L2316-17, L2315-27) ------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeDeadline:
    """A delay the convocation must respect: the last local day to send it, how many days, which article."""

    code: str
    article: str
    days: int
    latest_day: date


def notice_deadlines(
    *,
    meeting_start: datetime,
    body_kind: BodyKind | str,
    ri_days: int | None = None,
    full_remit: bool = True,
    urgency: Urgency | str | None = None,
    tz: tzinfo = PARIS,
) -> tuple[NoticeDeadline, ...]:
    """The delays `convocation_check` enforces, as dates to show before convening: agenda 3 days before
    (L2315-30), 8 for a CSE central (L2316-17) or the règlement intérieur's longer delay. Empty when no
    statutory delay applies (< 50, commissions) or the meeting has a statutory urgency (L4132-3, L2315-27)."""
    kind = BodyKind(body_kind)
    if urgency is not None:
        Urgency(urgency)
        return ()
    agenda: tuple[str, str, int] | None = None
    if full_remit and kind in (BodyKind.CSE, BodyKind.CSE_ETABLISSEMENT):
        agenda = ("agenda_delay", "L2315-30", AGENDA_DAYS)
    if kind is BodyKind.CSE_CENTRAL:
        agenda = ("agenda_delay", "L2316-17", CENTRAL_AGENDA_DAYS)
    if ri_days is not None and ri_days > (agenda[2] if agenda else 0):
        agenda = ("agenda_ri_delay", "règlement intérieur", ri_days)
    return tuple(
        NoticeDeadline(
            code=code,
            article=article,
            days=days,
            latest_day=latest_sending_date(meeting_start=meeting_start, days=days, tz=tz),
        )
        for code, article, days in ([agenda] if agenda else [])
    )


# --- Convening without a joint agenda, SSCT notice, statutory urgency (branch convening) -------------------------
# L2315-29 (joint agenda) is a rule of the CSE >= 50; L2316-17 for the CSE central. DOMAIN.md §0.3, §0.7.

JOINT_AGENDA_CSE_KINDS = frozenset({"cse", "cssct"})  # L2315-29, only with the >= 50 attributions
JOINT_AGENDA_ALWAYS_KINDS = frozenset({"cse_central"})  # L2316-17
SSCT_NOTICE_RECIPIENTS = ("inspection_travail", "medecin_travail", "carsat")  # L2315-27 al. 4


class Urgency(StrEnum):
    """A statutory urgency: the meeting is held at once, its convocation is never 'late'."""

    DGI_DISAGREEMENT = "dgi_disagreement"  # L4132-3: within 24 hours
    SERIOUS_ACCIDENT = "serious_accident"  # L2315-27 al. 2: after an accident with serious consequences


URGENCY_ARTICLES = {Urgency.DGI_DISAGREEMENT: "L4132-3", Urgency.SERIOUS_ACCIDENT: "L2315-27 al. 2"}


def urgency_article(urgency: Urgency | str) -> str:
    """The article that makes the meeting urgent (L4132-3 for a DGI disagreement, L2315-27 al. 2 after an
    accident with serious consequences)."""
    return URGENCY_ARTICLES[Urgency(urgency)]


class ConveningBasis(StrEnum):
    """Why the meeting may be convened with its agenda as it stands."""

    JOINT_AGENDA = "joint_agenda"  # L2315-29 al. 1 / L2316-17: president and secretary approved
    EMPLOYER_BELOW_50 = "employer_below_50"  # L2315-21: below 50 the employer convenes, no L2315-29
    EMPLOYER_NO_SECRETARY = "employer_no_secretary"  # no secretary yet (first meeting after the election)
    NO_JOINT_RULE = "no_joint_rule"  # not a CSE: board, direction committee, QVT steering, negotiation table
    PLEIN_DROIT = "plein_droit"  # L2315-29 al. 2: mandatory consultations only, secretary's disagreement kept


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaEntry:
    title: str
    plein_droit: bool  # a consultation required by law or agreement (kind consultation, mandatory)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConveningDecision:
    basis: ConveningBasis | None
    needs_joint: tuple[str, ...]  # titles of the items that only a joint agenda can carry
    article: str

    @property
    def ok(self) -> bool:
        return self.basis is not None


def joint_agenda_required(*, body_kind: str, full_remit: bool, has_secretary: bool) -> bool:
    """L2315-29: the agenda is drawn up jointly by the president and the secretary in a CSE >= 50 (and its
    CSSCT), L2316-17 in a CSE central. Below 50 the employer convenes (L2315-21); a body without a secretary
    yet is convened by the employer alone; bodies that are not a CSE have no such rule (DOMAIN.md §0.3)."""
    if body_kind in JOINT_AGENDA_ALWAYS_KINDS:
        return has_secretary
    return body_kind in JOINT_AGENDA_CSE_KINDS and full_remit and has_secretary


def convening_basis(
    *, body_kind: str, full_remit: bool, has_secretary: bool, agreed: bool, items: Sequence[AgendaEntry]
) -> ConveningDecision:
    """On what ground the agenda as it stands may go out with the convocation (L2315-29, L2316-17, L2315-21).

    Where the joint agenda applies and is not agreed, consultations required by law or agreement are placed
    on the agenda de plein droit by either the president or the secretary (L2315-29 al. 2): an agenda made only
    of them can be convened, the secretary's disagreement being recorded; any other item needs both approvals.
    """
    article = "L2316-17" if body_kind in JOINT_AGENDA_ALWAYS_KINDS else "L2315-29"
    if body_kind not in JOINT_AGENDA_CSE_KINDS | JOINT_AGENDA_ALWAYS_KINDS:
        return ConveningDecision(basis=ConveningBasis.NO_JOINT_RULE, needs_joint=(), article="")
    if body_kind in JOINT_AGENDA_CSE_KINDS and not full_remit:
        return ConveningDecision(basis=ConveningBasis.EMPLOYER_BELOW_50, needs_joint=(), article="L2315-21")
    if not has_secretary:
        return ConveningDecision(basis=ConveningBasis.EMPLOYER_NO_SECRETARY, needs_joint=(), article=article)
    if agreed:
        return ConveningDecision(basis=ConveningBasis.JOINT_AGENDA, needs_joint=(), article=article)
    others = tuple(item.title for item in items if not item.plein_droit)
    if items and not others:
        return ConveningDecision(basis=ConveningBasis.PLEIN_DROIT, needs_joint=(), article="L2315-29 al. 2")
    return ConveningDecision(basis=None, needs_joint=others, article=article)


class SsctNoticeStatus(StrEnum):
    DUE = "due"  # to send, the last day has not passed
    LATE = "late"  # not sent and the last day has passed
    SENT = "sent"  # sent on time to every recipient
    SENT_LATE = "sent_late"  # sent to every recipient, after the last day


def ssct_notice_required(*, body_kind: str, full_remit: bool, meeting_kind: str, treats_ssct: bool) -> bool:
    """L2315-27 al. 4: the SSCT meetings of the CSE's annual calendar (>= 50) are confirmed in writing to the
    labour inspector, the médecin du travail and the CARSAT agent; extraordinary meetings are not in the
    calendar."""
    return body_kind == "cse" and full_remit and treats_ssct and meeting_kind != "extraordinary"


def ssct_notice_due_on(*, meeting_start: datetime, tz: tzinfo = PARIS) -> date:
    """L2315-27 al. 4: confirmed in writing at least 15 days before: the meeting's local day minus 15 days."""
    return latest_sending_date(meeting_start=meeting_start, days=SSCT_CONFIRMATION_DAYS, tz=tz)


def ssct_notice_state(
    *, due_on: date, today: date, sent_on: date | None, recipients: Sequence[str] = SSCT_NOTICE_RECIPIENTS
) -> SsctNoticeStatus:
    """Due, late, sent or sent late (L2315-27 al. 4): sent only once every recipient (inspection, médecin du
    travail, CARSAT) has it; a notice is never a delay of the convocation to members."""
    complete = sent_on is not None and set(SSCT_NOTICE_RECIPIENTS) <= set(recipients)
    if complete and sent_on is not None:
        return SsctNoticeStatus.SENT if sent_on <= due_on else SsctNoticeStatus.SENT_LATE
    return SsctNoticeStatus.LATE if today > due_on else SsctNoticeStatus.DUE
