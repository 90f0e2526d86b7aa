"""Delegation hours (heures de délégation): pure rules, each with its article (DOMAIN.md §10).

Sources read for this module (search corpus, 2026-12): L2315-11 (text, french-business-law.com: V); L2143-13 (text,
doctrine.fr: V, 12/18/24 h, "peut être dépassé en cas de circonstances exceptionnelles", half-days of 4 h for
forfait-jours); R2315-5 and R2315-6 (paraphrases by nexem.fr and toutsurlecse.fr, same wording as the former DUP
text L2326-1 read on legal.tricoteuses.fr: V2); L2315-7 floors of 10 h / 16 h (paraphrase, hcr-fo.fr: V2); R2314-1
table (conseilcse.fr copy, matching `core.regime`: V2); R2315-3 remainder under 4 h counted as one half-day (V2).

Session 7 (DOMAIN.md §10, read whole): R2315-5's notice to the employer at least 8 days before cumulated hours are
used (V [S-new-6]); L3123-14, a part-time member's credit is not reduced but its use may not cut his monthly working
time by more than one third, the balance being usable outside working hours (V [S-new-19]); R2315-7, meetings of
the CSE's commissions not deducted up to 30 h a year (300 to 999 employees) or 60 h (from 1,000), CSSCT meetings
always paid and not deducted (V [S-new-9]).

UNVERIFIED points stay parameters of `HoursPolicy` with the default named there: whether carried hours can be
shared, how many months a credit is carried, whether received hours can be carried, whether the R2315-7 cap also
covers plenary meetings and whether there is one below 300 employees, how the 30/60 h year is counted (calendar year
here) and whose headcount selects it (the company's here, R2315-7 speaks of "entreprises").
Hours are handled in minutes (integers) so sums never drift; the API speaks hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from dialogue.core.regime import regime_for

MINUTES: Final = 60
#: L2315-7 1°: the credit of a CSE titulaire is never below 10 h (< 50 employees) or 16 h (>= 50) a month (V2).
FLOOR_BELOW_50: Final = 10
FLOOR_FROM_50: Final = 16
#: R2315-5 / R2315-6: at most 1.5 × the monthly credit in one month (V2).
CAP_RATIO_NUM: Final = 3
CAP_RATIO_DEN: Final = 2
#: R2315-6: the employer is informed at least 8 days before the shared hours are used (V2).
TRANSFER_NOTICE_DAYS: Final = 8
#: R2315-3 (CSE), L2143-13 (DS): a half-day of forfait-jours is 4 hours of mandate (V).
HALF_DAY_HOURS: Final = 4
#: L2315-7 2°, R2315-4: the union representative to the CSE has 20 h in companies of at least 501 (V).
RS_CSE_HOURS: Final = 20
RS_CSE_FROM: Final = 501
#: Share of the month's available hours left under which the member is told their balance is nearly used.
NEARLY_USED_SHARE: Final = 0.2


class TimeKind(StrEnum):
    """What the time was spent on. Only `delegation` is deducted from the credit (L2315-11)."""

    delegation = "delegation"
    employer_meeting = "employer_meeting"
    commission_meeting = "commission_meeting"
    cssct_meeting = "cssct_meeting"
    accident_inquiry = "accident_inquiry"
    dgi = "dgi"


#: L2315-11 (V): meetings of the committee and its commissions (2°), serious-accident inquiries (3°) and the search
#: of preventive measures in urgent situations, the DGI procedure included (1°), are paid as working time and
#: "ce temps n'est pas déduit des heures de délégation".
#: R2315-7 (V): CSSCT meetings are always paid as working time and never deducted.
NOT_DEDUCTED: Final = frozenset(
    {TimeKind.employer_meeting, TimeKind.cssct_meeting, TimeKind.accident_inquiry, TimeKind.dgi}
)
#: R2315-7 (V): meetings of the commissions (the CSSCT apart) are not deducted within an annual total; beyond it
#: they are deducted (`meeting_cap_minutes`). Plenary meetings join them when `HoursPolicy.cap_plenaries`.
CAPPED_MEETINGS: Final = frozenset({TimeKind.commission_meeting})
TIME_KIND_LABELS: Final = {
    TimeKind.delegation: "Heures de délégation",
    TimeKind.employer_meeting: "Réunion convoquée par l'employeur (non déduite, L2315-11)",
    TimeKind.commission_meeting: "Réunion d'une commission du CSE (non déduite dans la limite annuelle, R2315-7)",
    TimeKind.cssct_meeting: "Réunion de la CSSCT (jamais déduite, R2315-7)",
    TimeKind.accident_inquiry: "Enquête après accident grave (non déduite, L2315-11)",
    TimeKind.dgi: "Danger grave et imminent (non déduit, L2315-11)",
}


class Mandate(StrEnum):
    """Mandates that carry a monthly credit; credits of several mandates add up (DOMAIN.md §10, V2)."""

    titulaire = "titulaire"
    suppleant = "suppleant"
    rs_cse = "rs_cse"


@dataclass(frozen=True, slots=True, kw_only=True)
class HoursPolicy:
    """Choices the law leaves open or that stay UNVERIFIED; each default is the one DOMAIN.md §10 gives."""

    carry_months: int = 12
    """R2315-5: hours carried "dans la limite de douze mois"; a month's unused credit is usable in that month and
    the 11 following ones (counting convention UNVERIFIED)."""
    share_carried: bool = False
    """UNVERIFIED: whether cumulated hours can be shared; one expert says only the monthly credit can (default)."""
    carry_received: bool = False
    """V2 (nexem.fr): hours received by sharing are not carried to a later month."""
    carried_notice_days: int = 8
    """R2315-5 (V): the employer is informed at least 8 days before cumulated hours are used; 0 turns the check
    off (an agreement may organise the information otherwise)."""
    meeting_cap_300_hours: int = 30
    """R2315-7 (V): commission meetings not deducted up to 30 h a year in companies of 300 to 999 employees."""
    meeting_cap_1000_hours: int = 60
    """R2315-7 (V): 60 h a year from 1,000 employees."""
    meeting_cap_below_300_hours: int | None = None
    """UNVERIFIED: R2315-7 says nothing under 300 employees; default: no cap (commission meetings never deducted)."""
    cap_plenaries: bool = False
    """UNVERIFIED: the text covers every 2° meeting of L2315-11; the ministry applies the cap to commissions only and
    never deducts plenary meetings convened by the employer (default)."""


DEFAULT_POLICY: Final = HoursPolicy()


def titulaire_credit(*, headcount: int, agreed_hours: int | None = None) -> int:
    """Monthly credit of a CSE titulaire, in hours.

    R2314-1 gives it from the headcount of the établissement distinct (`core.regime`); the PAP or an agreement may
    change it (L2314-7) but it never falls below the L2315-7 1° floors: 10 h below 50 employees, 16 h from 50.
    """
    regime = regime_for(headcount=headcount)
    base = regime.delegation_hours_per_month if agreed_hours is None else agreed_hours
    if not regime.cse_mandatory:
        return base
    return max(base, FLOOR_FROM_50 if regime.full_remit else FLOOR_BELOW_50)


def union_delegate_credit(*, headcount: int) -> int:
    """L2143-13 (V): each délégué syndical has at least 12 h a month from 50 to 150 employees, 18 h from 151 to 499,
    24 h from 500; none below 50 unless an agreement says so (L2143-6). It may be exceeded in exceptional
    circumstances, and an agreement may raise it."""
    if headcount < 50:
        return 0
    if headcount <= 150:
        return 12
    if headcount < 500:
        return 18
    return 24


def rs_cse_credit(*, company_headcount: int) -> int:
    """L2315-7 2°, R2315-4 (V): the union representative to the CSE has 20 h a month in companies of at least 501
    employees; none below (the law gives none)."""
    return RS_CSE_HOURS if company_headcount >= RS_CSE_FROM else 0


def member_credit(
    *,
    mandate: Mandate,
    headcount: int,
    company_headcount: int,
    agreed_titulaire_hours: int | None = None,
    agreed_extra_hours: int = 0,
) -> int:
    """A member's monthly credit in hours: the mandate's statutory credit plus what an agreement adds (secretary,
    treasurer, CSSCT member, CSE central, DS mandate held too: no statutory credit, set by agreement — DOMAIN.md §10).
    A suppléant has none of his own (L2315-9); he may receive shared hours."""
    if agreed_extra_hours < 0:
        raise ValueError("agreed_extra_hours must be positive")
    if mandate == Mandate.titulaire:
        own = titulaire_credit(headcount=headcount, agreed_hours=agreed_titulaire_hours)
    elif mandate == Mandate.rs_cse:
        own = rs_cse_credit(company_headcount=company_headcount)
    else:
        own = 0
    return own + agreed_extra_hours


def monthly_cap_minutes(credit_minutes: int) -> int:
    """R2315-5 (V2): cumulated hours may not lead a member to use more than 1.5 × his monthly credit in one month;
    R2315-6 (V2): a receiver of shared hours may not hold more than 1.5 × a titulaire's monthly credit."""
    return credit_minutes * CAP_RATIO_NUM // CAP_RATIO_DEN


