"""Indicators of the social dialogue: access, periods, composition of the providers, health score, weights.

Readers (CONTRACT.md): a body's indicators are read by its members, the direction and the organisation's
admins; organisation-level indicators by the direction, the admins and the gouvernance. Another
organisation's body or organisation is 404. Reads take no transaction; only the weights are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.bodies.access import body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, local_today, utcnow
from dialogue.core.db import get_engine, is_sqlite, transaction
from dialogue.core.errors import Forbidden, InvalidInput, NotFound
from dialogue.core.events import emit
from dialogue.indicators import exports
from dialogue.indicators.catalog import ALL_SPECS, HEALTH_SCORE, SPECS, IndicatorSpec
from dialogue.indicators.events import HealthWeightsChanged
from dialogue.indicators.providers import Measure, Provider, Scope, measure_periods
from dialogue.indicators.providers.budgets import BudgetsProvider
from dialogue.indicators.providers.consultations import ConsultationsProvider
from dialogue.indicators.providers.delegation import DelegationProvider
from dialogue.indicators.providers.establishments import EstablishmentsProvider
from dialogue.indicators.providers.meetings import MeetingsProvider
from dialogue.indicators.providers.negotiations import NegotiationsProvider
from dialogue.indicators.providers.qvt import QvtProvider
from dialogue.indicators.providers.registers import RegistersProvider
from dialogue.indicators.providers.ssct import SsctProvider
from dialogue.indicators.rules import (
    DEFAULT_WEIGHTS,
    INDICATOR_LABELS,
    STATUS_LABELS,
    health_score,
    health_status,
    normalise_weights,
    previous_period,
)
from dialogue.indicators.schemas import (
    IndicatorDetail,
    IndicatorRead,
    IndicatorRecordRead,
    IndicatorReport,
    RecordsPage,
    ReportScope,
    SeriesPoint,
    WeightsRead,
    WeightsUpdate,
)
from dialogue.indicators.sql import Dialect
from dialogue.indicators.tables import IndicatorWeights

_today = local_today

#: One provider per domain module; a module that lands adds its provider here.
PROVIDERS: Final[list[Provider]] = [
    MeetingsProvider(),
    ConsultationsProvider(),
    RegistersProvider(),
    QvtProvider(),
    SsctProvider(),
    NegotiationsProvider(),
    EstablishmentsProvider(),
    DelegationProvider(),
    BudgetsProvider(),
]
MAX_PERIOD_DAYS: Final = 20 * 366
"""Longest period accepted (20 years): longer asks are mistakes, and would be slow."""

_ORG_READER_SQL = """
SELECT u.is_org_admin,
       EXISTS (SELECT 1 FROM member m JOIN body b ON b.id = m.body
               WHERE m."user" = u.id AND b.organization = u.organization
                 AND (m.mandate_end IS NULL OR m.mandate_end >= {})
                 AND (m.college IN ('direction', 'gouvernance') OR b.kind IN ('direction_committee', 'board')))
         AS reader,
       EXISTS (SELECT 1 FROM member m JOIN body b ON b.id = m.body
               WHERE m."user" = u.id AND b.organization = u.organization
                 AND (m.college = 'direction' OR b.kind = 'direction_committee')) AS direction,
       o.name
FROM app_user u JOIN organization o ON o.id = u.organization
WHERE u.id = {} AND u.organization = {} AND u.is_active = {}
"""


@dataclass(frozen=True, slots=True)
class Target:
    """What a report is about, and what its reader may see."""

    organization_id: int
    body_id: int | None
    body_kind: str | None
    name: str
    sees_confidential: bool
    #: Whether the reader may open the counted records' pages (meetings, entries, actions): the board reads the
    #: figures of the organisation, not the CSE's meetings and registers.
    opens_records: bool = True

    @property
    def scope(self) -> ReportScope:
        return ReportScope.organization if self.body_id is None else ReportScope.body

    @property
    def csv_filename(self) -> str:
        if self.body_id is None:
            return f"indicateurs-organisation-{self.organization_id}.csv"
        return f"indicateurs-instance-{self.body_id}.csv"

    @property
    def base_path(self) -> str:
        if self.body_id is None:
            return f"/api/v1/organizations/{self.organization_id}/indicators"
        return f"/api/v1/bodies/{self.body_id}/indicators"

    @property
    def providers(self) -> list[Provider]:
        return [p for p in PROVIDERS if p.applies(body_kind=self.body_kind)]


# ------------------------------------------------------------------------------------------------ access


async def body_target(*, actor: Actor, body_id: int) -> Target:
    """A body's indicators: its members, the direction, the organisation's admins (else 403; 404 elsewhere)."""
    access = (await body_access(actor=actor, body_id=body_id)).require_read()
    return Target(
        organization_id=access.organization_id,
        body_id=body_id,
        body_kind=access.kind,
        name=access.name,
        sees_confidential=access.sees_confidential,
    )


async def organization_target(*, actor: Actor, organization_id: int) -> Target:
    """Organisation-level indicators: the direction, the admins and the gouvernance (board)."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = await get_engine().run_querystring(
        QueryString(_ORG_READER_SQL, _today(), actor.user_id, organization_id, True)
    )
    if not rows:
        raise NotFound("Organisation introuvable.")
    row = rows[0]
    if not (row["is_org_admin"] or row["reader"]):
        raise Forbidden(
            "Les indicateurs de l'organisation sont réservés à la direction, à la gouvernance et aux "
            "administrateurs ; les élus consultent ceux de leur instance."
        )
    return _organization(
        organization_id,
        row["name"],
        sees_confidential=bool(row["direction"]),  # L2315-3: members of the body and the direction
        opens_records=bool(row["direction"] or row["is_org_admin"]),
    )


