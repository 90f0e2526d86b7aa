"""Convening a meeting: convocation delays (L2315-30, L2316-17), the notice shown before convening, the joint
agenda (L2315-29), statutory urgencies (L4132-3, L2315-27 al. 2), the body kinds the delays know.

Delays "of N days" are calendar days (DOMAIN.md) counted in the local calendar (Europe/Paris by default):
a delay of N days before a meeting is met when (meeting day - sending day) >= N, e.g. an agenda sent on the 1st
for a meeting on the 4th respects 3 days, and for a Monday meeting the latest sending day is the previous Friday
(until midnight). Agenda delivery is assumed the day it is sent (e-mail / platform).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from dialogue.core.clock import PARIS
from dialogue.meetings.rules.base import aware, cite, fr_date

# --- Convocation (L2315-30, L2316-17, L2315-27) -------------------------------------------------------------


class ConvocationKind(StrEnum):
    """The kinds the convocation delays know: a body's stored kind (`bodies.schemas.BodyKind`) as the delays see it
    (a CSE with an établissement is a CSE d'établissement; commissions have no statutory delay)."""

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
    sent, start = aware("sent_at", sent_at), aware("meeting_start", meeting_start)
    return (start.astimezone(tz).date() - sent.astimezone(tz).date()).days


def latest_sending_date(*, meeting_start: datetime, days: int, tz: tzinfo = PARIS) -> date:
    """Last local day on which a notice still respects a delay of `days` calendar days."""
    return aware("meeting_start", meeting_start).astimezone(tz).date() - timedelta(days=days)


def convocation_check(
    *,
    meeting_start: datetime,
    now: datetime,
    body_kind: ConvocationKind | str,
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
    kind = ConvocationKind(body_kind)
    actual = days_before_meeting(sent_at=now, meeting_start=meeting_start, tz=tz)
    if urgency is not None:
        Urgency(urgency)
        return ConvocationCheck(days_before=actual, violations=())
    agenda = "L'ordre du jour doit être envoyé"
    rules: list[tuple[str, str, int, str]] = []  # code, article, required days, what must be done
    if full_remit and kind in (ConvocationKind.CSE, ConvocationKind.CSE_ETABLISSEMENT):
        rules.append(("agenda_delay", "L2315-30", AGENDA_DAYS, agenda))
    if kind is ConvocationKind.CSE_CENTRAL:
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
            message=f"{what} au moins {required} jours avant la réunion ({cite(article)}), soit au plus tard le "
            f"{fr_date(latest_sending_date(meeting_start=meeting_start, days=required, tz=tz))}.",
        )
        for code, article, required, what in rules
        if actual < required
    )
    return ConvocationCheck(days_before=actual, violations=violations)


def convocation_body_kind(*, body_kind: str, has_establishment: bool) -> ConvocationKind:
    """Map a stored body kind to the kinds the convocation delays know (L2315-30, L2316-17)."""
    if body_kind == "cse":
        return ConvocationKind.CSE_ETABLISSEMENT if has_establishment else ConvocationKind.CSE
    if body_kind == "cse_central":
        return ConvocationKind.CSE_CENTRAL
    if body_kind == "cssct":
        return ConvocationKind.CSSCT
    return ConvocationKind.COMMISSION


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
    body_kind: ConvocationKind | str,
    ri_days: int | None = None,
    full_remit: bool = True,
    urgency: Urgency | str | None = None,
    tz: tzinfo = PARIS,
) -> tuple[NoticeDeadline, ...]:
    """The delays `convocation_check` enforces, as dates to show before convening: agenda 3 days before
    (L2315-30), 8 for a CSE central (L2316-17) or the règlement intérieur's longer delay. Empty when no
    statutory delay applies (< 50, commissions) or the meeting has a statutory urgency (L4132-3, L2315-27)."""
    kind = ConvocationKind(body_kind)
    if urgency is not None:
        Urgency(urgency)
        return ()
    agenda: tuple[str, str, int] | None = None
    if full_remit and kind in (ConvocationKind.CSE, ConvocationKind.CSE_ETABLISSEMENT):
        agenda = ("agenda_delay", "L2315-30", AGENDA_DAYS)
    if kind is ConvocationKind.CSE_CENTRAL:
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


# --- Convening without a joint agenda, statutory urgency (branch convening) -------------------------
# L2315-29 (joint agenda) is a rule of the CSE >= 50; L2316-17 for the CSE central. DOMAIN.md §0.3, §0.7.

JOINT_AGENDA_CSE_KINDS = frozenset({"cse", "cssct"})  # L2315-29, only with the >= 50 attributions
JOINT_AGENDA_ALWAYS_KINDS = frozenset({"cse_central"})  # L2316-17


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
