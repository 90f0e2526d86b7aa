"""The consultations page of a CSE: each consultation with its deadline (R2312-5, R2312-6), its state and opinion
(L2312-16), the meetings whose agenda carries it; opening one; the employer's court challenge of the expertise and
the judgment, which suspend then resume the delay (L2315-86). Same service functions as the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.bodies.access import body_access
from dialogue.consultations import attachments, evidence, service
from dialogue.consultations.controllers import ConsultationMeetings
from dialogue.consultations.queries import MeetingsOf
from dialogue.consultations.schemas import (
    KIND_LABELS,
    ConsultationCreate,
    ConsultationRead,
    ExpertiseChallengeCreate,
    JudgmentCreate,
)
from dialogue.documents import service as documents
from dialogue.documents.schemas import AttachmentCreate, DocumentSummaryRead
from dialogue.pages import forms
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form, see_other, submit
from dialogue.settings import Settings

OPINION_LABELS: Final[Mapping[str, str]] = {
    "positive": "Avis favorable",
    "negative": "Avis défavorable",
    "deemed_negative": "Avis réputé négatif",
}
CONSULTATION_STATUS: Final[Mapping[str, tuple[str, str]]] = {
    "open": ("En cours", "status-warning"),
    "suspended": ("Délai suspendu (L2315-86)", "status-warning"),
    "opinion_given": ("Avis rendu", "status-ok"),
    "deemed_negative": ("Avis réputé négatif — définitif (L2312-16)", "status-alert"),
}
#: Field names in the error summary of the opening form.
LABELS: Final[Mapping[str, str]] = {
    "subject": "Objet",
    "kind": "Nature",
    "description": "Présentation",
    "informed_on": "Informations transmises le",
    "agreed_delay_days": "Délai fixé par accord (jours)",
    "expert_name": "Expert",
}
DONE: Final[Mapping[str, str]] = {
    "consultation": "La consultation a été ouverte ; son délai court depuis la transmission des informations.",
    "contestation": "La contestation de l'expertise est enregistrée : le délai est suspendu jusqu'au jugement.",
    "jugement": "Le jugement est enregistré : le délai reprend pour les jours qui restaient.",
    "document": "Le document est joint : il est communiqué aux membres ce jour (R2312-5).",
}


def opening_payload(form: Mapping[str, str]) -> dict[str, Any]:
    """The opening form as the API's ConsultationCreate payload (an empty input is "not given")."""
    payload: dict[str, Any] = {
        "subject": form.get("subject", ""),
        "kind": form.get("kind", ""),
        "informed_on": form.get("informed_on", ""),
        "expert_appointed": forms.checked(form.get("expert_appointed")),
    }
    for name in ("description", "expert_name", "agreed_delay_days"):
        if (value := forms.text_or_none(form.get(name))) is not None:
            payload[name] = value
    return payload


async def consultations_page(
    visit: Visit,
    body_id: int,
    meetings_of: MeetingsOf,
    *,
    form: FormState | None = None,
    status: int = 200,
    fait: str | None = None,
    court_error: str | None = None,
) -> Template:
    access = (await body_access(actor=visit.actor, body_id=body_id)).require_read()
    items, _ = await service.list_consultations(
        actor=visit.actor, body_id=body_id, limit=500, offset=0, meetings_of=meetings_of
    )
    return render(
        visit.request,
        "consultations/consultations.html.j2",
        visit.env,
        status_code=status,
        access=access,
        consultations=items,
        form=form or FormState(),
        done=DONE.get(fait or ""),
        kinds=[(k.value, v) for k, v in KIND_LABELS.items()],
        consultation_status=CONSULTATION_STATUS,
        opinion_labels=OPINION_LABELS,
        labels=LABELS,
        records_court_steps=access.is_president or access.is_direction,
        court_error=court_error,
    )


async def consultation_page(
    visit: Visit,
    consultation_id: int,
    meetings_of: MeetingsOf,
    *,
    form: FormState | None = None,
    status: int = 200,
    fait: str | None = None,
) -> Template:
    """One consultation and what was given for it; for the president and the secretary while an opinion can still
    be given, the form attaching one of the organisation's documents (confidential ones only to those who may see
    them, L2315-3)."""
    found = await evidence.evidence(actor=visit.actor, consultation_id=consultation_id, meetings_of=meetings_of)
    access = await body_access(actor=visit.actor, body_id=found.consultation.body_id)
    can_attach = access.runs_meetings and found.consultation.status.value in ("open", "suspended")
    attachable: list[DocumentSummaryRead] = []
    if can_attach:
        attachable, _ = await documents.list_documents(
            actor=visit.actor, organization_id=access.organization_id, limit=200, offset=0
        )
    return render(
        visit.request,
        "consultations/consultation.html.j2",
        visit.env,
        status_code=status,
        access=access,
        evidence=found,
        consultation_status=CONSULTATION_STATUS,
        opinion_labels=OPINION_LABELS,
        can_attach=can_attach,
        attachable_documents=attachable,
        form=form or FormState(),
        done=DONE.get(fait or ""),
        labels={"document_id": "Document à joindre"},
    )