def _organization(organization_id: int, name: str, *, sees_confidential: bool, opens_records: bool) -> Target:
    return Target(
        organization_id=organization_id,
        body_id=None,
        body_kind=None,
        name=name,
        sees_confidential=sees_confidential,
        opens_records=opens_records,
    )


async def organization_report(*, organization_id: int, from_date: DateInput, to_date: DateInput) -> IndicatorReport:
    """An organisation's indicators over a period — the figures `GET /organizations/{id}/indicators` answers — for
    a module that has checked its own reader (the diagnosis shows them beside its dimensions): figures only, no
    record opened, nothing confidential. NotFound for an unknown organisation; InvalidInput for a bad period."""
    rows = await get_engine().run_querystring(
        QueryString("SELECT name FROM organization WHERE id = {}", organization_id)
    )
    if not rows:
        raise NotFound("Organisation introuvable.")
    target = _organization(organization_id, rows[0]["name"], sees_confidential=False, opens_records=False)
    return await report(target=target, from_date=from_date, to_date=to_date, with_series=False)


# ------------------------------------------------------------------------------------------------ periods


DateInput = date | str | None


def _parse_day(value: DateInput, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"Date invalide pour `{field}` : attendu AAAA-MM-JJ.",
            errors=[{"field": field, "message": "date attendue au format AAAA-MM-JJ"}],
        ) from None


def resolve_period(from_value: DateInput, to_value: DateInput) -> tuple[date, date]:
    """Defaults: the calendar year of `from` (or `to`, or today); 422 naming the fields when invalid, inverted
    or longer than 20 years."""
    from_date, to_date = _parse_day(from_value, "from"), _parse_day(to_value, "to")
    if from_date is None and to_date is None:
        year = _today().year
        return date(year, 1, 1), date(year, 12, 31)
    if from_date is None:
        assert to_date is not None
        from_date = date(to_date.year, 1, 1) if to_date >= date(to_date.year, 1, 1) else to_date
    if to_date is None:
        to_date = date(from_date.year, 12, 31)
    if from_date > to_date:
        raise InvalidInput(
            "La période commence après sa fin.",
            errors=[
                {"field": "from", "message": "doit précéder ou égaler `to`"},
                {"field": "to", "message": "doit suivre ou égaler `from`"},
            ],
        )
    if (to_date - from_date).days > MAX_PERIOD_DAYS:
        raise InvalidInput(
            "Période trop longue : 20 ans au plus.",
            errors=[{"field": "to", "message": "au plus 20 ans après `from`"}],
        )
    return from_date, to_date


def _spec(code: str) -> IndicatorSpec:
    spec = SPECS.get(code)
    if spec is None:
        raise NotFound(f"Indicateur inconnu : {code}.")
    return spec


# ------------------------------------------------------------------------------------------------ computing


async def _weights_of(organization_id: int) -> tuple[dict[str, float], dict[str, float], Any]:
    row = await IndicatorWeights.select().where(IndicatorWeights.organization == organization_id).first()
    overrides = _json_weights(row["weights"]) if row else {}
    try:
        weights = normalise_weights(overrides)
    except ValueError:  # stored before a component was retired: fall back rather than fail every report
        weights = dict(DEFAULT_WEIGHTS)
    return weights, overrides, row["updated_at"] if row else None


def _json_weights(value: Any) -> dict[str, float]:
    import json

    loaded = json.loads(value) if isinstance(value, str) else value
    return {str(k): float(v) for k, v in (loaded or {}).items()}


