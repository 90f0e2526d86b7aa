"""HTTP endpoints of the CSE election (CONTRACT.md "Additions")."""

from __future__ import annotations

from litestar import Controller, Response, get, patch, post
from litestar.params import FromPath, JSONBody

from dialogue.elections import exports, service
from dialogue.elections.schemas import (
    ElectionCreate,
    ElectionDetail,
    ElectionUpdate,
    ListCreate,
    ListRead,
    ProclamationRead,
    SeatsRead,
    TallyCreate,
    TallyRead,
)
from dialogue.organizations import service as organizations
from dialogue.web.deps import CurrentActor


class ElectionController(Controller):
    tags = ["élections"]

    @get("/organizations/{organization_id:int}/elections", summary="Élections du CSE de l'organisation")
    async def list_elections(self, actor: CurrentActor, organization_id: FromPath[int]) -> list[ElectionDetail]:
        return await service.list_elections(actor=actor, organization_id=organization_id)

    @post("/organizations/{organization_id:int}/elections", summary="Ouvrir une élection (calendrier, PAP, collèges)")
    async def create_election(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[ElectionCreate]
    ) -> ElectionDetail:
        return await service.create_election(actor=actor, organization_id=organization_id, data=data)

    @get("/elections/{election_id:int}", summary="Élection : calendrier, listes, résultats, sièges, élus")
    async def get_election(self, actor: CurrentActor, election_id: FromPath[int]) -> ElectionDetail:
        return await service.get_election(actor=actor, election_id=election_id)

    @patch("/elections/{election_id:int}", summary="Dates du calendrier, protocole, carence")
    async def update_election(
        self, actor: CurrentActor, election_id: FromPath[int], data: JSONBody[ElectionUpdate]
    ) -> ElectionDetail:
        return await service.update_election(actor=actor, election_id=election_id, data=data)

    @get("/elections/{election_id:int}/lists", summary="Listes de candidats")
    async def list_lists(self, actor: CurrentActor, election_id: FromPath[int]) -> list[ListRead]:
        return await service.list_lists(actor=actor, election_id=election_id)

    @post("/elections/{election_id:int}/lists", summary="Déposer une liste (contrôle L2314-30)")
    async def file_list(self, actor: CurrentActor, election_id: FromPath[int], data: JSONBody[ListCreate]) -> ListRead:
        return await service.file_list(actor=actor, election_id=election_id, data=data)

    @get("/elections/{election_id:int}/results", summary="Résultats par tour, collège et scrutin")
    async def list_results(self, actor: CurrentActor, election_id: FromPath[int]) -> list[TallyRead]:
        return (await service.get_election(actor=actor, election_id=election_id)).results

    @post("/elections/{election_id:int}/results", summary="Enregistrer le dépouillement d'un tour (L2314-29)")
    async def record_results(
        self, actor: CurrentActor, election_id: FromPath[int], data: JSONBody[TallyCreate]
    ) -> ElectionDetail:
        return await service.record_results(actor=actor, election_id=election_id, data=data)

    @get("/elections/{election_id:int}/seats", summary="Sièges : quotient puis plus forte moyenne (R2314-19, R2314-20)")
    async def seats(self, actor: CurrentActor, election_id: FromPath[int]) -> list[SeatsRead]:
        return (await service.get_election(actor=actor, election_id=election_id)).seats

    @post("/elections/{election_id:int}/proclamation", summary="Proclamer : membres du CSE et représentativité")
    async def proclaim(self, actor: CurrentActor, election_id: FromPath[int]) -> ProclamationRead:
        return await service.proclaim(actor=actor, election_id=election_id)

    @get("/elections/{election_id:int}/pv.pdf", media_type="application/pdf", summary="Procès-verbal (PDF)")
    async def pv_pdf(self, actor: CurrentActor, election_id: FromPath[int]) -> Response[bytes]:
        election = await service.get_election(actor=actor, election_id=election_id)
        name = await organizations.organization_name(organization_id=election.organization_id)
        return Response(
            content=exports.pv_pdf(election, organization=name),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="pv-election-{election_id}.pdf"'},
        )

    @get(
        "/elections/{election_id:int}/carence.pdf",
        media_type="application/pdf",
        summary="Procès-verbal de carence (PDF, cerfa 15248 ; L2314-9)",
    )
    async def carence_pdf(self, actor: CurrentActor, election_id: FromPath[int]) -> Response[bytes]:
        election, name, establishment = await service.carence_document(actor=actor, election_id=election_id)
        return Response(
            content=exports.carence_pdf(election, organization=name, establishment=establishment),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="pv-carence-{election_id}.pdf"'},
        )

    @get("/elections/{election_id:int}/ctep.csv", media_type="text/csv", summary="Chiffres des CERFA 15822/15823")
    async def ctep_csv(self, actor: CurrentActor, election_id: FromPath[int]) -> Response[str]:
        election = await service.get_election(actor=actor, election_id=election_id)
        return Response(
            content=exports.ctep_csv(election),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="ctep-election-{election_id}.csv"'},
        )
