"""Demo: annexes where the issue 16 says documents attach — the last minutes of the CSE (the HR slides presented),
the inspection reports of the CSSCT's missions (L2312-13), the drafts and the signed agreement of the negotiations
with its anonymised version for deposit (L2231-5-1). Small PDFs generated here, uploaded by the direction or the
secretary through the documents service; idempotent (a document is found again by its title, an attachment by its
target)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, local_today
from dialogue.core.documents import Section, render_pdf
from dialogue.documents import service
from dialogue.documents.attachment_queries import one as attached
from dialogue.documents.attachments import Target, attach
from dialogue.documents.demo import ORGANISATION, BytesSource
from dialogue.documents.schemas import AttachmentRole
from dialogue.documents.tables import Document
from dialogue.meetings.tables import Minutes
from dialogue.negotiations.tables import Negotiation
from dialogue.ssct.tables import SsctMission


@dataclass(frozen=True, slots=True)
class Annex:
    title: str
    filename: str
    paragraphs: tuple[str, ...]
    role: AttachmentRole | None = None


def _pdf(annex: Annex) -> bytes:
    created = datetime.combine(local_today(), time(9), tzinfo=PARIS)
    return render_pdf(
        title=annex.title,
        subtitle=ORGANISATION,
        sections=(Section("Contenu", annex.paragraphs),),
        author=ORGANISATION,
        created_at=created,
    )


async def _document(ctx: DemoContext, actor: Actor, annex: Annex) -> int:
    found = (
        await Document.select(Document.id)
        .where((Document.organization == ctx.organization_id) & (Document.title == annex.title))
        .first()
    )
    if found is not None:
        return int(found["id"])
    source = BytesSource(filename=annex.filename, content=_pdf(annex), form={"title": annex.title})
    document = await service.upload_document(
        actor=actor, organization_id=ctx.organization_id, source=source, max_upload_mb=ctx.settings.max_upload_mb
    )
    return document.id


async def _attach(ctx: DemoContext, actor: Actor, target: Target, annexes: tuple[Annex, ...]) -> None:
    for annex in annexes:
        document_id = await _document(ctx, actor, annex)
        if await attached(target_kind=target.kind, target_id=target.id, document_id=document_id) is None:
            await attach(actor=actor, target=target, document_id=document_id, communicated_on=None, role=annex.role)
            ctx.created.append(f"annexe « {annex.title} »")


def _target(ctx: DemoContext, kind: Any, target_id: int, body_id: int | None) -> Target:
    return Target(kind=kind, id=target_id, organization_id=ctx.organization_id, body_id=body_id)


async def demo_step(ctx: DemoContext) -> None:
    cse, cssct = ctx.bodies.get("cse"), ctx.bodies.get("cssct")
    secretary, director = ctx.users.get("secretaire@demo.example"), ctx.users.get("direction@demo.example")
    if cse is None or secretary is None or director is None:
        return
    as_secretary = Actor(user_id=secretary, organization_id=ctx.organization_id)
    as_director = Actor(user_id=director, organization_id=ctx.organization_id)
    minutes = (
        await Minutes.select(Minutes.id, Minutes.meeting)
        .where(Minutes.meeting.body == cse)
        .order_by(Minutes.meeting.starts_at, ascending=False)
        .first()
    )
    if minutes is not None:
        slides = Annex(
            "Annexe au PV — diaporama RH présenté en séance",
            "annexe-pv-diaporama-rh.pdf",
            (
                "Effectifs au 30 septembre : 212 salariés, dont 168 en CDI.",
                "Absentéisme du trimestre : 7,9 % (8,6 % l'an dernier) ; 3 accidents du travail avec arrêt.",
            ),
        )
        await _attach(ctx, as_secretary, _target(ctx, "minutes", int(minutes["id"]), cse), (slides,))
    if cssct is not None:
        missions = await SsctMission.select(SsctMission.id, SsctMission.title, SsctMission.body).where(
            (SsctMission.body == cssct) & (SsctMission.kind == "inspection")
        )
        for mission in missions:
            place = mission["title"].split("—", 1)[-1].strip()
            report = Annex(
                f"Rapport d'inspection — {place}",
                "rapport-inspection.pdf",
                (
                    f"Inspection de la CSSCT : {place} (art. L2312-13 du Code du travail).",
                    "Constats, photos des postes et recommandations remis à la direction.",
                ),
            )
            await _attach(ctx, as_secretary, _target(ctx, "ssct_mission", int(mission["id"]), cssct), (report,))
    columns = (Negotiation.id, Negotiation.title, Negotiation.topic, Negotiation.table_body)
    negotiations = await Negotiation.select(*columns).where(Negotiation.organization == ctx.organization_id)
    for negotiation in negotiations:
        title = negotiation["title"]
        target = _target(ctx, "negotiation", int(negotiation["id"]), negotiation["table_body"])
        if negotiation["topic"] == "egalite_qvct":
            annexes: tuple[Annex, ...] = (
                Annex(f"{title} — version signée", "accord-signe.pdf", ("Accord signé par les parties.",), "signed"),
                Annex(
                    f"{title} — version anonymisée pour le dépôt",
                    "accord-anonymise.pdf",
                    ("Version publiée sans les noms et prénoms des négociateurs et signataires (L2231-5-1).",),
                    "anonymised",
                ),
            )
        elif negotiation["topic"] == "remuneration":
            annexes = (Annex(f"{title} — projet de la direction", "projet-nao.pdf", ("Projet v2.",), "draft"),)
        else:
            continue
        await _attach(ctx, as_director, target, annexes)
