"""Pure rules of consultations: which delay applies (R2312-6), the state on a given day (L2312-16), the
deemed opinion's finality (L2312-16), no deemed opinion below 50 (R2312-6), no consultation of a CSSCT
(L2315-38), the floor of agreed delays, and the suspension by a court challenge of the expertise (L2315-86)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dialogue.core.clock import add_months
from dialogue.core.errors import InvalidRuleInput

# --- Consultation deadlines (R2312-5, R2312-6, L2312-16) ----------------------------------------------------


class ConsultationDelay(StrEnum):
    STANDARD = "standard"  # 1 month
    WITH_EXPERT = "with_expert"  # 2 months
    EXPERT_CENTRAL_AND_ESTABLISHMENT = "expert_central_and_establishment"  # 3 months


_CONSULTATION_MONTHS = {
    ConsultationDelay.STANDARD: 1,
    ConsultationDelay.WITH_EXPERT: 2,
    ConsultationDelay.EXPERT_CENTRAL_AND_ESTABLISHMENT: 3,
}
ESTABLISHMENT_LEAD_DAYS = 7  # R2312-6 II


def consultation_deadline(
    *, information_date: date, delay: ConsultationDelay = ConsultationDelay.STANDARD, agreed_days: int | None = None
) -> date:
    """Last day for the CSE opinion (R2312-6): 1 month from the information (R2312-5), 2 with an expert, 3 with
    expert reports at central and établissement levels; or the delay set by agreement in days (L2312-16)."""
    if agreed_days is not None:
        if agreed_days < 1:
            raise InvalidRuleInput(f"agreed consultation delay must be >= 1 day, got {agreed_days}")
        return information_date + timedelta(days=agreed_days)
    return add_months(information_date, _CONSULTATION_MONTHS[delay])


def establishment_opinion_deadline(*, central_deadline: date) -> date:
    """R2312-6 II: a CSE d'établissement's opinion reaches the CSE central 7 days before the central's deadline."""
    return central_deadline - timedelta(days=ESTABLISHMENT_LEAD_DAYS)


def is_deemed_negative(*, deadline: date, today: date) -> bool:
    """L2312-16: once the deadline day is over, the CSE is deemed consulted with a negative opinion."""
    return today > deadline


CHALLENGE_DAYS = 10
"""R2315-49: the employer seizes the judge within 10 days (here: of the expert's designation, L2315-86 2°); the day
of the designation does not count (Cass. soc. 5 févr. 2025, n° 22-21.892)."""

AGREED_DAYS_FLOOR_DEFAULT = 15
"""UNVERIFIED: floor widely cited for agreed consultation delays; article to confirm (L2312-16 or R2312-5).
Configurable through DIALOGUE_CONSULTATION_MIN_AGREED_DAYS (settings.py)."""

DEEMED_FINAL_LABEL = "Avis réputé négatif — définitif (L2312-16)"
NO_DEEMED_UNDER_50_LABEL = "Pas d'avis réputé rendu en dessous de 50 salariés (R2312-6)"
SUSPENDED_LABEL = "Délai suspendu : expertise contestée en justice, jusqu'au jugement (L2315-86)"
OPEN_LABEL = "En cours"
GIVEN_LABEL = "Avis rendu"


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline:
    due: date
    basis: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """A legal step refused: a stable code and the French message citing the article."""

    code: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlook:
    """Where a consultation stands on a day: status, opinion (given or deemed), deadline (None when no deemed
    opinion can happen: below 50, or while suspended), why, and whether the outcome is final."""

    status: str
    opinion: str | None
    deadline: date | None
    basis: str
    label: str

    @property
    def final(self) -> bool:
        """L2312-16: a deemed opinion is final, like one given."""
        return self.status in {"opinion_given", "deemed_negative"}


def opinion_deadline(
    *, informed_on: date, expert_appointed: bool, multi_level: bool, level: str, agreed_days: int | None = None
) -> Deadline:
    """R2312-6: 1 month from the information (R2312-5), 2 with an expert, 3 with expertise in a consultation held
    both at the CSE central and in établissements; or the delay set by agreement (L2312-16). A CSE
    d'établissement consulted alongside the central gives its opinion 7 days before the central's deadline
    (R2312-6 II)."""
    if agreed_days is not None:
        due = consultation_deadline(information_date=informed_on, agreed_days=agreed_days)
        basis = f"délai fixé par accord : {agreed_days} jours (L2312-16)"
    elif expert_appointed and multi_level:
        due = consultation_deadline(
            information_date=informed_on, delay=ConsultationDelay.EXPERT_CENTRAL_AND_ESTABLISHMENT
        )
        basis = "3 mois : expertise, consultation au CSE central et en établissement (R2312-6)"
    elif expert_appointed:
        due = consultation_deadline(information_date=informed_on, delay=ConsultationDelay.WITH_EXPERT)
        basis = "2 mois : expert désigné (R2312-6)"
    else:
        due = consultation_deadline(information_date=informed_on)
        basis = "1 mois à compter de l'information (R2312-5, R2312-6)"
    if level == "establishment" and multi_level:
        due = establishment_opinion_deadline(central_deadline=due)
        basis += " ; avis de l'établissement transmis 7 jours avant celui du CSE central (R2312-6 II)"
    return Deadline(due=due, basis=basis)


