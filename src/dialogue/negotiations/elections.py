"""Election results (representativeness, L2122-1), accords de méthode (L2242-11) and the NAO calendar with the
unions' requests (L2242-1, L2242-13). The negotiations themselves are in `service.py`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.negotiations.access import Standing, standing
from dialogue.negotiations.events import (
    ElectionResultsRecorded,
    NaoPartiesConvened,
    NaoRequested,
    NaoRequestForwarded,
)
from dialogue.negotiations.rules import (
    DEFAULT_PERIODICITY_YEARS,
    CollegeResults,
    CommonList,
    ElectionResultsError,
    MethodAgreement,
    MethodAgreementError,
    NaoBlock,
    UnionScore,
    declared_percent_matches,
    nao_blocks,
    nao_required,
    next_nao_due_on,
    periodicity_years,
    representativeness,
    union_key,
    union_may_request_nao_from,
    union_request_deadlines,
    validate_method_agreement,
)
from dialogue.negotiations.schemas import (
    TOPIC_LABELS,
    CollegeRead,
    ElectionResultCreate,
    ElectionResultRead,
    MethodAgreementCreate,
    MethodAgreementRead,
    NaoBlockSchedule,
    NaoRequestAction,
    NaoRequestCreate,
    NaoRequestRead,
    NaoScheduleRead,
    UnionScoreRead,
    UnionSectionCreate,
    UnionSectionEnd,
    UnionSectionRead,
    UnionVotesRead,
)
from dialogue.negotiations.tables import (
    ElectionCollege,
    ElectionResult,
    ElectionUnionVotes,
    NaoRequest,
    Negotiation,
    UnionSection,
)
from dialogue.negotiations.tables import MethodAgreement as MethodAgreementRow
from dialogue.organizations import service as organizations

BLOCK_ARTICLES = {
    NaoBlock.REMUNERATION: "L2242-1 1°, L2242-13, L2242-15",
    NaoBlock.EGALITE_QVCT: "L2242-1 2°, L2242-13, L2242-17",
    NaoBlock.GEPP: "L2242-2, L2242-13",
}
_ONGOING = ("planned", "open", "in_progress")


def _field_error(detail: str, field: str, message: str | None = None) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": message or detail}])


async def _headcount(*, actor: Actor, organization_id: int) -> int:
    return (await organizations.get_organization(actor=actor, organization_id=organization_id)).headcount


# ------------------------------------------------------------------------------------ election results


def _check_election(data: ElectionResultCreate, *, today: date) -> None:
    """Every figure that cannot be right, each named by its field (422 lists them all)."""
    errors: list[dict[str, str]] = []
    if data.election_date > today:
        errors.append({"field": "election_date", "message": "la date du premier tour ne peut être future"})
    names: set[str] = set()
    for i, college in enumerate(data.colleges):
        where = f"colleges[{i}]"
        if college.name.casefold() in names:
            errors.append({"field": f"{where}.name", "message": f"collège « {college.name} » en double"})
        names.add(college.name.casefold())
        if college.registered is not None and college.voters is not None and college.voters > college.registered:
            errors.append({"field": f"{where}.voters", "message": "plus de votants que d'inscrits"})
        ceiling = college.voters if college.voters is not None else college.registered
        if ceiling is not None and college.votes_cast > ceiling:
            errors.append({"field": f"{where}.votes_cast", "message": "plus de suffrages exprimés que de votants"})
        unions: set[str] = set()
        for j, entry in enumerate(college.union_votes):
            at = f"{where}.union_votes[{j}]"
            if union_key(entry.union) in unions:
                errors.append({"field": f"{at}.union", "message": f"« {entry.union} » figure deux fois"})
            unions.add(union_key(entry.union))
            if entry.votes > college.votes_cast:
                errors.append({"field": f"{at}.votes", "message": "plus de voix que de suffrages exprimés"})
            elif entry.percent is not None and not declared_percent_matches(
                votes=entry.votes, votes_cast=college.votes_cast, declared_percent=Fraction(entry.percent)
            ):
                actual = round(entry.votes * 100 / college.votes_cast, 2) if college.votes_cast else 0
                errors.append(
                    {"field": f"{at}.percent", "message": f"{entry.percent} % indiqué, {actual} % d'après les voix"}
                )
            if entry.common_list is not None:
                members = [union_key(m.union) for m in entry.common_list]
                if len(set(members)) != len(members):
                    errors.append({"field": f"{at}.common_list", "message": "un syndicat figure deux fois (L2122-3)"})
                shares = [m.share_percent for m in entry.common_list]
                if any(x is None for x in shares) and any(x is not None for x in shares):
                    errors.append(
                        {
                            "field": f"{at}.common_list",
                            "message": "la part de chaque syndicat, ou d'aucun pour des parts égales (L2122-3)",
                        }
                    )
                elif all(x is not None for x in shares) and sum(Fraction(x or 0) for x in shares) != 100:
                    errors.append(
                        {"field": f"{at}.common_list", "message": "les parts déclarées totalisent 100 % (L2122-3)"}
                    )
        total = sum(e.votes for e in college.union_votes)
        if total > college.votes_cast:
            errors.append(
                {
                    "field": f"{where}.union_votes",
                    "message": f"le total des voix ({total}) dépasse les suffrages exprimés ({college.votes_cast})",
                }
            )
        declared = [e.percent for e in college.union_votes if e.percent is not None]
        if declared and sum(declared) > 100 + len(declared) * Fraction(5, 100):
            errors.append({"field": f"{where}.union_votes", "message": "les pourcentages dépassent 100 %"})
    if sum(c.votes_cast for c in data.colleges) == 0:
        errors.append({"field": "colleges", "message": "aucun suffrage exprimé (L2122-1)"})
    college_names = {c.name for c in data.colleges}
    for i, categorial in enumerate(data.categorial_unions):
        unknown = [name for name in categorial.colleges if name not in college_names]
        if unknown:
            errors.append(
                {
                    "field": f"categorial_unions[{i}].colleges",
                    "message": "collège inconnu : " + ", ".join(f"« {n} »" for n in unknown),
                }
            )
    if errors:
        raise InvalidInput(
            "Les résultats électoraux ne sont pas cohérents : " + errors[0]["message"] + ".", errors=errors
        )


def _common_list(members: Sequence[dict[str, Any]], canonical: dict[str, str]) -> CommonList:
    """A stored common list: [{union, share_percent}] with every share or none (equal split, L2122-3)."""
    unions = tuple(canonical.setdefault(union_key(m["union"]), m["union"]) for m in members)
    if any(m.get("share_percent") is None for m in members):
        return CommonList(unions=unions)
    shares = {u: Fraction(str(m["share_percent"])) / 100 for u, m in zip(unions, members, strict=True)}
    return CommonList(unions=unions, shares=shares)


def _college_results(colleges: Sequence[dict[str, Any]]) -> list[CollegeResults]:
    canonical: dict[str, str] = {}
    results = []
    for college in colleges:
        votes: dict[str, int] = {}
        common: dict[str, CommonList] = {}
        for entry in college["union_votes"]:
            name = canonical.setdefault(union_key(entry["union"]), entry["union"])
            votes[name] = votes.get(name, 0) + int(entry["votes"])
            if entry.get("common_list"):
                common[name] = _common_list(entry["common_list"], canonical)
        results.append(
            CollegeResults(
                votes_cast=int(college["votes_cast"]), union_votes=votes, college=college["name"], common_lists=common
            )
        )
    return results


def _categorial(value: Any, canonical_names: Sequence[str] = ()) -> dict[str, list[str]]:
    """Stored {union: [colleges]} (L2122-2), keyed by the union's name as the lists spell it."""
    stored = loads(value) or {}
    names = {union_key(n): n for n in canonical_names}
    return {names.get(union_key(union), union): list(colleges) for union, colleges in stored.items()}


