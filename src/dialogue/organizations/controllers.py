"""HTTP endpoints for organisations, establishments and the audit trail."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody

from dialogue.audit import service as audit
from dialogue.audit.schemas import AuditEventRow
from dialogue.core.schemas import Page
from dialogue.organizations import service
from dialogue.organizations.schemas import (
    EstablishmentCreate,
    EstablishmentRead,
    EstablishmentUpdate,
    OrganizationRead,
    OrganizationUpdate,
)
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam, whole_page


class OrganizationController(Controller):
    path = "/organizations"
    tags = ["organisations"]

    @get("/", summary="Mon organisation")
    async def list_organizations(self, actor: CurrentActor) -> Page[OrganizationRead]:
        return whole_page(await service.list_organizations(actor=actor))

    @get("/{organization_id:int}")
    async def get_organization(self, actor: CurrentActor, organization_id: FromPath[int]) -> OrganizationRead:
        return await service.get_organization(actor=actor, organization_id=organization_id)

    @patch("/{organization_id:int}", summary="Modifier (administrateurs)")
    async def update_organization(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[OrganizationUpdate]
    ) -> OrganizationRead:
        return await service.update_organization(actor=actor, organization_id=organization_id, data=data)

    @get("/{organization_id:int}/establishments")
    async def list_establishments(self, actor: CurrentActor, organization_id: FromPath[int]) -> Page[EstablishmentRead]:
        return whole_page(await service.list_establishments(actor=actor, organization_id=organization_id))

    @post("/{organization_id:int}/establishments")
    async def create_establishment(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[EstablishmentCreate]
    ) -> EstablishmentRead:
        return await service.create_establishment(actor=actor, organization_id=organization_id, data=data)

    @patch("/{organization_id:int}/establishments/{establishment_id:int}", summary="Modifier (administrateurs)")
    async def update_establishment(
        self,
        actor: CurrentActor,
        organization_id: FromPath[int],
        establishment_id: FromPath[int],
        data: JSONBody[EstablishmentUpdate],
    ) -> EstablishmentRead:
        return await service.update_establishment(
            actor=actor, organization_id=organization_id, establishment_id=establishment_id, data=data
        )

    @get("/{organization_id:int}/audit", summary="Journal d'audit (administrateurs)")
    async def list_audit(
        self, actor: CurrentActor, organization_id: FromPath[int], limit: LimitParam = 50, offset: OffsetParam = 0
    ) -> Page[AuditEventRow]:
        await service.require_org_admin(actor=actor, organization_id=organization_id)
        items, total = await audit.list_events(organization_id=organization_id, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)
