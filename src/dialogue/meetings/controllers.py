"""HTTP endpoints of meetings: lifecycle, agenda, convocations, attendance, votes, minutes, actions, calendar."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypeVar

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from dialogue.core.schemas import Page
from dialogue.meetings.printables_controller import PrintablesController
from dialogue.meetings.schemas import (
    ActionCreate,
    ActionRead,
    ActionUpdate,
    AgendaDisagreement,
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    AgendaOrder,
    AgendaRead,
    AttendanceSheet,
    AttendanceUpdate,
    CalendarPlanRequest,
    CalendarRead,
    CancelRequest,
    ConveneRequest,
    ConvocationRead,
    EntryQuestion,
    InviteeCreate,
    InviteeRead,
    MeetingActionStatus,
    MeetingChangeRead,
    MeetingCreate,
    MeetingRead,
    MeetingReschedule,
    MeetingStatus,
    MeetingUpdate,
    MinutesCreate,
    MinutesRead,
    MinutesRevisionRead,
    MinutesUpdate,
    SsctNoticeCreate,
    SsctNoticeRead,
    VoteCreate,
    VoteRead,
)
from dialogue.meetings.service import (
    actions,
    agenda,
    agenda_reads,
    calendar,
    meetings,
    minutes,
    minutes_adoption,
    minutes_export,
    notice,
    session,
)
from dialogue.web.deps import AppChainKey, AppSettings, CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

T = TypeVar("T")
StatusFilter = Annotated[MeetingStatus | None, QueryParameter(description="Filtrer par statut")]
FromFilter = Annotated[datetime | None, QueryParameter(name="from", description="Début ≥ (ISO 8601 avec décalage)")]
ToFilter = Annotated[datetime | None, QueryParameter(name="to", description="Début < (ISO 8601 avec décalage)")]


def _page(items: list[T]) -> Page[T]:
    return Page(items=items, total=len(items), limit=max(len(items), 1), offset=0)


class MeetingController(Controller):
    tags = ["réunions"]

    @get("/bodies/{body_id:int}/meetings", summary="Réunions d'une instance")
    async def list_meetings(
        self,
        actor: CurrentActor,
        body_id: FromPath[int],
        status: StatusFilter = None,
        start: FromFilter = None,
        end: ToFilter = None,
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
    ) -> Page[MeetingRead]:
        items, total = await meetings.list_meetings(
            actor=actor,
            body_id=body_id,
            limit=limit,
            offset=offset,
            status=status.value if status else None,
            start=start,
            end=end,
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/meetings", summary="Programmer une réunion (brouillon)")
    async def create_meeting(
        self, actor: CurrentActor, settings: AppSettings, body_id: FromPath[int], data: JSONBody[MeetingCreate]
    ) -> MeetingRead:
        return await meetings.create_meeting(
            actor=actor, body_id=body_id, data=data, default_timezone=settings.timezone
        )

    @get("/meetings/{meeting_id:int}", summary="Une réunion")
    async def get_meeting(self, actor: CurrentActor, meeting_id: FromPath[int]) -> MeetingRead:
        return await meetings.get_meeting(actor=actor, meeting_id=meeting_id)

    @patch("/meetings/{meeting_id:int}", summary="Modifier ou reporter une réunion (l'identité est conservée)")
    async def update_meeting(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[MeetingUpdate]
    ) -> MeetingRead:
        return await meetings.update_meeting(actor=actor, meeting_id=meeting_id, data=data)

    @post("/meetings/{meeting_id:int}/reschedule", status_code=HTTP_200_OK, summary="Reporter avec un motif")
    async def reschedule(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[MeetingReschedule]
    ) -> MeetingRead:
        return await meetings.reschedule(actor=actor, meeting_id=meeting_id, data=data)

    @get("/meetings/{meeting_id:int}/history", summary="Historique des reports et changements")
    async def meeting_history(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Page[MeetingChangeRead]:
        return _page(await meetings.meeting_history(actor=actor, meeting_id=meeting_id))

    @post(
        "/meetings/{meeting_id:int}/convene",
        status_code=HTTP_200_OK,
        summary="Convoquer (L2315-30) ; 409 si le délai légal n'est pas respecté sauf acknowledge_late motivé",
    )
    async def convene(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[ConveneRequest | None] = None
    ) -> MeetingRead:
        return await meetings.convene(actor=actor, meeting_id=meeting_id, data=data or ConveneRequest())

    @post("/meetings/{meeting_id:int}/cancel", status_code=HTTP_200_OK, summary="Annuler avec un motif")
    async def cancel(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[CancelRequest]
    ) -> MeetingRead:
        return await meetings.cancel(actor=actor, meeting_id=meeting_id, data=data)

    @post("/meetings/{meeting_id:int}/hold", status_code=HTTP_200_OK, summary="Marquer la réunion comme tenue")
    async def hold(self, actor: CurrentActor, meeting_id: FromPath[int]) -> MeetingRead:
        return await meetings.hold(actor=actor, meeting_id=meeting_id)

    @post("/meetings/{meeting_id:int}/close", status_code=HTTP_200_OK, summary="Clore une réunion tenue")
    async def close(self, actor: CurrentActor, meeting_id: FromPath[int]) -> MeetingRead:
        return await meetings.close(actor=actor, meeting_id=meeting_id)

    @get("/meetings/{meeting_id:int}/convocations", summary="Personnes convoquées (dernière convocation)")
    async def list_convocations(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Page[ConvocationRead]:
        return _page(await meetings.list_convocations(actor=actor, meeting_id=meeting_id))

    @get("/bodies/{body_id:int}/invitees", summary="Invités extérieurs (L2314-3)")
    async def list_invitees(self, actor: CurrentActor, body_id: FromPath[int]) -> Page[InviteeRead]:
        return _page(await meetings.list_invitees(actor=actor, body_id=body_id))

    @post("/bodies/{body_id:int}/invitees", summary="Ajouter un invité permanent (médecin du travail, CARSAT…)")
    async def add_invitee(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[InviteeCreate]
    ) -> InviteeRead:
        return await meetings.add_invitee(actor=actor, body_id=body_id, data=data)

    @post("/meetings/{meeting_id:int}/invitees", summary="Inviter une personne à cette réunion")
    async def add_meeting_invitee(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[InviteeCreate]
    ) -> InviteeRead:
        return await meetings.add_invitee(actor=actor, body_id=0, meeting_id=meeting_id, data=data)

    @delete("/invitees/{invitee_id:int}", summary="Retirer un invité")
    async def remove_invitee(self, actor: CurrentActor, invitee_id: FromPath[int]) -> None:
        await meetings.remove_invitee(actor=actor, invitee_id=invitee_id)

    @get("/bodies/{body_id:int}/calendar/{year:int}", summary="Calendrier annuel : obligation, proposition, écart")
    async def get_calendar(
        self, actor: CurrentActor, settings: AppSettings, body_id: FromPath[int], year: FromPath[int]
    ) -> CalendarRead:
        return await calendar.get_calendar(actor=actor, body_id=body_id, year=year, default_timezone=settings.timezone)

    @post("/bodies/{body_id:int}/calendar/{year:int}", summary="Créer les réunions ordinaires proposées de l'année")
    async def plan_calendar(
        self,
        actor: CurrentActor,
        settings: AppSettings,
        body_id: FromPath[int],
        year: FromPath[int],
        data: JSONBody[CalendarPlanRequest | None] = None,
    ) -> CalendarRead:
        return await calendar.plan_calendar(
            actor=actor,
            body_id=body_id,
            year=year,
            data=data or CalendarPlanRequest(),
            default_timezone=settings.timezone,
        )


class AgendaController(Controller):
    tags = ["ordre du jour"]

    @get("/meetings/{meeting_id:int}/agenda-items", summary="Points de l'ordre du jour (et propositions)")
    async def list_items(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Page[AgendaItemRead]:
        return _page(await agenda_reads.list_items(actor=actor, meeting_id=meeting_id))

    @post("/meetings/{meeting_id:int}/agenda-items", summary="Ajouter (ou, pour un élu, proposer) un point")
    async def add_item(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[AgendaItemCreate]
    ) -> AgendaItemRead:
        return await agenda.add_item(actor=actor, meeting_id=meeting_id, data=data)

    @post(
        "/meetings/{meeting_id:int}/agenda-items/from-register-entry",
        summary="Inscrire une question d'un registre de l'instance",
    )
    async def add_entry_question(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[EntryQuestion]
    ) -> AgendaItemRead:
        return await agenda.add_entry_question(actor=actor, meeting_id=meeting_id, entry_id=data.entry_id)

    @get("/meetings/{meeting_id:int}/agenda", summary="L'ordre du jour, sa version et ses approbations")
    async def get_agenda(self, actor: CurrentActor, meeting_id: FromPath[int]) -> AgendaRead:
        return await agenda_reads.get_agenda(actor=actor, meeting_id=meeting_id)

    @post(
        "/meetings/{meeting_id:int}/agenda/approve",
        status_code=HTTP_200_OK,
        summary="Approuver la version actuelle (président ou secrétaire, L2315-29)",
    )
    async def approve(self, actor: CurrentActor, meeting_id: FromPath[int]) -> AgendaRead:
        return await agenda.approve(actor=actor, meeting_id=meeting_id)

    # --- secretary's disagreement, SSCT notice (branch convening)

    @post(
        "/meetings/{meeting_id:int}/agenda/disagree",
        status_code=HTTP_200_OK,
        summary="Désaccord du secrétaire sur l'ordre du jour, gardé dans l'historique (L2315-29)",
    )
    async def disagree(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[AgendaDisagreement]
    ) -> AgendaRead:
        return await agenda.disagree(actor=actor, meeting_id=meeting_id, data=data)

    @get("/meetings/{meeting_id:int}/ssct-notice", summary="Confirmation écrite 15 jours avant (L2315-27 al. 4)")
    async def get_ssct_notice(self, actor: CurrentActor, meeting_id: FromPath[int]) -> SsctNoticeRead:
        return await notice.get_ssct_notice(actor=actor, meeting_id=meeting_id)

    @post(
        "/meetings/{meeting_id:int}/ssct-notice",
        status_code=HTTP_200_OK,
        summary="Enregistrer l'envoi de la confirmation à l'inspection, au médecin du travail et à la CARSAT",
    )
    async def record_ssct_notice(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[SsctNoticeCreate | None] = None
    ) -> SsctNoticeRead:
        return await notice.record_ssct_notice(actor=actor, meeting_id=meeting_id, data=data or SsctNoticeCreate())

    @put("/meetings/{meeting_id:int}/agenda/order", summary="Réordonner les points (positions uniques)")
    async def reorder(self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[AgendaOrder]) -> AgendaRead:
        return await agenda.reorder(actor=actor, meeting_id=meeting_id, data=data)

    @get("/agenda-items/{item_id:int}", summary="Un point de l'ordre du jour")
    async def get_item(self, actor: CurrentActor, item_id: FromPath[int]) -> AgendaItemRead:
        return await agenda.get_item(actor=actor, item_id=item_id)

    @patch("/agenda-items/{item_id:int}", summary="Modifier un point (retire les approbations)")
    async def update_item(
        self, actor: CurrentActor, item_id: FromPath[int], data: JSONBody[AgendaItemUpdate]
    ) -> AgendaItemRead:
        return await agenda.update_item(actor=actor, item_id=item_id, data=data)

    @delete("/agenda-items/{item_id:int}", summary="Retirer un point")
    async def delete_item(self, actor: CurrentActor, item_id: FromPath[int]) -> None:
        await agenda.delete_item(actor=actor, item_id=item_id)

    @post("/agenda-items/{item_id:int}/accept", status_code=HTTP_200_OK, summary="Inscrire un point proposé")
    async def accept(self, actor: CurrentActor, item_id: FromPath[int]) -> AgendaItemRead:
        return await agenda.decide_proposal(actor=actor, item_id=item_id, accept=True)

    @post("/agenda-items/{item_id:int}/decline", status_code=HTTP_200_OK, summary="Refuser un point proposé")
    async def decline(self, actor: CurrentActor, item_id: FromPath[int]) -> AgendaItemRead:
        return await agenda.decide_proposal(actor=actor, item_id=item_id, accept=False)


class SessionController(Controller):
    tags = ["séance"]

    @get("/meetings/{meeting_id:int}/attendance", summary="Feuille de présence et décompte des votants")
    async def get_attendance(self, actor: CurrentActor, meeting_id: FromPath[int]) -> AttendanceSheet:
        return await session.get_attendance(actor=actor, meeting_id=meeting_id)

    @put("/meetings/{meeting_id:int}/attendance", summary="Noter des présences (suppléant remplaçant : L2314-1)")
    async def record_attendance(
        self, actor: CurrentActor, meeting_id: FromPath[int], data: JSONBody[AttendanceUpdate]
    ) -> AttendanceSheet:
        return await session.record_attendance(actor=actor, meeting_id=meeting_id, data=data)

    @get("/meetings/{meeting_id:int}/votes", summary="Votes de la réunion")
    async def list_meeting_votes(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Page[VoteRead]:
        return _page(await session.list_meeting_votes(actor=actor, meeting_id=meeting_id))

    @get("/agenda-items/{item_id:int}/votes", summary="Votes sur un point")
    async def list_item_votes(self, actor: CurrentActor, item_id: FromPath[int]) -> Page[VoteRead]:
        return _page(await session.list_item_votes(actor=actor, item_id=item_id))

    @post("/agenda-items/{item_id:int}/votes", summary="Enregistrer un vote (L2315-32)")
    async def record_vote(
        self, actor: CurrentActor, chain_key: AppChainKey, item_id: FromPath[int], data: JSONBody[VoteCreate]
    ) -> VoteRead:
        return await session.record_vote(actor=actor, item_id=item_id, data=data, chain_key=chain_key)


class MinutesController(Controller):
    tags = ["procès-verbal"]

    @get("/meetings/{meeting_id:int}/minutes", summary="Le procès-verbal, son échéance (D2315-26) et son empreinte")
    async def get_minutes(self, actor: CurrentActor, chain_key: AppChainKey, meeting_id: FromPath[int]) -> MinutesRead:
        return await minutes.get_minutes(actor=actor, meeting_id=meeting_id, chain_key=chain_key)

    @post("/meetings/{meeting_id:int}/minutes", summary="Établir le PV (secrétaire, L2315-34), pré-rempli")
    async def create_minutes(
        self,
        actor: CurrentActor,
        chain_key: AppChainKey,
        meeting_id: FromPath[int],
        data: JSONBody[MinutesCreate | None] = None,
    ) -> MinutesRead:
        return await minutes.create_minutes(
            actor=actor, meeting_id=meeting_id, data=data or MinutesCreate(), chain_key=chain_key
        )

    @put("/meetings/{meeting_id:int}/minutes", summary="Nouvelle révision du texte (409 une fois adopté)")
    async def update_minutes(
        self, actor: CurrentActor, chain_key: AppChainKey, meeting_id: FromPath[int], data: JSONBody[MinutesUpdate]
    ) -> MinutesRead:
        return await minutes.update_minutes(actor=actor, meeting_id=meeting_id, data=data, chain_key=chain_key)

    @get("/meetings/{meeting_id:int}/minutes/revisions", summary="Toutes les révisions")
    async def list_revisions(self, actor: CurrentActor, meeting_id: FromPath[int]) -> Page[MinutesRevisionRead]:
        return _page(await minutes.list_revisions(actor=actor, meeting_id=meeting_id))

    @post(
        "/meetings/{meeting_id:int}/minutes/submit",
        status_code=HTTP_200_OK,
        summary="Transmettre le PV à l'employeur et aux membres (D2315-26)",
    )
    async def submit(self, actor: CurrentActor, chain_key: AppChainKey, meeting_id: FromPath[int]) -> MinutesRead:
        return await minutes_adoption.submit_minutes(actor=actor, meeting_id=meeting_id, chain_key=chain_key)

    @post(
        "/meetings/{meeting_id:int}/minutes/publish",
        status_code=HTTP_200_OK,
        summary="Diffuser le PV adopté (secrétaire, L2315-35)",
    )
    async def publish(self, actor: CurrentActor, chain_key: AppChainKey, meeting_id: FromPath[int]) -> MinutesRead:
        return await minutes_adoption.publish_minutes(actor=actor, meeting_id=meeting_id, chain_key=chain_key)

    @get("/meetings/{meeting_id:int}/minutes.html", summary="PV en HTML", media_type="text/html")
    async def minutes_html(
        self, actor: CurrentActor, chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[str]:
        html = await minutes_export.export_html(actor=actor, meeting_id=meeting_id, chain_key=chain_key)
        return Response(html, media_type="text/html")

    @get("/meetings/{meeting_id:int}/minutes.pdf", summary="PV en PDF (présences, signatures)")
    async def minutes_pdf(
        self, actor: CurrentActor, chain_key: AppChainKey, meeting_id: FromPath[int]
    ) -> Response[bytes]:
        pdf, filename = await minutes_export.export_pdf(actor=actor, meeting_id=meeting_id, chain_key=chain_key)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


class ActionController(Controller):
    tags = ["actions"]

    @get("/bodies/{body_id:int}/actions", summary="Actions de suivi d'une instance")
    async def list_actions(
        self,
        actor: CurrentActor,
        body_id: FromPath[int],
        status: Annotated[MeetingActionStatus | None, QueryParameter(description="Filtrer par statut")] = None,
        overdue: Annotated[bool | None, QueryParameter(description="En retard seulement")] = None,
        meeting_id: Annotated[int | None, QueryParameter(description="Décidées lors de cette réunion")] = None,
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
    ) -> Page[ActionRead]:
        items, total = await actions.list_actions(
            actor=actor,
            body_id=body_id,
            limit=limit,
            offset=offset,
            status=status.value if status else None,
            overdue=overdue,
            meeting_id=meeting_id,
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post("/bodies/{body_id:int}/actions", summary="Créer une action de suivi")
    async def create_action(
        self, actor: CurrentActor, body_id: FromPath[int], data: JSONBody[ActionCreate]
    ) -> ActionRead:
        return await actions.create_action(actor=actor, body_id=body_id, data=data)

    @get("/actions/{action_id:int}", summary="Une action")
    async def get_action(self, actor: CurrentActor, action_id: FromPath[int]) -> ActionRead:
        return await actions.get_action(actor=actor, action_id=action_id)

    @patch("/actions/{action_id:int}", summary="Mettre à jour une action (statut, échéance, porteur)")
    async def update_action(
        self, actor: CurrentActor, action_id: FromPath[int], data: JSONBody[ActionUpdate]
    ) -> ActionRead:
        return await actions.update_action(actor=actor, action_id=action_id, data=data)


MEETING_HANDLERS = [
    MeetingController,
    AgendaController,
    SessionController,
    MinutesController,
    ActionController,
    PrintablesController,  # branch printables
]