def _representativeness(colleges: Sequence[dict[str, Any]], categorial: Any) -> dict[str, UnionScore]:
    results = _college_results(colleges)
    unions = [u for r in results for u in r.votes_by_union()]
    return representativeness(colleges=results, categorial=_categorial(categorial, unions))


def _score_read(score: UnionScore) -> UnionScoreRead:
    return UnionScoreRead(
        union=score.union,
        votes=round(float(score.votes), 2),
        score_percent=score.score_percent,
        colleges=list(score.colleges) if score.colleges is not None else None,
        representative=score.representative,
        weight_percent=score.weight_percent,
    )


async def _colleges(election_id: int) -> list[dict[str, Any]]:
    colleges = (
        await ElectionCollege.select().where(ElectionCollege.election == election_id).order_by(ElectionCollege.position)
    )
    ids = [c["id"] for c in colleges] or [-1]
    votes = (
        await ElectionUnionVotes.select().where(ElectionUnionVotes.college.is_in(ids)).order_by(ElectionUnionVotes.id)
    )
    for college in colleges:
        college["union_votes"] = [
            {"union": v["union_name"], "votes": v["votes"], "common_list": loads(v["common_list"])}
            for v in votes
            if v["college"] == college["id"]
        ]
    return colleges


async def scores_of(election_id: int) -> dict[str, UnionScore]:
    """Each union's score and weight in a recorded election, keyed by `union_key`."""
    row = await ElectionResult.select(ElectionResult.categorial_unions).where(ElectionResult.id == election_id).first()
    scores = _representativeness(await _colleges(election_id), row["categorial_unions"] if row else None)
    return {union_key(name): score for name, score in scores.items()}


