"""HTTP endpoints of the indicators, per body and per organisation (same shapes, same query parameters).

`GET …/indicators` answers `{"items": [{code, label, value, unit, target, status, …}], "total": N}` plus the
period (`from_date`, `to_date`), the previous period and the health score; `?series=true` adds monthly series.
"""

from __future__ import annotations

from typing import Annotated, TypeAlias

from litestar import Controller, Response, delete, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from dialogue.indicators import service
from dialogue.indicators.schemas import IndicatorDetail, IndicatorReport, RecordsPage, WeightsRead, WeightsUpdate
from dialogue.web.deps import CurrentActor
from dialogue.web.pagination import LimitParam, OffsetParam

# Dates arrive as text and are parsed by the service, so that a bad one is reported under its query name
# (`from`, `to`) rather than under the handler's parameter name.
FromParam = Annotated[
    str | None,
    QueryParameter(name="from", description="Premier jour de la période (AAAA-MM-JJ) ; défaut : 1er janvier"),
]
ToParam = Annotated[
    str | None,
    QueryParameter(name="to", description="Dernier jour de la période (AAAA-MM-JJ) ; défaut : 31 décembre"),
]
SeriesParam = Annotated[bool, QueryParameter(description="Ajouter la série mensuelle de chaque indicateur")]
SVG = "image/svg+xml"


def _svg(content: str) -> Response[bytes]:
    return Response(content=content.encode("utf-8"), media_type=SVG, headers={"Cache-Control": "private, max-age=60"})


def _csv(content: str, filename: str) -> Response[bytes]:
    return Response(
        content=content.encode("utf-8"),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


ReportTarget: TypeAlias = NamedDependency[service.Target]


async def provide_body_target(actor: CurrentActor, body_id: FromPath[int]) -> service.Target:
    return await service.body_target(actor=actor, body_id=body_id)


async def provide_organization_target(actor: CurrentActor, organization_id: FromPath[int]) -> service.Target:
    return await service.organization_target(actor=actor, organization_id=organization_id)


class _IndicatorRoutes(Controller):
    """The same reads for a body and for the organisation; the subclass says whose (its `target` dependency)."""

    tags = ["indicateurs"]

    @get("/indicators")
    async def indicators(
        self, target: ReportTarget, from_date: FromParam = None, to_date: ToParam = None, series: SeriesParam = False
    ) -> IndicatorReport:
        return await service.report(target=target, from_date=from_date, to_date=to_date, with_series=series)

    @get("/indicators.svg", media_type=SVG)
    async def indicators_svg(
        self, target: ReportTarget, from_date: FromParam = None, to_date: ToParam = None
    ) -> Response[bytes]:
        return _svg(await service.summary_svg(target=target, from_date=from_date, to_date=to_date))

    @get("/indicators.csv", media_type="text/csv")
    async def indicators_csv(
        self, target: ReportTarget, from_date: FromParam = None, to_date: ToParam = None
    ) -> Response[bytes]:
        content = await service.csv_export(target=target, from_date=from_date, to_date=to_date)
        return _csv(content, target.csv_filename)

    @get("/indicators/{chart:str}", media_type=SVG, description="`{code}.svg` : série mensuelle d'un indicateur")
    async def indicator_chart(
        self, target: ReportTarget, chart: FromPath[str], from_date: FromParam = None, to_date: ToParam = None
    ) -> Response[bytes]:
        return _svg(await service.indicator_svg(target=target, chart=chart, from_date=from_date, to_date=to_date))

    @get("/indicators/{code:str}/trend")
    async def indicator_trend(
        self, target: ReportTarget, code: FromPath[str], from_date: FromParam = None, to_date: ToParam = None
    ) -> IndicatorDetail:
        return await service.detail(target=target, code=code, from_date=from_date, to_date=to_date)

    @get("/indicators/{code:str}/records")
    async def indicator_records(
        self,
        target: ReportTarget,
        code: FromPath[str],
        from_date: FromParam = None,
        to_date: ToParam = None,
        limit: LimitParam = 50,
        offset: OffsetParam = 0,
    ) -> RecordsPage:
        return await service.records(
            target=target, code=code, from_date=from_date, to_date=to_date, limit=limit, offset=offset
        )


class BodyIndicatorsController(_IndicatorRoutes):
    """A body's indicators: its members, the direction and the organisation's admins read them."""

    path = "/bodies/{body_id:int}"
    dependencies = {"target": Provide(provide_body_target)}


class OrganizationIndicatorsController(_IndicatorRoutes):
    """Organisation-level indicators (every body): the direction, the gouvernance and the admins read them."""

    path = "/organizations/{organization_id:int}"
    dependencies = {"target": Provide(provide_organization_target)}

    @get("/indicator-weights")
    async def get_weights(self, actor: CurrentActor, organization_id: FromPath[int]) -> WeightsRead:
        return await service.get_weights(actor=actor, organization_id=organization_id)

    @put("/indicator-weights", status_code=200)
    async def set_weights(
        self, actor: CurrentActor, organization_id: FromPath[int], data: JSONBody[WeightsUpdate]
    ) -> WeightsRead:
        return await service.set_weights(actor=actor, organization_id=organization_id, data=data)

    @delete("/indicator-weights", status_code=200)
    async def reset_weights(self, actor: CurrentActor, organization_id: FromPath[int]) -> WeightsRead:
        return await service.reset_weights(actor=actor, organization_id=organization_id)
