"""Pure rules of consultations: which delay applies (R2312-6) and the state on a given day (L2312-16)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogue.meetings.rules import (
    ConsultationDelay,
    consultation_deadline,
    establishment_opinion_deadline,
    is_deemed_negative,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline:
    due: date
    basis: str


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