async def election_in_force(
    *, organization_id: int, on: date | None = None, establishment_id: int | None = None
) -> dict[str, Any] | None:
    """The last election before `on` (the latest recorded one for a date recorded twice, i.e. a correction),
    of the company, or of one establishment when `establishment_id` is given (L2122-1 "l'entreprise ou
    l'établissement")."""
    query = ElectionResult.select().where(ElectionResult.organization == organization_id)
    if establishment_id is None:
        query = query.where(ElectionResult.establishment.is_null())
    else:
        query = query.where(ElectionResult.establishment == establishment_id)
    if on is not None:
        query = query.where(ElectionResult.election_date <= on)
    return (
        await query.order_by(ElectionResult.election_date, ascending=False)
        .order_by(ElectionResult.id, ascending=False)
        .first()
    )


async def _election_read(row: dict[str, Any], *, in_force_id: int | None) -> ElectionResultRead:
    colleges = await _colleges(row["id"])
    scores = _representativeness(colleges, row["categorial_unions"])
    ordered = sorted(scores.values(), key=lambda s: (-s.votes, s.union))
    return ElectionResultRead(
        id=row["id"],
        organization_id=row["organization"],
        establishment_id=row["establishment"],
        election_date=row["election_date"],
        label=row["label"],
        notes=row["notes"],
        votes_cast=sum(c["votes_cast"] for c in colleges),
        colleges=[
            CollegeRead(
                name=c["name"],
                registered=c["registered"],
                voters=c["voters"],
                votes_cast=c["votes_cast"],
                union_votes=[
                    UnionVotesRead(
                        union=v["union"],
                        votes=v["votes"],
                        percent=round(v["votes"] * 100 / c["votes_cast"], 2) if c["votes_cast"] else 0.0,
                        common_list=v["common_list"],
                    )
                    for v in c["union_votes"]
                ],
            )
            for c in colleges
        ],
        scores=[_score_read(s) for s in ordered],
        representative_unions=[s.union for s in ordered if s.representative],
        categorial_unions=loads(row["categorial_unions"]) or {},
        in_force=row["id"] == in_force_id,
        recorded_at=row["recorded_at"],
    )


async def record_election_results(
    *, actor: Actor, organization_id: int, data: ElectionResultCreate
) -> ElectionResultRead:
    """Record the 1st round of the titulaires' election; representativeness and weights follow (L2122-1)."""
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        _check_election(data, today=local_today())
        if data.establishment_id is not None:
            known = {e.id for e in await organizations.establishments_of(organization_id=organization_id)}
            if data.establishment_id not in known:
                raise _field_error("Établissement introuvable.", "establishment_id")
        categorial = {c.union: list(c.colleges) for c in data.categorial_unions}
        try:
            scores = _representativeness([c.model_dump(mode="json") for c in data.colleges], categorial)
        except ElectionResultsError as exc:
            raise _field_error(str(exc), "colleges") from exc
        label = data.label or f"Élections du CSE {data.election_date.year} — 1er tour, titulaires"
        election = ElectionResult(
            organization=organization_id,
            establishment=data.establishment_id,
            categorial_unions=json.dumps(categorial, ensure_ascii=False) if categorial else None,
            election_date=data.election_date,
            label=label,
            notes=data.notes,
            recorded_by=actor.user_id,
            recorded_at=utcnow(),
        )
        await election.save()
        for position, college in enumerate(data.colleges, start=1):
            row = ElectionCollege(
                election=election.id,
                position=position,
                name=college.name,
                registered=college.registered,
                voters=college.voters,
                votes_cast=college.votes_cast,
            )
            await row.save()
            await ElectionUnionVotes.insert(
                *[
                    ElectionUnionVotes(
                        college=row.id,
                        union_name=e.union,
                        votes=e.votes,
                        common_list=json.dumps([m.model_dump(mode="json") for m in e.common_list], ensure_ascii=False)
                        if e.common_list
                        else None,
                    )
                    for e in college.union_votes
                ]
            )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="election_result",
            entity_id=election.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            ElectionResultsRecorded(
                organization_id=organization_id,
                actor_user_id=actor.user_id,
                election_id=election.id,
                election_date=data.election_date,
                representative_unions=tuple(s.union for s in scores.values() if s.representative),
            )
        )
        return await get_election_result(actor=actor, election_id=election.id)