async def _measures(target: Target, scope: Scope, *, with_series: bool) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}
    for provider in target.providers:
        for measure in await provider.measure(scope, with_series=with_series):
            measures[measure.code] = measure
    return measures


def _health(measures: dict[str, Measure], weights: dict[str, float], months: list[str]) -> Measure:
    components = {
        spec.health_component: measures[spec.code].health
        for spec in ALL_SPECS
        if spec.health_component and spec.code in measures
    }
    score = health_score(components, weights)
    measure = Measure(
        code=HEALTH_SCORE.code,
        value=round(score, 1) if score is not None else None,
        breakdown={
            INDICATOR_LABELS[code]: round(100 * share, 1) if share is not None else None
            for code, share in components.items()
        },
    )
    for month in months:
        monthly: dict[str, float | None] = {}
        for spec in ALL_SPECS:
            if spec.health_component and spec.code in measures:
                value = measures[spec.code].series.get(month)
                # A share above 100 % (more inspections than owed) fully meets the component.
                monthly[spec.health_component] = None if value is None else min(1.0, value / 100)
        monthly_score = health_score(monthly, weights)
        measure.series[month] = round(monthly_score, 1) if monthly_score is not None else None
    return measure


def _scope(target: Target, from_date: date, to_date: date) -> Scope:
    return Scope(
        organization_id=target.organization_id,
        body_id=target.body_id,
        from_date=from_date,
        to_date=to_date,
        today=_today(),
        dialect=Dialect(sqlite=is_sqlite()),
    )


def _series(measure: Measure, months: list[str]) -> list[SeriesPoint]:
    return [SeriesPoint(month=m, value=measure.series.get(m)) for m in months]


def _item(
    spec: IndicatorSpec, measure: Measure, previous: Measure | None, *, target: Target, months: list[str] | None
) -> IndicatorRead:
    status = spec.status(measure.value)
    prev_value = previous.value if previous else None
    change = None if measure.value is None or prev_value is None else round(measure.value - prev_value, 3)
    return IndicatorRead(
        code=spec.code,
        label=spec.label,
        value=measure.value,
        unit=spec.unit,
        target=spec.target,
        status=status,
        status_label=STATUS_LABELS[status],
        higher_is_better=spec.higher_is_better,
        module=spec.module,
        numerator=measure.numerator,
        denominator=measure.denominator,
        breakdown=measure.breakdown,
        previous_value=prev_value,
        change=change,
        description=spec.description,
        legal_basis=spec.legal_basis,
        records_url=None if spec is HEALTH_SCORE else f"{target.base_path}/{spec.code}/records",
        series=_series(measure, months) if months is not None else None,
    )


@dataclass(frozen=True, slots=True)
class Computed:
    target: Target
    scope: Scope
    previous_scope: Scope
    current: dict[str, Measure]
    previous: dict[str, Measure]
    weights: dict[str, float]


async def _compute(target: Target, from_date: date, to_date: date, *, with_series: bool) -> Computed:
    weights, first = await _weights_and_first_day(target)
    scope = _scope(target, from_date, to_date)
    prev_from, prev_to = previous_period(from_date, to_date)
    previous_scope = scope.with_period(prev_from, prev_to)
    current, previous = await measure_periods(
        lambda: _measures(target, scope, with_series=with_series),
        lambda: _measures(target, previous_scope, with_series=False),
    )
    if first is None or prev_to < first:
        previous = {code: m for code, m in previous.items() if SPECS[code].module in _OWN_HISTORY}
    current[HEALTH_SCORE.code] = _health(current, weights, scope.months if with_series else [])
    previous[HEALTH_SCORE.code] = _health(previous, weights, [])
    return Computed(target, scope, previous_scope, current, previous, weights)


#: Modules whose records carry their own history (last year's barometer, an agreement signed before the
#: organisation came to dialogue): their previous period stands even before the first meeting or entry.
_OWN_HISTORY: Final = frozenset({"qvt", "negotiations"})