class ConsultationPagesController(Controller):
    """Consultations as the secretary and the president follow them, and the employer's steps in court."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/consultations")
    async def consultations(
        self,
        request: Request[Any, Any, Any],
        consultation_meetings: ConsultationMeetings,
        body_id: FromPath[int],
        fait: FromQuery[str | None] = None,
    ) -> Template:
        return await consultations_page(await page_visit(request), body_id, consultation_meetings, fait=fait)

    @post("/instances/{body_id:int}/consultations")
    async def open_consultation(
        self, request: Request[Any, Any, Any], consultation_meetings: ConsultationMeetings, body_id: FromPath[int]
    ) -> Response[Any]:
        """Open a consultation: its deadline runs from the information given (R2312-5, R2312-6)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        settings: Settings = request.app.state.settings
        done = await submit(
            ConsultationCreate,
            opening_payload(posted),
            lambda data: service.open_consultation(
                actor=visit.actor, body_id=body_id, data=data, min_agreed_days=settings.consultation_min_agreed_days
            ),
            posted=posted,
        )
        if isinstance(done, Refused):
            return await consultations_page(visit, body_id, consultation_meetings, form=done.state, status=done.status)
        return see_other(f"/instances/{body_id}/consultations?fait=consultation")

    @get("/consultations/{consultation_id:int}")
    async def consultation(
        self,
        request: Request[Any, Any, Any],
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
        fait: FromQuery[str | None] = None,
    ) -> Template:
        """One consultation and the information given for it: what, to whom, when (R2312-5)."""
        return await consultation_page(await page_visit(request), consultation_id, consultation_meetings, fait=fait)

    @post("/consultations/{consultation_id:int}/documents")
    async def attach_document(
        self,
        request: Request[Any, Any, Any],
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
    ) -> Response[Any]:
        """The president or the secretary attaches one of the organisation's documents: communicated to the
        members today, the delay runs from it (R2312-5); refused twice (409) or for an unknown document (422)."""
        visit = await page_visit(request)
        posted = await read_form(request)

        async def again(refused: Refused) -> Response[Any]:
            return await consultation_page(
                visit, consultation_id, consultation_meetings, form=refused.state, status=refused.status
            )

        return await forms.post_form(
            AttachmentCreate,
            {"document_id": posted.get("document_id", "")},
            lambda data: attachments.attach_document(
                actor=visit.actor, consultation_id=consultation_id, document_id=data.document_id
            ),
            posted=posted,
            again=again,
            then=f"/consultations/{consultation_id}?fait=document#informations-communiquees",
        )

    @post("/consultations/{consultation_id:int}/contestation")
    async def record_challenge(
        self,
        request: Request[Any, Any, Any],
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
    ) -> Response[Any]:
        """The employer's court challenge of the expertise suspends the delay (L2315-86)."""
        return await _court_step(request, consultation_meetings, consultation_id, "contestation")

    @post("/consultations/{consultation_id:int}/jugement")
    async def record_judgment(
        self,
        request: Request[Any, Any, Any],
        consultation_meetings: ConsultationMeetings,
        consultation_id: FromPath[int],
    ) -> Response[Any]:
        """The judgment's notification resumes the delay for the days left (L2315-86)."""
        return await _court_step(request, consultation_meetings, consultation_id, "jugement")


async def _court_step(
    request: Request[Any, Any, Any], meetings_of: MeetingsOf, consultation_id: int, step: str
) -> Response[Any]:
    """The employer records the challenge (« contestation ») or the judgment (« jugement »); the list again with
    the refusal above it (an unreadable date, or the service's reason), or with the step confirmed."""
    visit = await page_visit(request)
    posted = await read_form(request)
    consultation = await service.get_consultation(
        actor=visit.actor, consultation_id=consultation_id, meetings_of=meetings_of
    )
    done: ConsultationRead | Refused
    if step == "contestation":
        done = await submit(
            ExpertiseChallengeCreate,
            {"filed_on": posted.get("filed_on", "")},
            lambda data: service.record_challenge(
                actor=visit.actor, consultation_id=consultation_id, data=data, meetings_of=meetings_of
            ),
            posted=posted,
        )
    else:
        done = await submit(
            JudgmentCreate,
            {"judgment_on": posted.get("judgment_on", "")},
            lambda data: service.record_judgment(
                actor=visit.actor, consultation_id=consultation_id, data=data, meetings_of=meetings_of
            ),
            posted=posted,
        )
    body_id = consultation.body_id
    if not isinstance(done, Refused):
        return see_other(f"/instances/{body_id}/consultations?fait={step}")
    reason = done.state.message
    if reason is None:
        reason = "Date invalide : " + "; ".join(done.state.errors.values())
    return await consultations_page(visit, body_id, meetings_of, status=done.status, court_error=reason)
