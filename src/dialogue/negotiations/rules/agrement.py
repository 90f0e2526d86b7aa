"""Ministerial agrément of agreements in non-profit ESSMS (L314-6 CASF), CPOM exemptions, and the scope of
an agreement over the organisation's establishments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

# ------------------------------------------------------------------------------------ agrément (CASF)


class AgreementKind(StrEnum):
    COMPANY = "company_agreement"  # convention d'entreprise: every establishment of the organisation
    ESTABLISHMENT = "establishment_agreement"  # convention d'établissement: that establishment only
    UNILATERAL = "unilateral_decision"  # décision unilatérale de l'employeur (DUE)


@dataclass(frozen=True)
class EstablishmentScope:
    """An establishment covered by an agreement, as L314-6 CASF sees it."""

    id: int | None  # None: the organisation itself, when it has no establishment recorded
    name: str
    essms: bool  # private non-profit social or medico-social establishment or service (L312-1 CASF)
    cpom: bool = False  # contract of L313-12 IV ter or L313-12-2 CASF signed
    cpom_signed_on: date | None = None

    def under_cpom(self, on: date) -> bool:
        return self.cpom and (self.cpom_signed_on is None or self.cpom_signed_on <= on)


class AgrementReason(StrEnum):
    REQUIRED = "required"
    CPOM = "cpom"
    NOT_ESSMS = "not_essms"


AGREMENT_LABELS: Final[Mapping[AgrementReason, str]] = {
    AgrementReason.REQUIRED: "Agrément requis (L314-6 CASF)",
    AgrementReason.CPOM: "Non requis : établissement sous CPOM (L313-12 IV ter CASF)",
    AgrementReason.NOT_ESSMS: "Non requis : pas un ESSMS privé non lucratif (L314-6 CASF)",
}
AGREMENT_ARTICLES: Final[Mapping[AgrementReason, str]] = {
    AgrementReason.REQUIRED: "L314-6 CASF",
    AgrementReason.CPOM: "L314-6, L313-12 IV ter, L313-12-2 CASF",
    AgrementReason.NOT_ESSMS: "L314-6 CASF",
}


@dataclass(frozen=True)
class AgrementLine:
    establishment: EstablishmentScope
    reason: AgrementReason

    @property
    def required(self) -> bool:
        return self.reason is AgrementReason.REQUIRED

    @property
    def label(self) -> str:
        return AGREMENT_LABELS[self.reason]

    @property
    def article(self) -> str:
        return AGREMENT_ARTICLES[self.reason]


def agrement_required(
    *, kind: AgreementKind, establishments: Sequence[EstablishmentScope], on: date, exclusive_reading: bool = False
) -> list[AgrementLine]:
    """Per establishment covered: does the agreement need the minister's agrément to apply there?

    L314-6 CASF: company and establishment agreements of private non-profit ESSMS "ne prennent effet qu'après
    agrément", "à l'exception des conventions d'entreprise ou d'établissement applicables exclusivement au
    personnel d'établissements et services ayant conclu l'un des contrats mentionnés au IV ter de l'article
    L. 313-12 ou à l'article L. 313-12-2" (the CPOM). Unilateral decisions (DUE) follow the same rule (DOMAIN.md
    §0.8, V2). A CPOM counts from its signature (`on` is the day judged). The agreement waits only where a line
    is required. `exclusive_reading=True` reads "exclusivement" strictly: a text covering one establishment
    without CPOM needs the agrément everywhere (UNVERIFIED which reading the administration applies).
    """
    if kind is AgreementKind.ESTABLISHMENT and len(establishments) != 1:
        raise ValueError("Un accord d'établissement couvre un seul établissement")
    lines = []
    for establishment in establishments:
        if not establishment.essms:
            reason = AgrementReason.NOT_ESSMS
        elif establishment.under_cpom(on):
            reason = AgrementReason.CPOM
        else:
            reason = AgrementReason.REQUIRED
        lines.append(AgrementLine(establishment=establishment, reason=reason))
    if exclusive_reading and any(line.required for line in lines):
        lines = [
            AgrementLine(establishment=line.establishment, reason=AgrementReason.REQUIRED)
            if line.reason is AgrementReason.CPOM
            else line
            for line in lines
        ]
    return lines


def agreement_scope(
    *, kind: AgreementKind, establishments: Sequence[EstablishmentScope], establishment_id: int | None
) -> list[EstablishmentScope]:
    """The establishments an agreement covers: all of the organisation's for a company agreement or a
    company-wide DUE, the one named for an establishment agreement or a DUE taken for one establishment."""
    if kind is AgreementKind.COMPANY or (kind is AgreementKind.UNILATERAL and establishment_id is None):
        return list(establishments)
    chosen = [e for e in establishments if e.id == establishment_id]
    if not chosen:
        raise ValueError(f"Établissement {establishment_id} hors de l'organisation")
    return chosen
