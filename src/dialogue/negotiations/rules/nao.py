"""NAO blocks and their periodicity, accords de méthode (L2242-1, L2242-2, L2242-10 to L2242-13)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from dialogue.core.clock import add_months as _add_months

# ------------------------------------------------------------------------------------ NAO periodicity


class NaoBlock(StrEnum):
    REMUNERATION = "remuneration"  # pay, working time, value sharing (L2242-1 1°, L2242-15)
    EGALITE_QVCT = "egalite_qvct"  # professional equality and QVCT (L2242-1 2°, L2242-17)
    GEPP = "gepp"  # jobs and careers, >= 300 employees (L2242-2)


GEPP_HEADCOUNT: Final = 300
MAX_PERIODICITY_YEARS: Final = 4  # L2242-1 (ordre public): each block at least every 4 years
MAX_METHOD_AGREEMENT_YEARS: Final = 4  # L2242-11
DEFAULT_PERIODICITY_YEARS: Final[Mapping[NaoBlock, int]] = {  # L2242-13
    NaoBlock.REMUNERATION: 1,
    NaoBlock.EGALITE_QVCT: 1,
    NaoBlock.GEPP: 3,
}


def nao_blocks(*, headcount: int) -> tuple[NaoBlock, ...]:
    """Mandatory blocks: the two of L2242-1, plus GEPP from 300 employees (L2242-2)."""
    if headcount >= GEPP_HEADCOUNT:
        return (NaoBlock.REMUNERATION, NaoBlock.EGALITE_QVCT, NaoBlock.GEPP)
    return (NaoBlock.REMUNERATION, NaoBlock.EGALITE_QVCT)


class MethodAgreementError(ValueError):
    """An accord de méthode outside the bounds of L2242-1 / L2242-11; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ; ".join(problems))


@dataclass(frozen=True)
class MethodAgreement:
    """Accord de méthode (L2242-10, L2242-11): its start, duration and the periodicity it sets per block."""

    starts_on: date
    duration_years: int
    periodicity_years: Mapping[NaoBlock, int] = field(default_factory=dict)

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day < _add_months(self.starts_on, 12 * self.duration_years)


def validate_method_agreement(*, agreement: MethodAgreement, headcount: int) -> None:
    """Raise `MethodAgreementError` naming each bound broken: <= 4 years (L2242-11), each block <= 4 years (L2242-1)."""
    problems: list[str] = []
    if not 1 <= agreement.duration_years <= MAX_METHOD_AGREEMENT_YEARS:
        problems.append(
            f"L'accord de méthode dure au plus {MAX_METHOD_AGREEMENT_YEARS} ans (L2242-11) : "
            f"{agreement.duration_years} an(s) indiqué(s)"
        )
    applicable = nao_blocks(headcount=headcount)
    for block, years in agreement.periodicity_years.items():
        if block not in applicable:
            problems.append(
                f"La négociation « {block} » ne s'impose qu'à partir de {GEPP_HEADCOUNT} salariés (L2242-2)"
            )
        elif not 1 <= years <= MAX_PERIODICITY_YEARS:
            problems.append(
                f"La négociation « {block} » doit s'ouvrir au moins tous les {MAX_PERIODICITY_YEARS} ans (L2242-1) : "
                f"{years} an(s) indiqué(s)"
            )
    if problems:
        raise MethodAgreementError(problems)


def periodicity_years(*, block: NaoBlock, on: date, agreement: MethodAgreement | None = None) -> int:
    """The agreement's periodicity while it is in force, else the default of L2242-13 (1 / 1 / 3 years)."""
    if agreement is not None and agreement.in_force_on(on) and block in agreement.periodicity_years:
        return agreement.periodicity_years[block]
    return DEFAULT_PERIODICITY_YEARS[block]


def next_nao_due_on(*, block: NaoBlock, last_opened_on: date, agreement: MethodAgreement | None = None) -> date:
    """Next opening due: the last opening plus the periodicity in force then (L2242-1, L2242-13)."""
    years = periodicity_years(block=block, on=last_opened_on, agreement=agreement)
    return _add_months(last_opened_on, 12 * years)


def union_may_request_nao_from(
    *, block: NaoBlock, last_opened_on: date, agreement: MethodAgreement | None = None
) -> date:
    """First day a representative union may require the negotiation: once "plus de douze mois" (36 for GEPP)
    have passed since the previous one without the employer's initiative (L2242-13). Under an accord de méthode
    the agreed periodicity replaces 12/36 months (UNVERIFIED reading of "non-respect de ses stipulations").
    """
    return next_nao_due_on(block=block, last_opened_on=last_opened_on, agreement=agreement) + timedelta(days=1)


@dataclass(frozen=True)
class UnionRequestDeadlines:
    forward_to_other_unions_by: date  # 8 days (L2242-13)
    convene_parties_by: date  # 15 days (L2242-13)


def union_request_deadlines(*, requested_on: date) -> UnionRequestDeadlines:
    """On a union's request the employer forwards it within 8 days and convenes the parties within 15 (L2242-13)."""
    return UnionRequestDeadlines(
        forward_to_other_unions_by=requested_on + timedelta(days=8),
        convene_parties_by=requested_on + timedelta(days=15),
    )