def consultation_state(*, opinion: str | None, deadline: date, today: date) -> tuple[str, str | None]:
    """(status, opinion) on `today`: the recorded opinion, or deemed negative once the deadline day is over
    without one (L2312-16), else open."""
    if opinion is not None:
        return "opinion_given", opinion
    if is_deemed_negative(deadline=deadline, today=today):
        return "deemed_negative", "deemed_negative"
    return "open", None


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def suspended_deadline(*, due: date, challenge_filed_on: date, judgment_on: date) -> date:
    """L2315-86: the employer's court challenge of the expertise suspends the consultation delays "jusqu'à la
    notification du jugement". Our reading: the days left when the judge was seized (from the day after the filing
    to the deadline) run again from the judgment's notification date."""
    return judgment_on + (due - challenge_filed_on)


def consultation_outlook(
    *,
    informed_on: date,
    expert_appointed: bool,
    multi_level: bool,
    level: str,
    agreed_days: int | None,
    opinion: str | None,
    full_remit: bool,
    challenge_filed_on: date | None,
    judgment_on: date | None,
    today: date,
) -> Outlook:
    """The consultation on `today`. Below 50 (`full_remit` false) R2312-6's deemed opinion does not apply: no
    deadline, open until the opinion is given. A challenge filed before the deadline suspends it until the
    judgment (L2315-86): no deemed opinion meanwhile, then the days left run from the judgment. Otherwise the
    deadline of R2312-6 / the agreement, and a negative opinion deemed once it is over (L2312-16), final."""
    if not full_remit:
        status, label = ("opinion_given", GIVEN_LABEL) if opinion is not None else ("open", OPEN_LABEL)
        return Outlook(status=status, opinion=opinion, deadline=None, basis=NO_DEEMED_UNDER_50_LABEL, label=label)
    base = opinion_deadline(
        informed_on=informed_on,
        expert_appointed=expert_appointed,
        multi_level=multi_level,
        level=level,
        agreed_days=agreed_days,
    )
    due: date | None = base.due
    basis = base.basis
    if challenge_filed_on is not None and challenge_filed_on <= base.due:
        if judgment_on is None:
            due = None
            basis += f" ; suspendu depuis le {_fr(challenge_filed_on)} : expertise contestée en justice (L2315-86)"
        else:
            due = suspended_deadline(due=base.due, challenge_filed_on=challenge_filed_on, judgment_on=judgment_on)
            basis += (
                f" ; suspendu du {_fr(challenge_filed_on)} au jugement du {_fr(judgment_on)} (L2315-86) : "
                f"{(base.due - challenge_filed_on).days} jour(s) restant(s) à compter du jugement"
            )
    if opinion is not None:
        return Outlook(status="opinion_given", opinion=opinion, deadline=due, basis=basis, label=GIVEN_LABEL)
    if due is None:
        return Outlook(status="suspended", opinion=None, deadline=None, basis=basis, label=SUSPENDED_LABEL)
    status, deemed = consultation_state(opinion=None, deadline=due, today=today)
    label = DEEMED_FINAL_LABEL if status == "deemed_negative" else OPEN_LABEL
    return Outlook(status=status, opinion=deemed, deadline=due, basis=basis, label=label)


def final_refusal(outlook: Outlook) -> Refusal | None:
    """L2312-16: once the opinion is given or deemed given (negative) at the expiry of the delay, the consultation
    is over; no later write (expert appointed, information date moved, delay changed, opinion recorded, expertise
    challenged…) reopens it."""
    if outlook.status == "opinion_given":
        return Refusal(code="opinion_given", message="L'avis a été rendu : la consultation est close.")
    if outlook.status == "deemed_negative":
        assert outlook.deadline is not None
        return Refusal(
            code="consultation_deadline_passed",
            message=(
                f"Le délai de consultation a expiré le {_fr(outlook.deadline)} : le comité est réputé avoir été "
                "consulté et avoir rendu un avis négatif, et cet avis est définitif (art. L2312-16 du Code du "
                "travail). La consultation ne peut plus être modifiée."
            ),
        )
    return None


def body_kind_refusal(kind: str) -> Refusal | None:
    """L2315-38: the CSSCT receives, by delegation, SSCT attributions of the CSE "à l'exception du recours à un
    expert … et des attributions consultatives du comité": it is never consulted."""
    if kind == "cssct":
        return Refusal(
            code="cssct_not_consulted",
            message=(
                "La CSSCT ne reçoit pas les attributions consultatives du comité (art. L2315-38 du Code du "
                "travail) : la consultation s'ouvre devant le CSE."
            ),
        )
    return None