def transfer_notice_deadline(use_on: date) -> date:
    """R2315-6 (V2): the employer is informed in writing at least 8 days before the shared hours are used."""
    return use_on - timedelta(days=TRANSFER_NOTICE_DAYS)


def transfer_notice_in_time(*, notified_on: date, use_on: date) -> bool:
    return notified_on <= transfer_notice_deadline(use_on)


def meeting_cap_minutes(*, company_headcount: int, policy: HoursPolicy = DEFAULT_POLICY) -> int | None:
    """R2315-7 (V [S-new-9]): without an agreement, the meetings of 2° of L2315-11 are not deducted "dans la limite
    d'une durée annuelle globale" of 30 h in companies of 300 to 1,000 employees and 60 h from 1,000 (the band
    boundary at 1,000 read as "from 1,000": UNVERIFIED). Below 300 the text sets none (`None`: no cap, default)."""
    if company_headcount >= 1000:
        return policy.meeting_cap_1000_hours * MINUTES
    if company_headcount >= 300:
        return policy.meeting_cap_300_hours * MINUTES
    if policy.meeting_cap_below_300_hours is None:
        return None
    return policy.meeting_cap_below_300_hours * MINUTES


def capped_meeting_kinds(policy: HoursPolicy = DEFAULT_POLICY) -> frozenset[TimeKind]:
    """The meetings counted against the R2315-7 annual total: commissions (not the CSSCT), plenaries by policy."""
    return CAPPED_MEETINGS | ({TimeKind.employer_meeting} if policy.cap_plenaries else set())


