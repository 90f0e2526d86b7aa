"""HTTP endpoints of the documents attached to minutes, SSCT missions, negotiations and QVT action proposals
(`POST/GET …/documents` with `{"document_id"}`, as for agenda items): one controller shape, built per target with
the resolver of the module owning it. Register entries take no attachment: they are append-only and chained."""

from dataclasses import dataclass

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from dialogue.documents import attachments
from dialogue.documents.attachments import TargetResolver
from dialogue.documents.schemas import AnnexCreate, AttachmentRead
from dialogue.meetings.service.minutes_annexes import minutes_target
from dialogue.negotiations.service.annexes import negotiation_target
from dialogue.qvt.service.annexes import action_target
from dialogue.ssct.service.annexes import mission_target
from dialogue.web.deps import CurrentActor


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    path: str
    tag: str
    label: str
    resolve: TargetResolver


def _controller(place: _Place) -> type[Controller]:
    resolve = place.resolve

    class AnnexController(Controller):
        path = place.path
        tags = [place.tag, "documents"]

        @get(summary=f"Documents joints ({place.label})", operation_id=f"list_{place.name}_documents")
        async def list_documents(self, actor: CurrentActor, target_id: FromPath[int]) -> list[AttachmentRead]:
            return await attachments.list_of(actor=actor, resolve=resolve, target_id=target_id)

        @post(summary=f"Joindre un document ({place.label})", operation_id=f"attach_{place.name}_document")
        async def attach_document(
            self, actor: CurrentActor, target_id: FromPath[int], data: JSONBody[AnnexCreate]
        ) -> AttachmentRead:
            return await attachments.attach_to(actor=actor, resolve=resolve, target_id=target_id, data=data)

    AnnexController.__name__ = AnnexController.__qualname__ = f"{place.name.title().replace('_', '')}DocumentController"
    return AnnexController


ANNEX_CONTROLLERS: tuple[type[Controller], ...] = tuple(
    _controller(place)
    for place in (
        _Place("minutes", "/meetings/{target_id:int}/minutes/documents", "meetings", "annexes du PV", minutes_target),
        _Place("ssct_mission", "/ssct-missions/{target_id:int}/documents", "ssct", "mission SSCT", mission_target),
        _Place("negotiation", "/negotiations/{target_id:int}/documents", "negotiations", "accord", negotiation_target),
        _Place("qvt_action", "/action-proposals/{target_id:int}/documents", "qvt", "action QVT", action_target),
    )
)