def agreed_delay_refusal(*, agreed_days: int | None, floor: int) -> Refusal | None:
    """Agreed delays must let the CSE exercise its powers usefully (L2312-16); a floor of `floor` days (15 by
    default, UNVERIFIED: floor widely cited, article to confirm — L2312-16 or R2312-5) is enforced."""
    if agreed_days is not None and agreed_days < floor:
        return Refusal(
            code="agreed_delay_too_short",
            message=(
                f"Un délai de consultation fixé par accord ne peut être inférieur à {floor} jours : il doit permettre "
                f"au comité d'exercer utilement sa compétence (art. L2312-16 ; plancher usuel, R2312-5) — "
                f"{agreed_days} jour(s) refusé(s)."
            ),
        )
    return None


def challenge_refusal(
    *,
    expert_appointed: bool,
    expert_appointed_on: date | None,
    already_filed: bool,
    filed_on: date,
) -> Refusal | None:
    """L2315-86, R2315-49: the employer challenges the expertise in court within 10 days of the expert's
    designation (the designation day not counted); only an appointed expert can be challenged, once."""
    if already_filed:
        return Refusal(
            code="challenge_already_recorded", message="La contestation de l'expertise est déjà enregistrée."
        )
    if not expert_appointed or expert_appointed_on is None:
        return Refusal(
            code="no_expert_to_challenge",
            message="Aucun expert n'est désigné : il n'y a pas d'expertise à contester (art. L2315-86).",
        )
    if filed_on < expert_appointed_on:
        return Refusal(
            code="challenge_before_designation",
            message=(
                f"La contestation ne peut précéder la désignation de l'expert ({_fr(expert_appointed_on)}) "
                "(art. L2315-86)."
            ),
        )
    last = expert_appointed_on + timedelta(days=CHALLENGE_DAYS)
    if filed_on > last:
        return Refusal(
            code="challenge_too_late",
            message=(
                f"L'employeur saisit le juge dans les {CHALLENGE_DAYS} jours de la désignation de l'expert du "
                f"{_fr(expert_appointed_on)}, soit au plus tard le {_fr(last)} (art. L2315-86, R2315-49) : une "
                f"saisine du {_fr(filed_on)} ne suspend pas les délais de consultation."
            ),
        )
    return None


def judgment_refusal(*, challenge_filed_on: date | None, already_recorded: bool, judgment_on: date) -> Refusal | None:
    """L2315-86: the judgment's notification ends the suspension; it needs a challenge, and comes after it."""
    if challenge_filed_on is None:
        return Refusal(
            code="no_challenge",
            message=(
                "Aucune contestation de l'expertise n'est enregistrée : pas de jugement à reporter (art. L2315-86)."
            ),
        )
    if already_recorded:
        return Refusal(code="judgment_already_recorded", message="Le jugement est déjà enregistré.")
    if judgment_on < challenge_filed_on:
        return Refusal(
            code="judgment_before_challenge",
            message=f"Le jugement ne peut précéder la saisine du juge du {_fr(challenge_filed_on)} (art. L2315-86).",
        )
    return None


# --- Start of the delay from the documents communicated (R2312-5) ------------------------------------------


def informed_on_from_documents(
    *, communicated: Sequence[date], informed_on: date, override_reason: str | None, published: Sequence[date] = ()
) -> date:
    """R2312-5: « le délai de consultation [...] court à compter de la communication par l'employeur des
    informations prévues [...] pour la consultation ou de l'information par l'employeur de leur mise à disposition
    dans la base de données ». When documents of the consultation were communicated (the convocation that carried
    them, or their attachment) or BDESE items informing it were published (`published`, local days), the start is
    the earliest of those days; a date set by hand with a reason (`override_reason`) stays, and without any of
    them the date given when the consultation was opened stays."""
    given = [*communicated, *published]
    if override_reason or not given:
        return informed_on
    return min(given)


@dataclass(frozen=True, slots=True)
class ExpectedDocument:
    """A document the employer must present for a consultation, and whether one of that kind was given."""

    kind: str
    label: str
    article: str
    present: bool


#: L2312-27: for the consultation on the social policy, working conditions and employment (L2312-17 3°), the
#: employer also presents the annual written report on health, safety and working conditions (1°) and the annual
#: programme for the prevention of occupational risks, PAPRIPACT (2°, drawn from the DUERP, L4121-3-1).
EXPECTED_DOCUMENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "social_policy": (
        (
            "rapport_ssct_annuel",
            "Rapport annuel écrit sur la santé, la sécurité et les conditions de travail",
            "L2312-27 1°",
        ),
        (
            "papripact",
            "Programme annuel de prévention des risques professionnels et d'amélioration des conditions de travail "
            "(PAPRIPACT)",
            "L2312-27 2° et L4121-3-1",
        ),
    ),
}


def expected_documents(consultation_kind: str, given_kinds: Sequence[str]) -> list[ExpectedDocument]:
    """The documents a consultation of `consultation_kind` expects, each present when a document of its kind was
    given for it (what is missing is as visible as what is there)."""
    given = set(given_kinds)
    return [
        ExpectedDocument(kind=kind, label=label, article=article, present=kind in given)
        for kind, label, article in EXPECTED_DOCUMENTS.get(consultation_kind, ())
    ]