async def list_election_results(
    *, actor: Actor, organization_id: int, limit: int, offset: int
) -> tuple[list[ElectionResultRead], int]:
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await ElectionResult.select()
        .where(ElectionResult.organization == organization_id)
        .order_by(ElectionResult.election_date, ascending=False)
        .order_by(ElectionResult.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    total = await ElectionResult.count().where(ElectionResult.organization == organization_id)
    return [await _election_read(r, in_force_id=await _in_force_id(r)) for r in rows], total


async def _in_force_id(row: dict[str, Any]) -> int | None:
    current = await election_in_force(organization_id=row["organization"], establishment_id=row["establishment"])
    return current["id"] if current else None


async def get_election_result(*, actor: Actor, election_id: int) -> ElectionResultRead:
    row = await ElectionResult.select().where(ElectionResult.id == election_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Résultats électoraux introuvables.")
    (await standing(actor=actor, organization_id=row["organization"])).require_read()
    return await _election_read(row, in_force_id=await _in_force_id(row))


# ------------------------------------------------------------------------------------ accords de méthode


def _method_agreement(row: dict[str, Any]) -> MethodAgreement:
    years = {block: row[f"{block.value}_years"] for block in NaoBlock if row.get(f"{block.value}_years") is not None}
    return MethodAgreement(starts_on=row["starts_on"], duration_years=row["duration_years"], periodicity_years=years)


def _method_agreement_read(row: dict[str, Any], *, today: date) -> MethodAgreementRead:
    agreement = _method_agreement(row)
    start = agreement.starts_on
    try:
        ends_on = start.replace(year=start.year + agreement.duration_years) - timedelta(days=1)
    except ValueError:  # 29 February
        ends_on = date(start.year + agreement.duration_years, 2, 28)
    return MethodAgreementRead(
        id=row["id"],
        organization_id=row["organization"],
        title=row["title"],
        signed_on=row["signed_on"],
        starts_on=start,
        ends_on=ends_on,
        duration_years=agreement.duration_years,
        periodicity_years={block.value: years for block, years in agreement.periodicity_years.items()},
        in_force=agreement.in_force_on(today),
        notes=row["notes"],
        created_at=row["created_at"],
    )


def _check_method_agreement(data: MethodAgreementCreate, *, headcount: int) -> None:
    """L2242-11 (<= 4 years) and L2242-1 (each block at least every 4 years), each problem on its field."""
    errors: list[dict[str, str]] = []
    try:
        validate_method_agreement(
            agreement=MethodAgreement(starts_on=data.starts_on, duration_years=data.duration_years),
            headcount=headcount,
        )
    except MethodAgreementError as exc:
        errors += [{"field": "duration_years", "message": p} for p in exc.problems]
    for block, years in data.periodicity_years.items():
        try:
            validate_method_agreement(
                agreement=MethodAgreement(starts_on=data.starts_on, duration_years=1, periodicity_years={block: years}),
                headcount=headcount,
            )
        except MethodAgreementError as exc:
            errors += [{"field": f"periodicity_years.{block.value}", "message": p} for p in exc.problems]
    if data.signed_on is not None and data.signed_on > local_today():
        errors.append({"field": "signed_on", "message": "la date de signature ne peut être future"})
    if errors:
        raise InvalidInput("Accord de méthode hors des bornes légales : " + errors[0]["message"] + ".", errors=errors)


async def create_method_agreement(
    *, actor: Actor, organization_id: int, data: MethodAgreementCreate
) -> MethodAgreementRead:
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        _check_method_agreement(data, headcount=await _headcount(actor=actor, organization_id=organization_id))
        years = data.periodicity_years
        row = MethodAgreementRow(
            organization=organization_id,
            title=data.title,
            signed_on=data.signed_on,
            starts_on=data.starts_on,
            duration_years=data.duration_years,
            remuneration_years=years.get(NaoBlock.REMUNERATION),
            egalite_qvct_years=years.get(NaoBlock.EGALITE_QVCT),
            gepp_years=years.get(NaoBlock.GEPP),
            notes=data.notes,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="method_agreement",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        created = await MethodAgreementRow.select().where(MethodAgreementRow.id == row.id).first()
        assert created is not None
        return _method_agreement_read(created, today=local_today())


async def list_method_agreements(*, actor: Actor, organization_id: int) -> list[MethodAgreementRead]:
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await MethodAgreementRow.select()
        .where(MethodAgreementRow.organization == organization_id)
        .order_by(MethodAgreementRow.starts_on, ascending=False)
    )
    today = local_today()
    return [_method_agreement_read(r, today=today) for r in rows]


def _agreement_on(rows: Sequence[dict[str, Any]], day: date) -> tuple[int, MethodAgreement] | None:
    """The accord de méthode in force on `day` (the most recent one if several overlap)."""
    for row in sorted(rows, key=lambda r: (r["starts_on"], r["id"]), reverse=True):
        agreement = _method_agreement(row)
        if agreement.in_force_on(day):
            return row["id"], agreement
    return None


# ------------------------------------------------------------------------------------ NAO calendar and requests


def _request_read(row: dict[str, Any], *, today: date) -> NaoRequestRead:
    deadlines = union_request_deadlines(requested_on=row["requested_on"])
    forwarded, convened = row["forwarded_on"], row["convened_on"]
    return NaoRequestRead(
        id=row["id"],
        organization_id=row["organization"],
        block=row["block"],
        union=row["union_name"],
        requested_on=row["requested_on"],
        forward_by=deadlines.forward_to_other_unions_by,
        forwarded_on=forwarded,
        forward_late=(forwarded or today) > deadlines.forward_to_other_unions_by,
        convene_by=deadlines.convene_parties_by,
        convened_on=convened,
        convene_late=(convened or today) > deadlines.convene_parties_by,
        negotiation_id=row["negotiation"],
        notes=row["notes"],
        created_at=row["created_at"],
    )


def _last_opened(negotiations: Sequence[dict[str, Any]], block: NaoBlock) -> dict[str, Any] | None:
    opened = [n for n in negotiations if n["topic"] == block.value and n["opened_on"] is not None]
    return max(opened, key=lambda n: (n["opened_on"], n["id"])) if opened else None


async def nao_obligation(*, organization_id: int, on: date) -> tuple[bool, str]:
    """Whether the NAO bind the employer on `on`, and why (L2242-1): a section of a representative union."""
    sections = await UnionSection.select(UnionSection.union_name).where(
        (UnionSection.organization == organization_id)
        & (UnionSection.formed_on <= on)
        & (UnionSection.ended_on.is_null() | (UnionSection.ended_on > on))
    )
    if not sections:
        return False, "Aucune section syndicale constituée : pas d'obligation de NAO (L2242-1)."
    election = await election_in_force(organization_id=organization_id, on=on)
    scores = await scores_of(election["id"]) if election else {}
    names = [s["union_name"] for s in sections]
    if nao_required(section_unions=names, scores=scores):
        return True, "Section syndicale d'un syndicat représentatif : NAO obligatoires (L2242-1)."
    return False, "Aucune section syndicale d'un syndicat représentatif : pas d'obligation de NAO (L2242-1)."


async def nao_schedule(*, actor: Actor, organization_id: int) -> NaoScheduleRead:
    """Per NAO block: periodicity in force, last opening, next due date, the unions' right and requests."""
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    headcount = await _headcount(actor=actor, organization_id=organization_id)
    today = local_today()
    agreements = await MethodAgreementRow.select().where(MethodAgreementRow.organization == organization_id)
    negotiations = await Negotiation.select(
        Negotiation.id, Negotiation.topic, Negotiation.status, Negotiation.opened_on
    ).where(Negotiation.organization == organization_id)
    requests = (
        await NaoRequest.select()
        .where(NaoRequest.organization == organization_id)
        .order_by(NaoRequest.requested_on, ascending=False)
    )
    required, reason = await nao_obligation(organization_id=organization_id, on=today)
    blocks = []
    for block in nao_blocks(headcount=headcount):
        last = _last_opened(negotiations, block)
        reference_day = last["opened_on"] if last else today
        found = _agreement_on(agreements, reference_day)
        agreement = found[1] if found else None
        years = periodicity_years(block=block, on=reference_day, agreement=agreement)
        from_agreement = agreement is not None and block in agreement.periodicity_years
        next_due = next_nao_due_on(block=block, last_opened_on=last["opened_on"], agreement=agreement) if last else None
        ongoing = [n for n in negotiations if n["topic"] == block.value and n["status"] in _ONGOING]
        blocks.append(
            NaoBlockSchedule(
                block=block,
                label=TOPIC_LABELS[block.value],
                articles=BLOCK_ARTICLES[block],
                periodicity_years=years,
                periodicity_source="method_agreement" if from_agreement else "default",
                method_agreement_id=found[0] if found and from_agreement else None,
                last_opened_on=last["opened_on"] if last else None,
                last_negotiation_id=last["id"] if last else None,
                current_negotiation_id=max((n["id"] for n in ongoing), default=None),
                next_due_on=next_due,
                overdue=required and (next_due is None or today > next_due),
                union_may_request_from=(
                    union_may_request_nao_from(block=block, last_opened_on=last["opened_on"], agreement=agreement)
                    if last
                    else None
                ),
                requests=[_request_read(r, today=today) for r in requests if r["block"] == block.value],
            )
        )
    return NaoScheduleRead(
        organization_id=organization_id,
        headcount=headcount,
        today=today,
        nao_required=required,
        nao_reason=reason,
        blocks=blocks,
    )


# ------------------------------------------------------------------------------------ union sections


async def _section_read(row: dict[str, Any], *, scores: dict[str, UnionScore]) -> UnionSectionRead:
    score = scores.get(union_key(row["union_name"]))
    return UnionSectionRead(
        id=row["id"],
        organization_id=row["organization"],
        union=row["union_name"],
        formed_on=row["formed_on"],
        ended_on=row["ended_on"],
        representative=score is not None and score.representative,
        notes=row["notes"],
        created_at=row["created_at"],
    )


async def _current_scores(organization_id: int) -> dict[str, UnionScore]:
    election = await election_in_force(organization_id=organization_id)
    return await scores_of(election["id"]) if election else {}


async def list_union_sections(*, actor: Actor, organization_id: int) -> list[UnionSectionRead]:
    """The unions' sections syndicales (L2142-1), each with its representativeness (L2122-1)."""
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await UnionSection.select()
        .where(UnionSection.organization == organization_id)
        .order_by(UnionSection.formed_on)
        .order_by(UnionSection.id)
    )
    scores = await _current_scores(organization_id)
    return [await _section_read(r, scores=scores) for r in rows]


async def record_union_section(*, actor: Actor, organization_id: int, data: UnionSectionCreate) -> UnionSectionRead:
    """A union tells the employer it has formed a section (L2142-1); with a representative union, NAO apply."""
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        if data.formed_on > local_today():
            raise _field_error("La date de constitution ne peut être future.", "formed_on")
        open_sections = await UnionSection.select(UnionSection.union_name).where(
            (UnionSection.organization == organization_id) & UnionSection.ended_on.is_null()
        )
        if any(union_key(s["union_name"]) == union_key(data.union) for s in open_sections):
            raise Conflict(f"« {data.union} » a déjà une section syndicale.", code="union_section_exists")
        row = UnionSection(
            organization=organization_id,
            union_name=data.union,
            formed_on=data.formed_on,
            notes=data.notes,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="union_section",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        return await _get_section(row.id)


async def _get_section(section_id: int) -> UnionSectionRead:
    row = await UnionSection.select().where(UnionSection.id == section_id).first()
    if row is None:
        raise NotFound("Section syndicale introuvable.")
    return await _section_read(row, scores=await _current_scores(row["organization"]))


async def end_union_section(*, actor: Actor, section_id: int, data: UnionSectionEnd) -> UnionSectionRead:
    """The section is dissolved: from that day it no longer brings the NAO (L2242-1)."""
    async with transaction():
        row = await UnionSection.select().where(UnionSection.id == section_id).first()
        if row is None or row["organization"] != actor.organization_id:
            raise NotFound("Section syndicale introuvable.")
        (await standing(actor=actor, organization_id=row["organization"])).require_manage()
        if row["ended_on"] is not None:
            raise Conflict("La section syndicale est déjà dissoute.", code="union_section_ended")
        if data.ended_on > local_today():
            raise _field_error("La date ne peut être future.", "ended_on")
        if data.ended_on <= row["formed_on"]:
            raise _field_error("La dissolution suit la constitution de la section.", "ended_on")
        await UnionSection.update({UnionSection.ended_on: data.ended_on}).where(UnionSection.id == section_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="end",
            entity="union_section",
            entity_id=section_id,
            after=data.model_dump(mode="json"),
        )
        return await _get_section(section_id)


async def _require_representative(*, organization_id: int, union: str, on: date) -> str:
    """The union's name as on the election PV, if it is representative (L2122-1); else 409."""
    election = await election_in_force(organization_id=organization_id, on=on)
    if election is None:
        raise RuleViolation(
            "Aucun résultat électoral enregistré : la représentativité ne peut être établie (L2122-1).",
            code="no_election_results",
        )
    score = (await scores_of(election["id"])).get(union_key(union))
    if score is None or not score.representative:
        raise RuleViolation(
            f"« {union} » n'est pas représentatif : moins de 10 % des suffrages exprimés au premier tour (L2122-1).",
            code="union_not_representative",
        )
    return score.union


async def request_nao(*, actor: Actor, organization_id: int, data: NaoRequestCreate) -> NaoRequestRead:
    """A representative union requires a NAO block after 12 months (36 for GEPP) without it (L2242-13)."""
    async with transaction():
        who = await standing(actor=actor, organization_id=organization_id)
        _require_union_or_direction(who, data.union)
        today = local_today()
        requested_on = data.requested_on or today
        if requested_on > today:
            raise _field_error("La date de la demande ne peut être future.", "requested_on")
        headcount = await _headcount(actor=actor, organization_id=organization_id)
        if data.block not in nao_blocks(headcount=headcount):
            raise _field_error(
                f"La GEPP n'est obligatoire qu'à partir de 300 salariés (L2242-2) ; effectif : {headcount}.", "block"
            )
        union = await _require_representative(organization_id=organization_id, union=data.union, on=requested_on)
        negotiations = await Negotiation.select(Negotiation.id, Negotiation.topic, Negotiation.opened_on).where(
            Negotiation.organization == organization_id
        )
        last = _last_opened(
            [n for n in negotiations if n["opened_on"] is not None and n["opened_on"] <= requested_on], data.block
        )
        if last is not None:
            agreements = await MethodAgreementRow.select().where(MethodAgreementRow.organization == organization_id)
            found = _agreement_on(agreements, last["opened_on"])
            may_from = union_may_request_nao_from(
                block=data.block, last_opened_on=last["opened_on"], agreement=found[1] if found else None
            )
            if requested_on < may_from:
                months = 12 * DEFAULT_PERIODICITY_YEARS[data.block]
                raise RuleViolation(
                    f"La dernière négociation sur ce thème a été ouverte le {last['opened_on']:%d/%m/%Y} : un syndicat "
                    f"ne peut la demander qu'à partir du {may_from:%d/%m/%Y} (plus de {months} mois, L2242-13).",
                    code="nao_request_too_early",
                )
        pending = await NaoRequest.exists().where(
            (NaoRequest.organization == organization_id)
            & (NaoRequest.block == data.block.value)
            & NaoRequest.convened_on.is_null()
        )
        if pending:
            raise Conflict(
                "Une demande sur ce thème attend déjà la convocation des parties.", code="nao_request_pending"
            )
        row = NaoRequest(
            organization=organization_id,
            block=data.block.value,
            union_name=union,
            requested_on=requested_on,
            notes=data.notes,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="nao_request",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        deadlines = union_request_deadlines(requested_on=requested_on)
        await emit(
            NaoRequested(
                organization_id=organization_id,
                actor_user_id=actor.user_id,
                request_id=row.id,
                block=data.block.value,
                union=union,
                forward_by=deadlines.forward_to_other_unions_by,
                convene_by=deadlines.convene_parties_by,
            )
        )
        return await _get_request(row.id, today=today)


def _require_union_or_direction(who: Standing, union: str) -> None:
    if who.can_manage:
        return
    if not any(union_key(s.union) == union_key(union) for s in who.seats):
        raise Forbidden("Un délégué syndical ne présente une demande que pour son organisation syndicale.")


async def _get_request(request_id: int, *, today: date) -> NaoRequestRead:
    row = await NaoRequest.select().where(NaoRequest.id == request_id).first()
    if row is None:
        raise NotFound("Demande introuvable.")
    return _request_read(row, today=today)


async def list_nao_requests(*, actor: Actor, organization_id: int) -> list[NaoRequestRead]:
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await NaoRequest.select()
        .where(NaoRequest.organization == organization_id)
        .order_by(NaoRequest.requested_on, ascending=False)
    )
    today = local_today()
    return [_request_read(r, today=today) for r in rows]


async def _request_for_action(*, actor: Actor, request_id: int) -> dict[str, Any]:
    row = await NaoRequest.select().where(NaoRequest.id == request_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Demande introuvable.")
    (await standing(actor=actor, organization_id=row["organization"])).require_manage()
    return row


def _action_day(data: NaoRequestAction, row: dict[str, Any], *, today: date) -> date:
    day = data.on or today
    if day > today:
        raise _field_error("La date ne peut être future.", "on")
    if day < row["requested_on"]:
        raise _field_error("La date précède la demande du syndicat.", "on")
    return day


async def forward_nao_request(*, actor: Actor, request_id: int, data: NaoRequestAction) -> NaoRequestRead:
    """The employer forwards the request to the other representative unions (8 days, L2242-13)."""
    async with transaction():
        row = await _request_for_action(actor=actor, request_id=request_id)
        if row["forwarded_on"] is not None:
            raise Conflict("La demande a déjà été transmise aux autres syndicats.", code="already_forwarded")
        today = local_today()
        day = _action_day(data, row, today=today)
        await NaoRequest.update({NaoRequest.forwarded_on: day}).where(NaoRequest.id == request_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="forward",
            entity="nao_request",
            entity_id=request_id,
            after={"forwarded_on": day.isoformat()},
        )
        await emit(
            NaoRequestForwarded(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                request_id=request_id,
                forwarded_on=day,
            )
        )
        return await _get_request(request_id, today=today)


async def convene_nao_request(*, actor: Actor, request_id: int, data: NaoRequestAction) -> NaoRequestRead:
    """The employer convenes the parties (15 days, L2242-13), optionally linking the negotiation opened."""
    async with transaction():
        row = await _request_for_action(actor=actor, request_id=request_id)
        if row["convened_on"] is not None:
            raise Conflict("Les parties ont déjà été convoquées.", code="already_convened")
        today = local_today()
        day = _action_day(data, row, today=today)
        if data.negotiation_id is not None:
            negotiation = (
                await Negotiation.select(Negotiation.organization, Negotiation.topic)
                .where(Negotiation.id == data.negotiation_id)
                .first()
            )
            if negotiation is None or negotiation["organization"] != row["organization"]:
                raise _field_error("Négociation introuvable.", "negotiation_id")
            if negotiation["topic"] != row["block"]:
                raise _field_error("Cette négociation ne porte pas sur le thème demandé.", "negotiation_id")
        await NaoRequest.update({NaoRequest.convened_on: day, NaoRequest.negotiation: data.negotiation_id}).where(
            NaoRequest.id == request_id
        )
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="convene",
            entity="nao_request",
            entity_id=request_id,
            after={"convened_on": day.isoformat(), "negotiation_id": data.negotiation_id},
        )
        await emit(
            NaoPartiesConvened(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                request_id=request_id,
                convened_on=day,
                negotiation_id=data.negotiation_id,
            )
        )
        return await _get_request(request_id, today=today)


def loads(value: Any) -> Any:
    """JSON columns come back as text on both engines."""
    return json.loads(value) if isinstance(value, str) else value