def not_deducted_kinds(policy: HoursPolicy = DEFAULT_POLICY) -> frozenset[TimeKind]:
    """Time never deducted (L2315-11, R2315-7 for the CSSCT): what is left once the capped meetings are apart."""
    return NOT_DEDUCTED - capped_meeting_kinds(policy)


def capped_meeting_split(*, year_before: int, minutes: int, cap: int | None) -> tuple[int, int]:
    """R2315-7: of `minutes` of capped meetings, after `year_before` minutes already spent in them this year, the
    part (not deducted, deducted): not deducted while the annual total stays within `cap`, deducted beyond."""
    if cap is None:
        return minutes, 0
    free = min(minutes, max(0, cap - year_before))
    return free, minutes - free


def part_time_limit_minutes(working_minutes: int | None) -> int | None:
    """L3123-14 (V [S-new-19]): a part-time member's credit is not reduced, but its use "ne peut avoir pour effet
    de réduire de plus d'un tiers" his monthly working time: at most a third of the contractual monthly working
    time is taken during working hours; the rest of the credit may be used outside working hours."""
    if working_minutes is None or working_minutes <= 0:
        return None
    return working_minutes // 3


def half_days(minutes: int) -> int:
    """R2315-3 (V2; same rule in L2143-13 al. 3, V): for a member on forfait-jours, unless an agreement says
    otherwise, the hours are grouped in half-days of 4 hours deducted from the forfait; a remainder under 4 hours
    counts as one half-day."""
    if minutes <= 0:
        return 0
    block = HALF_DAY_HOURS * MINUTES
    return -(-minutes // block)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    return date(int(key[:4]), int(key[5:7]), 1)


def add_month(key: str, months: int) -> str:
    index = int(key[:4]) * 12 + int(key[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    out: list[str] = []
    key = first
    while key <= last:
        out.append(key)
        key = add_month(key, 1)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Movement:
    """One effective record as the statement counts it (a corrected record carries its latest value)."""

    month: str
    minutes: int
    kind: str  # use, given, received
    deducted: bool = True
    exceptional: bool = False
    capped_meeting: bool = False
    """A meeting counted against the R2315-7 annual total (commission; plenary by policy)."""
    outside_work: bool = False
    """Hours used outside working time (L3123-14: not counted in the third of a part-timer's working time)."""


@dataclass(slots=True, kw_only=True)
class MonthStatement:
    """A member's month, in minutes (R2315-5 carry-over, R2315-6 sharing, L2315-11 time not deducted)."""

    month: str
    credit: int
    carried_over: int
    received: int
    given: int
    used: int
    not_deducted: int
    exceptional: int
    balance: int
    beyond_credit: int
    cap: int
    half_days: int = 0
    lots: list[tuple[str, int]] = field(default_factory=list)
    outside_work: int = 0
    """Deducted hours used outside working time (L3123-14)."""
    capped_meetings: int = 0
    """Commission meetings of the month (R2315-7); `capped_deducted` of them count in `used`."""
    capped_deducted: int = 0

    @property
    def during_work(self) -> int:
        """Deducted hours taken during working time (L3123-14)."""
        return max(0, self.used - self.outside_work)

    @property
    def own_and_received(self) -> int:
        """What the month holds without the carried hours: its credit left after giving, and the hours received."""
        return max(0, self.credit - self.given) + self.received

    @property
    def carried_used(self) -> int:
        """The part of the month's deducted uses beyond its own credit and received hours: cumulated hours (R2315-5)."""
        return max(0, self.used - self.own_and_received)

    @property
    def available(self) -> int:
        return self.credit + self.carried_over + self.received

    @property
    def usable(self) -> int:
        """What can still be used this month: the balance, within the 1.5× cap (R2315-5)."""
        return max(0, min(self.balance, self.cap - self.used))

    @property
    def nearly_used(self) -> bool:
        """At most a fifth of what the month allows is left (the usable hours, capped as R2315-5 says)."""
        ceiling = min(self.available, self.cap)
        return ceiling > 0 and self.usable <= ceiling * NEARLY_USED_SHARE


#: Per month of a member: [received, given, used (deducted), not deducted, exceptional, capped meetings (R2315-7),
#: deducted uses outside working time (L3123-14)], in minutes.
Totals = list[int]
RECEIVED, GIVEN, USED, NOT_DEDUCTED_TOTAL, EXCEPTIONAL, CAPPED, OUTSIDE_WORK = range(7)
TOTALS_SIZE: Final = 7


def new_totals() -> Totals:
    return [0] * TOTALS_SIZE


def add_movement(totals: dict[str, Totals], movement: Movement) -> None:
    """Add one movement to a member's monthly totals (what `statements` reads)."""
    row = totals.get(movement.month)
    if row is None:
        row = totals[movement.month] = new_totals()
    if movement.kind == "received":
        row[RECEIVED] += movement.minutes
    elif movement.kind == "given":
        row[GIVEN] += movement.minutes
    elif movement.capped_meeting:
        row[CAPPED] += movement.minutes
    elif not movement.deducted:
        row[NOT_DEDUCTED_TOTAL] += movement.minutes
    else:
        row[USED] += movement.minutes
        if movement.exceptional:
            row[EXCEPTIONAL] += movement.minutes
        if movement.outside_work:
            row[OUTSIDE_WORK] += movement.minutes


def capped_before(totals: dict[str, Totals], key: str) -> int:
    """R2315-7: minutes of capped meetings in the calendar year of `key`, before its month (UNVERIFIED: the text
    says "annuelle"; the calendar year is the convention here)."""
    return sum(row[CAPPED] for month, row in totals.items() if month[:4] == key[:4] and month < key)


def statements(
    *,
    credit_minutes: int,
    movements: Iterable[Movement] = (),
    first_month: str,
    last_month: str,
    cap_reference_minutes: int | None = None,
    forfait_jours: bool = False,
    credit_from: str | None = None,
    policy: HoursPolicy = DEFAULT_POLICY,
    totals: dict[str, Totals] | None = None,
    meeting_cap: int | None = None,
) -> list[MonthStatement]:
    """Every month from `first_month` to `last_month` of one member (from `movements`, or their `totals`).

    Each month: uses are taken first from hours received that month (not carried, `policy.carry_received`), then
    from the carried credit, oldest first, then from the month's own credit; what the month leaves of its own
    credit is carried for `policy.carry_months` months (R2315-5). Hours given come out of the month's own credit
    (R2315-6; carried hours only when `policy.share_carried`). Time of L2315-11 is counted apart and never deducted.
    Beyond the available hours (exceptional circumstances, L2315-7 / L2143-13) the excess shows as `beyond_credit`.
    Before `credit_from` (the mandate's first month) the member has no credit. Commission meetings (R2315-7) are not
    deducted while the year's total stays within `meeting_cap` (minutes; `None`: no cap); beyond, they are used.
    """
    if totals is None:
        totals = {}
        for movement in movements:
            add_movement(totals, movement)
    cap = monthly_cap_minutes(cap_reference_minutes if cap_reference_minutes is not None else credit_minutes)
    keys = months_between(min(first_month, last_month), last_month)
    lots: list[list[int | str]] = []  # [origin month, minutes left], oldest first
    out: list[MonthStatement] = []
    empty: Totals = new_totals()
    for index, key in enumerate(keys):
        oldest = keys[index - policy.carry_months + 1] if index >= policy.carry_months - 1 else ""
        if lots and (str(lots[0][0]) < oldest or any(int(lot[1]) <= 0 for lot in lots)):
            lots = [lot for lot in lots if str(lot[0]) >= oldest and int(lot[1]) > 0]
        carried = sum(int(lot[1]) for lot in lots)
        received, given, used, not_deducted, exceptional, capped, outside_work = totals.get(key, empty)
        capped_free, capped_deducted = capped_meeting_split(
            year_before=capped_before(totals, key) if capped else 0, minutes=capped, cap=meeting_cap
        )
        used += capped_deducted
        not_deducted += capped_free
        month_credit = credit_minutes if credit_from is None or key >= credit_from else 0
        own = month_credit
        # hours given: from the month's own credit, then (policy) from the carried lots
        from_own = min(given, own)
        own -= from_own
        rest_given = given - from_own
        if rest_given and policy.share_carried:
            rest_given = _take(lots, rest_given)
        # uses: received, then carried (oldest first), then own
        take_received = min(used, received)
        need = used - take_received
        if need:
            need = _take(lots, need)
        take_own = min(need, own)
        own -= take_own
        need -= take_own
        if own > 0 and policy.carry_months > 1:
            lots.append([key, own])
        if policy.carry_received and received - take_received > 0 and policy.carry_months > 1:
            lots.append([key, received - take_received])
        out.append(
            MonthStatement(
                month=key,
                credit=month_credit,
                carried_over=carried,
                received=received,
                given=given,
                used=used,
                not_deducted=not_deducted,
                exceptional=exceptional,
                balance=max(0, month_credit + carried + received - given - used),
                beyond_credit=need + rest_given,
                cap=cap,
                half_days=half_days(used) if forfait_jours else 0,
                lots=[(str(lot[0]), int(lot[1])) for lot in lots if int(lot[1]) > 0],
                outside_work=outside_work,
                capped_meetings=capped,
                capped_deducted=capped_deducted,
            )
        )
    return out


def _take(lots: list[list[int | str]], need: int) -> int:
    """Take `need` minutes from the lots, oldest first; return what they could not give."""
    for lot in lots:
        if need <= 0:
            break
        got = min(need, int(lot[1]))
        lot[1] = int(lot[1]) - got
        need -= got
    return need


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a record is refused: the article and the French sentence shown to people."""

    article: str
    detail: str
    code: str = "delegation_cap"


def _h(minutes: int) -> str:
    return format_hours(minutes)


def format_hours(minutes: int) -> str:
    """« 7 h », « 7 h 30 »."""
    hours, rest = divmod(abs(minutes), MINUTES)
    sign = "-" if minutes < 0 else ""
    return f"{sign}{hours} h" if rest == 0 else f"{sign}{hours} h {rest:02d}"


def check_use(*, month: MonthStatement, minutes: int, deducted: bool, exceptional: bool) -> Refusal | None:
    """A use that the month cannot hold: beyond the 1.5× cap (R2315-5) or beyond the available hours (L2315-7:
    the credit "ne peut être dépassé" save exceptional circumstances). Time of L2315-11 is never refused; a use
    declared as exceptional circumstances, with its reason, is recorded to be justified."""
    if not deducted or exceptional:
        return None
    if month.used + minutes > month.cap:
        return Refusal(
            "R2315-5",
            f"Plafond dépassé : {_h(month.used + minutes)} dans le mois pour un maximum de {_h(month.cap)}, soit une "
            "fois et demie le crédit mensuel (art. R2315-5 du Code du travail). En cas de circonstances "
            "exceptionnelles, déclarez-les avec leur motif.",
        )
    if minutes > month.balance:
        return Refusal(
            "L2315-7",
            f"Solde insuffisant : {_h(month.balance)} disponibles pour {_h(minutes)} déclarées (art. L2315-7 et "
            "R2315-5 du Code du travail). En cas de circonstances exceptionnelles, déclarez-les avec leur motif.",
        )
    return None


def check_part_time(
    *, month: MonthStatement, minutes: int, deducted_minutes: int, outside_work: bool, working_minutes: int | None
) -> Refusal | None:
    """L3123-14 (V [S-new-19]): for a part-time member (a contractual monthly working time is recorded), the use of
    the credit may not cut the month's working time by more than one third; hours declared « hors temps de
    travail » are not counted (the balance may be used outside working hours). Time not deducted is not a use of
    the credit."""
    limit = part_time_limit_minutes(working_minutes)
    if limit is None or outside_work or deducted_minutes <= 0 or working_minutes is None:
        return None
    during = month.during_work + deducted_minutes
    if during <= limit:
        return None
    return Refusal(
        "L3123-14",
        f"Temps partiel : {_h(during)} prises sur le temps de travail dans le mois pour un maximum de {_h(limit)}, "
        f"soit le tiers de la durée mensuelle de travail ({_h(working_minutes)}) (art. L3123-14 du Code du travail). "
        "Le crédit n'est pas réduit : le reste peut être utilisé en dehors du temps de travail (cochez « hors temps "
        "de travail »).",
        code="delegation_part_time",
    )


def carried_notice_covered(*, notices: Iterable[tuple[date, int]], use_on: date, days: int) -> int:
    """R2315-5: the minutes of cumulated hours announced in time for a use on `use_on`: the notices given at least
    `days` days before it."""
    return sum(minutes for notified_on, minutes in notices if notified_on + timedelta(days=days) <= use_on)


def check_carried_notice(
    *,
    month: MonthStatement,
    deducted_minutes: int,
    use_on: date,
    notices: Sequence[tuple[date, int]],
    policy: HoursPolicy = DEFAULT_POLICY,
) -> Refusal | None:
    """R2315-5 (V [S-new-6]): "l'employeur est informé ... au plus tard huit jours avant la date prévue de leur
    utilisation" of cumulated hours. A use draws on cumulated hours for the part of the month's uses beyond the
    month's own credit (after what was given) and the hours received; that part must be covered by notices (record
    « Annoncer des heures reportées », mailed to the employer) given at least `policy.carried_notice_days` before the
    use. Refused like a transfer noticed late (R2315-6, `check_transfer`): the project refuses what the law's notice
    forbids rather than warns, and the refusal is kept with its article; exceptional circumstances stay open."""
    if policy.carried_notice_days <= 0 or deducted_minutes <= 0:
        return None
    needed = max(0, month.used + deducted_minutes - month.own_and_received)
    if needed == 0:
        return None
    covered = carried_notice_covered(notices=notices, use_on=use_on, days=policy.carried_notice_days)
    if needed <= covered:
        return None
    latest = use_on - timedelta(days=policy.carried_notice_days)
    return Refusal(
        "R2315-5",
        f"Cette utilisation prend {_h(needed)} sur les heures reportées des mois précédents, dont {_h(covered)} "
        f"annoncées à temps : l'employeur doit en être informé au moins {policy.carried_notice_days} jours avant "
        f"leur utilisation, soit au plus tard le {latest:%d/%m/%Y} (art. R2315-5 du Code du travail). Annoncez les "
        "heures reportées avant de les utiliser.",
        code="delegation_notice",
    )


def check_transfer(
    *,
    giver: MonthStatement,
    receiver: MonthStatement,
    minutes: int,
    titulaire_credit_minutes: int,
    receiver_can_receive: bool,
    notified_on: date,
    use_on: date,
    policy: HoursPolicy = DEFAULT_POLICY,
) -> Refusal | None:
    """R2315-6 (V2): each month titulaires share their credit among themselves and with suppléants; the receiver
    may not hold more than 1.5 × a titulaire's monthly credit; the employer is informed in writing at least 8 days
    before the use. A union representative to the CSE cannot share (DOMAIN.md §10, V2)."""
    if not receiver_can_receive:
        return Refusal(
            "R2315-6",
            "Les heures se répartissent entre titulaires et avec les suppléants du comité (art. L2315-9 et R2315-6).",
        )
    if not transfer_notice_in_time(notified_on=notified_on, use_on=use_on):
        first_use = notified_on + timedelta(days=TRANSFER_NOTICE_DAYS)
        return Refusal(
            "R2315-6",
            f"L'employeur doit être informé au moins {TRANSFER_NOTICE_DAYS} jours avant l'utilisation des heures "
            f"réparties : première utilisation possible le {first_use:%d/%m/%Y} "
            "(art. R2315-6 du Code du travail).",
        )
    shareable = giver.credit - giver.given
    if policy.share_carried:
        shareable += giver.carried_over
    shareable = min(shareable, giver.balance)
    if minutes > shareable:
        return Refusal(
            "R2315-6",
            f"Vous pouvez répartir au plus {_h(max(0, shareable))} ce mois-ci : seul le crédit du mois se partage "
            "(art. R2315-6 du Code du travail).",
        )
    cap = monthly_cap_minutes(titulaire_credit_minutes)
    holding = receiver.credit + receiver.received + minutes
    if holding > cap:
        return Refusal(
            "R2315-6",
            f"Le bénéficiaire disposerait de {_h(holding)} dans le mois pour un maximum de {_h(cap)}, soit une fois et "
            "demie le crédit d'un titulaire (art. R2315-6 du Code du travail).",
        )
    return None


def effective_minutes(records: Sequence[tuple[int, int | None, int]]) -> dict[int, int]:
    """Corrections are new records (append-only, like the registers): (id, corrects_id, minutes) in recording
    order; a correction replaces the value of the record it corrects (and of its own earlier corrections)."""
    values: dict[int, int] = {}
    root_of: dict[int, int] = {}
    for record_id, corrects, minutes in records:
        if corrects is None:
            root_of[record_id] = record_id
            values[record_id] = minutes
        else:
            root = root_of.get(corrects, corrects)
            root_of[record_id] = root
            values[root] = minutes
    return values
