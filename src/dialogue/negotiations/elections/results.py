"""Election results of the 1st round and the unions' representativeness they give (L2122-1 to L2122-3)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.negotiations.access import standing
from dialogue.negotiations.common import audit_write, field_error, loads
from dialogue.negotiations.events import ElectionResultsRecorded
from dialogue.negotiations.rules import (
    CollegeResults,
    CommonList,
    ElectionResultsError,
    UnionScore,
    declared_percent_matches,
    representativeness,
    union_key,
)
from dialogue.negotiations.schemas import (
    CollegeRead,
    ElectionResultCreate,
    ElectionResultRead,
    UnionScoreRead,
    UnionVotesRead,
)
from dialogue.negotiations.tables import ElectionCollege, ElectionResult, ElectionUnionVotes
from dialogue.organizations import service as organizations

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
) -> int | None:
    """The id of the last election before `on` (the latest recorded one for a date recorded twice, i.e. a correction),
    of the company, or of one establishment when `establishment_id` is given (L2122-1 "l'entreprise ou
    l'établissement")."""
    query = ElectionResult.select(ElectionResult.id).where(ElectionResult.organization == organization_id)
    if establishment_id is None:
        query = query.where(ElectionResult.establishment.is_null())
    else:
        query = query.where(ElectionResult.establishment == establishment_id)
    if on is not None:
        query = query.where(ElectionResult.election_date <= on)
    row = (
        await query.order_by(ElectionResult.election_date, ascending=False)
        .order_by(ElectionResult.id, ascending=False)
        .first()
    )
    return int(row["id"]) if row else None


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
    *, actor: Actor, organization_id: int, data: ElectionResultCreate, proclaimed: bool = False
) -> ElectionResultRead:
    """Record the 1st round of the titulaires' election; representativeness and weights follow (L2122-1).
    `proclaimed`: fed by the proclamation of an election (elections module, which authorised its organiser)."""
    async with transaction():
        who = await standing(actor=actor, organization_id=organization_id)
        if not proclaimed:
            who.require_manage()
        _check_election(data, today=local_today())
        if data.establishment_id is not None:
            known = {e.id for e in await organizations.establishments_of(organization_id=organization_id)}
            if data.establishment_id not in known:
                raise field_error("Établissement introuvable.", "establishment_id")
        categorial = {c.union: list(c.colleges) for c in data.categorial_unions}
        try:
            scores = _representativeness([c.model_dump(mode="json") for c in data.colleges], categorial)
        except ElectionResultsError as exc:
            raise field_error(str(exc), "colleges") from exc
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
        await audit_write(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="election_result",
            entity_id=election.id,
            after=data,
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
    return await election_in_force(organization_id=row["organization"], establishment_id=row["establishment"])


async def get_election_result(*, actor: Actor, election_id: int) -> ElectionResultRead:
    row = await ElectionResult.select().where(ElectionResult.id == election_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Résultats électoraux introuvables.")
    (await standing(actor=actor, organization_id=row["organization"])).require_read()
    return await _election_read(row, in_force_id=await _in_force_id(row))


async def current_scores(organization_id: int) -> dict[str, UnionScore]:
    election = await election_in_force(organization_id=organization_id)
    return await scores_of(election) if election else {}


async def require_representative(*, organization_id: int, union: str, on: date) -> str:
    """The union's name as on the election PV, if it is representative (L2122-1); else 409."""
    election = await election_in_force(organization_id=organization_id, on=on)
    if election is None:
        raise RuleViolation(
            "Aucun résultat électoral enregistré : la représentativité ne peut être établie (L2122-1).",
            code="no_election_results",
        )
    score = (await scores_of(election)).get(union_key(union))
    if score is None or not score.representative:
        raise RuleViolation(
            f"« {union} » n'est pas représentatif : moins de 10 % des suffrages exprimés au premier tour (L2122-1).",
            code="union_not_representative",
        )
    return score.union
