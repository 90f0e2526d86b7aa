"""HTTP endpoints of networks (CONTRACT.md "Additions": /api/v1/networks and /api/v1/networks/{id} with
/organizations, /sessions, /experience-sheets, /benchmark)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK

from dialogue.core.schemas import Page
from dialogue.documents.controllers import content_response
from dialogue.networks import exports, nudges, service, sharing
from dialogue.networks.schemas import (
    AttendanceInput,
    BenchmarkRead,
    BoardRowRead,
    ConsentInput,
    ContributionCreate,
    ContributionRead,
    InvitationCreate,
    MemberRead,
    NetworkCreate,
    NetworkRead,
    NudgeRead,
    SessionCreate,
    SessionRead,
    SheetCreate,
    SheetRead,
    TrinomeInput,
)
from dialogue.web.deps import AppSettings, CurrentActor
from dialogue.web.pagination import whole_page

TextParam = Annotated[str | None, QueryParameter(description="Filtre", max_length=200)]


class NetworkController(Controller):
    """Networks of establishments: members, trinômes, sessions, steps board, experience sheets, benchmark."""

    path = "/networks"
    tags = ["Réseaux"]

    @get("/", summary="Les réseaux que j'anime ou dont mon organisation est membre (ou invitée)")
    async def list_networks(self, actor: CurrentActor) -> Page[NetworkRead]:
        return whole_page(await service.list_networks(actor=actor))

    @post("/", summary="Créer un réseau (administration de l'organisation animatrice)")
    async def create_network(self, actor: CurrentActor, data: JSONBody[NetworkCreate]) -> NetworkRead:
        return await service.create_network(actor=actor, data=data)

    @get("/{network_id:int}", summary="Un réseau et ses animateurs")
    async def get_network(self, actor: CurrentActor, network_id: FromPath[int]) -> NetworkRead:
        return await service.get_network(actor=actor, network_id=network_id)

    @get("/{network_id:int}/organizations", summary="Organisations membres et leur trinôme")
    async def list_members(self, actor: CurrentActor, network_id: FromPath[int]) -> Page[MemberRead]:
        return whole_page(await service.list_members(actor=actor, network_id=network_id))

    @post("/{network_id:int}/organizations", summary="Inviter une organisation (animation)")
    async def invite(
        self, actor: CurrentActor, network_id: FromPath[int], data: JSONBody[InvitationCreate]
    ) -> MemberRead:
        return await service.invite(actor=actor, network_id=network_id, data=data)

    @post(
        "/{network_id:int}/organizations/{organization_id:int}/consent",
        status_code=HTTP_200_OK,
        summary="Accepter ou refuser l'invitation (administration de l'organisation)",
    )
    async def respond(
        self,
        actor: CurrentActor,
        network_id: FromPath[int],
        organization_id: FromPath[int],
        data: JSONBody[ConsentInput],
    ) -> MemberRead:
        return await service.respond(actor=actor, network_id=network_id, organization_id=organization_id, data=data)

    @delete(
        "/{network_id:int}/organizations/{organization_id:int}",
        status_code=HTTP_200_OK,
        summary="Quitter le réseau (ce qui était publié en est retiré)",
    )
    async def leave(self, actor: CurrentActor, network_id: FromPath[int], organization_id: FromPath[int]) -> MemberRead:
        return await service.leave(actor=actor, network_id=network_id, organization_id=organization_id)

    @put("/{network_id:int}/organizations/{organization_id:int}/trinome", summary="Nommer le trinôme de l'organisation")
    async def set_trinome(
        self,
        actor: CurrentActor,
        network_id: FromPath[int],
        organization_id: FromPath[int],
        data: JSONBody[TrinomeInput],
    ) -> MemberRead:
        return await service.set_trinome(actor=actor, network_id=network_id, organization_id=organization_id, data=data)

    @post(
        "/{network_id:int}/organizations/{organization_id:int}/nudge",
        status_code=HTTP_200_OK,
        summary="Relancer le trinôme d'une organisation dont une étape n'avance plus (animation)",
    )
    async def nudge(
        self, actor: CurrentActor, settings: AppSettings, network_id: FromPath[int], organization_id: FromPath[int]
    ) -> NudgeRead:
        return await nudges.nudge_now(
            actor=actor, network_id=network_id, organization_id=organization_id, settings=settings
        )

    @get("/{network_id:int}/board", summary="Tableau des étapes de chaque organisation, avec relance")
    async def board(self, actor: CurrentActor, network_id: FromPath[int]) -> Page[BoardRowRead]:
        return whole_page(await service.board(actor=actor, network_id=network_id))

    @get("/{network_id:int}/sessions", summary="Journées collectives et visites d'appui")
    async def list_sessions(self, actor: CurrentActor, network_id: FromPath[int]) -> Page[SessionRead]:
        return whole_page(await service.list_sessions(actor=actor, network_id=network_id))

    @post("/{network_id:int}/sessions", summary="Programmer une journée collective ou une visite d'appui")
    async def create_session(
        self, actor: CurrentActor, network_id: FromPath[int], data: JSONBody[SessionCreate]
    ) -> SessionRead:
        return await service.create_session(actor=actor, network_id=network_id, data=data)

    @get("/{network_id:int}/sessions/{session_id:int}", summary="Une séance")
    async def get_session(
        self, actor: CurrentActor, network_id: FromPath[int], session_id: FromPath[int]
    ) -> SessionRead:
        return await service.get_session(actor=actor, network_id=network_id, session_id=session_id)

    @post(
        "/{network_id:int}/sessions/{session_id:int}/attendance",
        status_code=HTTP_200_OK,
        summary="Présence d'une organisation",
    )
    async def record_attendance(
        self,
        actor: CurrentActor,
        network_id: FromPath[int],
        session_id: FromPath[int],
        data: JSONBody[AttendanceInput],
    ) -> SessionRead:
        return await service.record_attendance(actor=actor, network_id=network_id, session_id=session_id, data=data)

    @get(
        "/{network_id:int}/sessions/{session_id:int}/documents/{document_id:int}",
        summary="Ressource partagée d'une séance",
    )
    async def session_document(
        self, actor: CurrentActor, network_id: FromPath[int], session_id: FromPath[int], document_id: FromPath[int]
    ) -> Stream:
        content = await service.session_document(
            actor=actor, network_id=network_id, session_id=session_id, document_id=document_id
        )
        return content_response(content)

    @get("/{network_id:int}/experience-sheets", summary="Bibliothèque des fiches (thème, type d'établissement, mots)")
    async def library(
        self,
        actor: CurrentActor,
        network_id: FromPath[int],
        theme: TextParam = None,
        establishment_type: TextParam = None,
        q: TextParam = None,
    ) -> Page[SheetRead]:
        return whole_page(
            await sharing.library(
                actor=actor, network_id=network_id, theme=theme, establishment_type=establishment_type, text=q
            )
        )

    @post("/{network_id:int}/experience-sheets", summary="Préparer une fiche depuis une action QVT évaluée")
    async def create_sheet(
        self, actor: CurrentActor, network_id: FromPath[int], data: JSONBody[SheetCreate]
    ) -> SheetRead:
        return await sharing.create_sheet(actor=actor, network_id=network_id, data=data)

    @get("/{network_id:int}/experience-sheets.csv", media_type="text/csv", summary="Export CSV des fiches publiées")
    async def export_csv(self, actor: CurrentActor, network_id: FromPath[int]) -> Response[bytes]:
        body, media = await sharing.export_sheets(actor=actor, network_id=network_id, fmt="csv")
        return Response(body, media_type=media)

    @get("/{network_id:int}/experience-sheets.json", summary="Export JSON des fiches publiées")
    async def export_json(self, actor: CurrentActor, network_id: FromPath[int]) -> Response[bytes]:
        body, media = await sharing.export_sheets(actor=actor, network_id=network_id, fmt="json")
        return Response(body, media_type=media)

    @get(
        "/{network_id:int}/experience-sheets.zip",
        media_type="application/zip",
        summary="Lot de mutualisation : CSV, JSON et un PDF par fiche publiée",
    )
    async def export_zip(self, actor: CurrentActor, network_id: FromPath[int]) -> Response[bytes]:
        body, filename = await exports.export_bundle(actor=actor, network_id=network_id)
        return Response(
            body, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )

    @get(
        "/{network_id:int}/experience-sheets/{sheet_id:int}/sheet.pdf",
        media_type="application/pdf",
        summary="Une fiche publiée en PDF",
    )
    async def export_pdf(
        self, actor: CurrentActor, network_id: FromPath[int], sheet_id: FromPath[int]
    ) -> Response[bytes]:
        body, filename = await exports.export_sheet_pdf(actor=actor, network_id=network_id, sheet_id=sheet_id)
        return Response(
            body, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )

    @get("/{network_id:int}/experience-sheets/{sheet_id:int}", summary="Une fiche")
    async def get_sheet(self, actor: CurrentActor, network_id: FromPath[int], sheet_id: FromPath[int]) -> SheetRead:
        return await sharing.get_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)

    @post(
        "/{network_id:int}/experience-sheets/{sheet_id:int}/approve",
        status_code=HTTP_200_OK,
        summary="Approuver la fiche (membre du trinôme)",
    )
    async def approve_sheet(self, actor: CurrentActor, network_id: FromPath[int], sheet_id: FromPath[int]) -> SheetRead:
        return await sharing.approve_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)

    @post(
        "/{network_id:int}/experience-sheets/{sheet_id:int}/publish",
        status_code=HTTP_200_OK,
        summary="Publier la fiche au réseau",
    )
    async def publish_sheet(self, actor: CurrentActor, network_id: FromPath[int], sheet_id: FromPath[int]) -> SheetRead:
        return await sharing.publish_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)

    @post(
        "/{network_id:int}/experience-sheets/{sheet_id:int}/withdraw",
        status_code=HTTP_200_OK,
        summary="Retirer la fiche du réseau",
    )
    async def withdraw_sheet(
        self, actor: CurrentActor, network_id: FromPath[int], sheet_id: FromPath[int]
    ) -> SheetRead:
        return await sharing.withdraw_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)

    @get("/{network_id:int}/benchmark", summary="Comparaison sans exposition (3 organisations au moins)")
    async def benchmark(self, actor: CurrentActor, network_id: FromPath[int]) -> BenchmarkRead:
        return await sharing.benchmark(actor=actor, network_id=network_id)

    @get("/{network_id:int}/benchmark/contribution", summary="Ce que mon organisation a publié")
    async def my_contribution(self, actor: CurrentActor, network_id: FromPath[int]) -> ContributionRead:
        return await sharing.my_contribution(actor=actor, network_id=network_id)

    @post("/{network_id:int}/benchmark/contribution", summary="Publier les résultats agrégés du baromètre")
    async def publish_contribution(
        self, actor: CurrentActor, network_id: FromPath[int], data: JSONBody[ContributionCreate]
    ) -> ContributionRead:
        return await sharing.publish_contribution(actor=actor, network_id=network_id, data=data)

    @delete("/{network_id:int}/benchmark/contribution", summary="Retirer la contribution")
    async def withdraw_contribution(self, actor: CurrentActor, network_id: FromPath[int]) -> None:
        await sharing.withdraw_contribution(actor=actor, network_id=network_id)