async def _weights_and_first_day(target: Target) -> tuple[dict[str, float], date | None]:
    """The organisation's weights (as `_weights_of`) and the local day of the target's first meeting or register
    entry, in one read (issue 15). Before that day nothing was recorded here, so a previous period that ends
    earlier is empty — compared with it, « 0 % before » would read as « +99 % »."""
    where = "b.organization = {}" + (" AND b.id = {}" if target.body_id is not None else "")
    args = [target.organization_id] + ([target.body_id] if target.body_id is not None else [])
    rows = await get_engine().run_querystring(
        QueryString(
            "SELECT (SELECT w.weights FROM indicator_weights w WHERE w.organization = {}) AS weights, "  # noqa: S608
            f"(SELECT MIN(m.starts_at) FROM meeting m JOIN body b ON b.id = m.body WHERE {where}) AS first_meeting, "
            "(SELECT MIN(e.submitted_at) FROM register_entry e JOIN register r ON r.id = e.register "
            f"JOIN body b ON b.id = r.body WHERE {where}) AS first_entry",
            target.organization_id,
            *args,
            *args,
        )
    )
    row = rows[0]
    try:
        weights = normalise_weights(_json_weights(row["weights"]) if row["weights"] is not None else {})
    except ValueError:  # stored before a component was retired: fall back rather than fail every report
        weights = dict(DEFAULT_WEIGHTS)
    found = [_instant(row[key]) for key in ("first_meeting", "first_entry") if row[key] is not None]
    return weights, min(found).astimezone(PARIS).date() if found else None


def _instant(value: Any) -> datetime:
    """A stored instant: a datetime on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _report(computed: Computed, *, with_series: bool) -> IndicatorReport:
    target, scope = computed.target, computed.scope
    months = scope.months if with_series else None
    items = [
        _item(spec, computed.current[spec.code], computed.previous.get(spec.code), target=target, months=months)
        for spec in ALL_SPECS
        if spec.code in computed.current
    ]
    health = computed.current[HEALTH_SCORE.code].value
    return IndicatorReport(
        scope=target.scope,
        organization_id=target.organization_id,
        body_id=target.body_id,
        name=target.name,
        from_date=scope.from_date,
        to_date=scope.to_date,
        previous_from=computed.previous_scope.from_date,
        previous_to=computed.previous_scope.to_date,
        as_of=scope.as_of,
        computed_at=utcnow(),
        health_score=health,
        health_status=health_status(health),
        weights=computed.weights,
        items=items,
        total=len(items),
    )


async def report(*, target: Target, from_date: DateInput, to_date: DateInput, with_series: bool) -> IndicatorReport:
    """Every indicator of the target over the period, with the previous period and, on demand, monthly series."""
    start, end = resolve_period(from_date, to_date)
    return _report(await _compute(target, start, end, with_series=with_series), with_series=with_series)


async def detail(*, target: Target, code: str, from_date: DateInput, to_date: DateInput) -> IndicatorDetail:
    """One indicator with its monthly series, this period and the previous one."""
    spec = _spec(code)
    start, end = resolve_period(from_date, to_date)
    computed = await _compute(target, start, end, with_series=True)
    if code not in computed.current:
        raise NotFound(f"L'indicateur {code} n'est pas mesuré pour cette instance.")
    prev_scope = computed.previous_scope
    previous = await _measures(target, prev_scope, with_series=True)
    previous[HEALTH_SCORE.code] = _health(previous, computed.weights, prev_scope.months)
    item = _item(spec, computed.current[code], computed.previous.get(code), target=target, months=computed.scope.months)
    return IndicatorDetail(
        **item.model_dump(),
        from_date=start,
        to_date=end,
        previous_series=_series(previous[code], prev_scope.months) if code in previous else [],
    )


async def records(
    *, target: Target, code: str, from_date: DateInput, to_date: DateInput, limit: int, offset: int
) -> RecordsPage:
    """The records a figure counts, in the same query conditions as the figure itself."""
    spec = _spec(code)
    if spec is HEALTH_SCORE:
        raise NotFound("Le score composite se détaille par ses composantes : consultez leurs enregistrements.")
    start, end = resolve_period(from_date, to_date)
    provider = next((p for p in target.providers if spec in p.specs), None)
    if provider is None:
        raise NotFound(f"L'indicateur {code} n'est pas mesuré pour cette instance.")
    rows, total = await provider.records(
        _scope(target, start, end), code, sees_confidential=target.sees_confidential, limit=limit, offset=offset
    )
    return RecordsPage(
        code=code,
        from_date=start,
        to_date=end,
        items=[
            IndicatorRecordRead(
                type=r.type, id=r.id, url=r.url, label=r.label, on=r.on, outcome=r.outcome, value=r.value
            )
            for r in rows
        ],
        total=total,
        limit=limit,
        offset=offset,
    )


async def summary_svg(*, target: Target, from_date: DateInput, to_date: DateInput) -> str:
    """The one-page summary chart of every indicator of the period."""
    rep = await report(target=target, from_date=from_date, to_date=to_date, with_series=False)
    return exports.summary_svg(rep)


async def indicator_svg(*, target: Target, chart: str, from_date: DateInput, to_date: DateInput) -> str:
    """`<code>.svg`: the monthly series of one indicator as a line chart, its target dashed."""
    if not chart.endswith(".svg"):
        raise NotFound("Graphique introuvable : demandez <code>.svg.")
    item = await detail(target=target, code=chart.removesuffix(".svg"), from_date=from_date, to_date=to_date)
    return exports.indicator_svg(item)


async def csv_export(*, target: Target, from_date: DateInput, to_date: DateInput) -> str:
    """Every indicator of the period and of each month, one row each (`;`-separated, for spreadsheets)."""
    rep = await report(target=target, from_date=from_date, to_date=to_date, with_series=True)
    return exports.report_csv(rep)


# ------------------------------------------------------------------------------------------------ weights


def _weights_read(organization_id: int, overrides: dict[str, float], updated_at: Any) -> WeightsRead:
    return WeightsRead(
        organization_id=organization_id,
        weights=normalise_weights(overrides),
        overrides=overrides,
        defaults=dict(DEFAULT_WEIGHTS),
        labels=dict(INDICATOR_LABELS),
        updated_at=updated_at,
    )


async def get_weights(*, actor: Actor, organization_id: int) -> WeightsRead:
    """The health score's weights as applied to the organisation (readers of organisation indicators)."""
    await organization_target(actor=actor, organization_id=organization_id)
    _, overrides, updated_at = await _weights_of(organization_id)
    return _weights_read(organization_id, overrides, updated_at)


async def _require_weights_admin(*, actor: Actor, organization_id: int) -> None:
    await organization_target(actor=actor, organization_id=organization_id)
    rows = await get_engine().run_querystring(
        QueryString("SELECT is_org_admin FROM app_user WHERE id = {}", actor.user_id)
    )
    if not (rows and rows[0]["is_org_admin"]):
        raise Forbidden(
            "Seuls les administrateurs de l'organisation règlent les poids du score : ils s'appliquent à toutes "
            "les instances."
        )


async def set_weights(*, actor: Actor, organization_id: int, data: WeightsUpdate) -> WeightsRead:
    """Replace the organisation's weights (org admins); audited, and announced by an event."""
    unknown = sorted(set(data.weights) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise InvalidInput(
            "Composante inconnue du score de santé : " + ", ".join(unknown) + ".",
            errors=[{"field": f"weights.{code}", "message": "composante inconnue"} for code in unknown],
        )
    try:
        normalise_weights(data.weights)
    except ValueError as exc:
        raise InvalidInput(
            "Au moins une composante doit garder un poids positif.",
            errors=[{"field": "weights", "message": str(exc)}],
        ) from None
    async with transaction():
        await _require_weights_admin(actor=actor, organization_id=organization_id)
        _, before, _ = await _weights_of(organization_id)
        now = utcnow()
        after = {code: float(weight) for code, weight in sorted(data.weights.items())}
        existing = await IndicatorWeights.select(IndicatorWeights.id).where(
            IndicatorWeights.organization == organization_id
        )
        if existing:
            await IndicatorWeights.update(
                {
                    IndicatorWeights.weights: after,
                    IndicatorWeights.updated_by: actor.user_id,
                    IndicatorWeights.updated_at: now,
                }
            ).where(IndicatorWeights.organization == organization_id)
        else:
            await IndicatorWeights.insert(
                IndicatorWeights(organization=organization_id, weights=after, updated_by=actor.user_id, updated_at=now)
            )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="update",
            entity="indicator_weights",
            entity_id=organization_id,
            before={"weights": before},
            after={"weights": after},
        )
        await emit(
            HealthWeightsChanged(
                organization_id=organization_id, actor_user_id=actor.user_id, before=before, after=after
            )
        )
        return _weights_read(organization_id, after, now)


async def reset_weights(*, actor: Actor, organization_id: int) -> WeightsRead:
    """Back to the documented default weights (org admins); audited."""
    async with transaction():
        await _require_weights_admin(actor=actor, organization_id=organization_id)
        _, before, _ = await _weights_of(organization_id)
        await IndicatorWeights.delete().where(IndicatorWeights.organization == organization_id)
        if before:
            await audit.record(
                actor=actor,
                organization_id=organization_id,
                action="reset",
                entity="indicator_weights",
                entity_id=organization_id,
                before={"weights": before},
                after={"weights": {}},
            )
            await emit(
                HealthWeightsChanged(
                    organization_id=organization_id, actor_user_id=actor.user_id, before=before, after={}, reset=True
                )
            )
        return _weights_read(organization_id, {}, None)
