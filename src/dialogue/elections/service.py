"""The CSE election, from the calendar to the elected members: one transaction per call, rules in `rules.py`.

Proclaiming writes the élus into the body (bodies service) and the 1st round of the titulaires into the
representativeness results (negotiations service, L2122-1) — never into their tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from dialogue.bodies import service as bodies_service
from dialogue.bodies.schemas import College, MemberCreate, ProfessionalCategory, Role
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.elections import rules
from dialogue.elections.access import election_access
from dialogue.elections.rules import ListKind, ListTally, Sex
from dialogue.elections.schemas import (
    CalendarStepRead,
    CandidateRead,
    CarenceRead,
    CollegeRead,
    ElectedRead,
    ElectionCreate,
    ElectionDetail,
    ElectionKind,
    ElectionUpdate,
    ListCreate,
    ListRead,
    ListResultRead,
    PapRead,
    ProclamationRead,
    ProtectionRead,
    SeatsRead,
    TallyCreate,
    TallyRead,
)
from dialogue.elections.tables import CseElection, CseElectionCollege, CseElectionList, CseElectionTally
from dialogue.negotiations.elections import election_in_force, record_election_results, scores_of
from dialogue.negotiations.schemas import CollegeIn as ResultCollegeIn
from dialogue.negotiations.schemas import ElectionResultCreate, UnionVotesIn
from dialogue.organizations import service as organizations_service

KIND_WORDS = {ListKind.titulaires: "titulaires", ListKind.suppleants: "suppléants"}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@dataclass(slots=True)
class _Loaded:
    row: dict[str, Any]
    colleges: list[dict[str, Any]]
    lists: list[dict[str, Any]]
    tallies: list[dict[str, Any]]

    def college(self, name: str) -> dict[str, Any]:
        for college in self.colleges:
            if college["name"].casefold() == name.casefold():
                return college
        raise InvalidInput(f"Collège « {name} » inconnu.", errors=[{"field": "college", "message": "collège inconnu"}])


async def _load(*, actor: Actor, election_id: int, organise: bool = False) -> _Loaded:
    row = await CseElection.select().where(CseElection.id == election_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Élection introuvable.")
    access = await election_access(actor=actor, organization_id=row["organization"])
    access.require_organise() if organise else access.require_read()
    colleges = (
        await CseElectionCollege.select()
        .where(CseElectionCollege.election == election_id)
        .order_by(CseElectionCollege.position)
    )
    ids = [c["id"] for c in colleges] or [-1]
    lists = await CseElectionList.select().where(CseElectionList.college.is_in(ids)).order_by(CseElectionList.id)
    tallies = await CseElectionTally.select().where(CseElectionTally.college.is_in(ids)).order_by(CseElectionTally.id)
    for item in lists:
        item["candidates"] = _json(item["candidates"])
    for item in tallies:
        item["list_votes"] = _json(item["list_votes"])
    return _Loaded(row, colleges, lists, tallies)


# ------------------------------------------------------------------------------------ reading


def _protection(p: rules.Protection) -> ProtectionRead:
    return ProtectionRead(label=p.label, article=p.article, starts_on=p.starts_on, ends_on=p.ends_on)


def _college_name(loaded: _Loaded, college_id: int) -> str:
    return next(str(c["name"]) for c in loaded.colleges if c["id"] == college_id)


def _list_read(loaded: _Loaded, item: dict[str, Any]) -> ListRead:
    filed = item["filed_on"]
    return ListRead(
        id=item["id"],
        college=_college_name(loaded, item["college"]),
        kind=ListKind(item["kind"]),
        round=item["round"],
        union=item["union_name"],
        filed_on=filed,
        candidates=[
            CandidateRead(
                position=i,
                full_name=c["full_name"],
                sex=Sex(c["sex"]),
                email=c["email"],
                born_on=date.fromisoformat(c["born_on"]) if c.get("born_on") else None,
                protection=_protection(rules.candidate_protection(filed_on=filed)),
            )
            for i, c in enumerate(item["candidates"], start=1)
        ],
    )


def _tally_of(item: dict[str, Any], votes: dict[str, Any]) -> ListTally:
    return ListTally(
        key=str(item["id"]),
        ballots=int(votes["ballots"]),
        candidates=len(item["candidates"]),
        ratures={int(k): int(v) for k, v in (votes.get("ratures") or {}).items()},
    )


def _pap(row: dict[str, Any], percent: dict[str, Fraction] | None) -> PapRead:
    negotiators, signatories = list(_json(row["pap_negotiators"])), list(_json(row["pap_signatories"]))
    check = rules.pap_validity(negotiators=negotiators, signatories=signatories, representative_percent=percent)
    return PapRead(negotiators=negotiators, signatories=signatories, valid=check.valid, reason=check.reason)


def _mandate(row: dict[str, Any]) -> tuple[date | None, date | None]:
    start = row["round2_on"] or row["round1_on"]
    if row["kind"] == ElectionKind.partial.value:
        return start, row["mandate_end"]
    return start, rules.mandate_end_of(start=start, years=row["mandate_years"]) if start else None


def _carence(row: dict[str, Any], today: date) -> CarenceRead | None:
    if row["carence_on"] is None:
        return None
    status = rules.carence_status(
        carence_on=row["carence_on"],
        published_on=row["carence_published_on"],
        sent_on=row["carence_sent_on"],
        today=today,
    )
    reason = rules.CarenceReason(row["carence_reason"]) if row["carence_reason"] else None
    return CarenceRead(
        drawn_on=status.drawn_on,
        reason=reason,
        reason_label=rules.CARENCE_REASON_LABELS[reason.value] if reason else None,
        published_on=status.published_on,
        sent_on=status.sent_on,
        send_by=status.send_by,
        sent_late=status.sent_late,
        overdue=status.overdue,
        alert=status.alert,
        request_possible_from=status.request_possible_from,
    )


def _detail(loaded: _Loaded, *, percent: dict[str, Fraction] | None) -> ElectionDetail:
    row = loaded.row
    lists_by_id = {item["id"]: item for item in loaded.lists}
    results: list[TallyRead] = []
    seats: list[SeatsRead] = []
    elected: list[ElectedRead] = []
    no_quorum: list[str] = []
    start, end = _mandate(row)
    for college in loaded.colleges:
        for kind in ListKind:
            rounds = {x["round"]: x for x in loaded.tallies if x["college"] == college["id"] and x["kind"] == kind}
            to_fill = college["titulaires"]
            for number in (1, 2):
                tally = rounds.get(number)
                if tally is None:
                    continue
                entries = [v for v in tally["list_votes"] if v["list_id"] in lists_by_id]
                tallies = [_tally_of(lists_by_id[v["list_id"]], v) for v in entries]
                valid = sum((t.average for t in tallies), Fraction(0))
                quorum = rules.quorum_reached(registered=tally["registered"], valid_votes=int(valid))
                results.append(
                    TallyRead(
                        college=college["name"],
                        kind=kind,
                        round=number,
                        registered=tally["registered"],
                        voters=tally["voters"],
                        blank_null=tally["blank_null"],
                        valid_votes=round(float(valid), 2),
                        quorum_reached=quorum,
                        lists=[
                            ListResultRead(
                                list_id=v["list_id"],
                                union=lists_by_id[v["list_id"]]["union_name"],
                                ballots=t.ballots,
                                votes=round(float(t.average), 2),
                                ratures=dict(t.ratures),
                                ratures_counted=[
                                    p
                                    for p, n in t.ratures.items()
                                    if rules.ratures_counted(ballots=t.ballots, struck=n)
                                ],
                            )
                            for v, t in zip(entries, tallies, strict=True)
                        ],
                    )
                )
                if number == 1 and not quorum:
                    no_quorum.append(f"{college['name']} — {KIND_WORDS[kind]}")
                    continue
                born = {t.key: _next_born(lists_by_id[int(t.key)], t) for t in tallies}
                allocation = rules.allocate_seats(seats=to_fill, lists=tallies, next_born_on=born)
                seats.append(
                    SeatsRead(
                        college=college["name"],
                        kind=kind,
                        round=number,
                        seats=to_fill,
                        quotient=round(float(allocation.quotient), 4) if allocation.quotient else None,
                        by_quotient={lists_by_id[int(k)]["union_name"]: n for k, n in allocation.by_quotient.items()},
                        by_average={lists_by_id[int(k)]["union_name"]: n for k, n in allocation.by_average.items()},
                        vacant=allocation.vacant,
                        tie_unresolved=allocation.tie_unresolved,
                    )
                )
                for t in tallies:
                    item = lists_by_id[int(t.key)]
                    for position in rules.elected_positions(tally=t, seats=allocation.total(t.key)):
                        candidate = item["candidates"][position - 1]
                        elected.append(
                            ElectedRead(
                                college=college["name"],
                                category=ProfessionalCategory(college["category"]),
                                kind=kind,
                                round=number,
                                union=item["union_name"],
                                list_id=item["id"],
                                position=position,
                                full_name=candidate["full_name"],
                                email=candidate["email"],
                                votes=t.candidate_votes(position),
                                protection=_protection(
                                    rules.elected_protection(mandate_start=start or item["filed_on"], mandate_end=end)
                                ),
                            )
                        )
                to_fill = allocation.vacant
    calendar = rules.calendar_steps(
        renewal=row["kind"] == ElectionKind.renewal.value,
        staff_informed_on=row["staff_informed_on"],
        unions_invited_on=row["unions_invited_on"],
        pap_first_meeting_on=row["pap_first_meeting_on"],
        pap_signed_on=row["pap_signed_on"],
        round1_on=row["round1_on"],
        round2_on=row["round2_on"],
        mandates_end_on=row["mandate_end"],
        proclaimed_on=row["proclaimed_on"],
        carence_on=row["carence_on"],
        carence_sent_on=row["carence_sent_on"],
    )
    return ElectionDetail(
        id=row["id"],
        organization_id=row["organization"],
        body_id=row["body"],
        establishment_id=row["establishment"],
        kind=ElectionKind(row["kind"]),
        title=row["title"],
        headcount=row["headcount"],
        legal_titulaires=rules.legal_titulaires(row["headcount"]),
        mandate_start=start,
        mandate_end=end,
        proclaimed_on=row["proclaimed_on"],
        carence_on=row["carence_on"],
        carence=_carence(row, local_today()),
        siret=row["siret"],
        inspector=row["inspector"],
        requested_by=row["requested_by"],
        requested_on=row["requested_on"],
        second_round_needed=no_quorum,
        representativeness_result_id=row["result_id"],
        calendar=[
            CalendarStepRead(
                key=s.key, label=s.label, article=s.article, done_on=s.done_on, due_by=s.due_by, problem=s.problem
            )
            for s in calendar
        ],
        pap=_pap(row, percent),
        colleges=[
            CollegeRead(
                name=c["name"],
                category=ProfessionalCategory(c["category"]),
                staff=c["staff"],
                women=c["women"],
                men=c["men"],
                titulaires=c["titulaires"],
                suppleants=c["titulaires"],
            )
            for c in loaded.colleges
        ],
        lists=[_list_read(loaded, item) for item in loaded.lists],
        results=results,
        seats=seats,
        elected=elected,
    )


def _next_born(item: dict[str, Any], tally: ListTally) -> date | None:
    """Birth date of the first candidate the list would elect (the R2314-20 tie-break by age)."""
    order = rules.elected_positions(tally=tally, seats=len(item["candidates"]))
    born = item["candidates"][order[0] - 1].get("born_on") if order else None
    return date.fromisoformat(born) if born else None


async def _percent(row: dict[str, Any]) -> dict[str, Fraction] | None:
    """Representative unions' scores at the last election recorded before the PAP (L2314-6: "lors des dernières
    élections professionnelles"); None when there is none."""
    day = row["pap_signed_on"] or row["round1_on"] or local_today()
    previous = await election_in_force(organization_id=row["organization"], on=day - timedelta(days=1))
    scores = await scores_of(previous) if previous is not None else {}
    if not scores:
        return None
    return {s.union: Fraction(str(s.score_percent)) for s in scores.values() if s.representative}


async def get_election(*, actor: Actor, election_id: int) -> ElectionDetail:
    loaded = await _load(actor=actor, election_id=election_id)
    return _detail(loaded, percent=await _percent(loaded.row))


async def carence_document(*, actor: Actor, election_id: int) -> tuple[ElectionDetail, str, str | None]:
    """The election with a PV de carence, the employer's name and the establishment's (cerfa 15248); 409 without
    a PV de carence."""
    election = await get_election(actor=actor, election_id=election_id)
    if election.carence is None:
        raise InvalidState("Aucun procès-verbal de carence pour cette élection (L2314-9).", code="no_carence")
    name = await organizations_service.organization_name(organization_id=election.organization_id)
    establishment = None
    if election.establishment_id is not None:
        found = await organizations_service.establishments_of(organization_id=election.organization_id)
        establishment = next((e.name for e in found if e.id == election.establishment_id), None)
    return election, name, establishment


async def list_elections(*, actor: Actor, organization_id: int) -> list[ElectionDetail]:
    (await election_access(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await CseElection.select(CseElection.id)
        .where(CseElection.organization == organization_id)
        .order_by(CseElection.round1_on, ascending=False)
        .order_by(CseElection.id, ascending=False)
    )
    return [await get_election(actor=actor, election_id=r["id"]) for r in rows]


# ------------------------------------------------------------------------------------ writing


async def create_election(*, actor: Actor, organization_id: int, data: ElectionCreate) -> ElectionDetail:
    """Open an election: its calendar, its PAP and its colleges; seats per college as the PAP fixed them, else the
    R2314-1 titulaires split in proportion to each college's staff."""
    async with transaction():
        (await election_access(actor=actor, organization_id=organization_id)).require_organise()
        if data.body_id is not None:
            body = await bodies_service.get_body(actor=actor, body_id=data.body_id)
            if body.kind not in {"cse", "cse_central"}:
                raise InvalidInput(
                    "Seul un CSE est élu.", errors=[{"field": "body_id", "message": "cette instance n'est pas un CSE"}]
                )
        names = [c.name.casefold() for c in data.colleges]
        if len(set(names)) != len(names):
            raise InvalidInput(
                "Deux collèges portent le même nom.", errors=[{"field": "colleges", "message": "doublon"}]
            )
        if data.kind is ElectionKind.partial and data.mandate_end is None:
            raise InvalidInput(
                "Une élection partielle pourvoit les sièges pour la durée des mandats restant à courir (L2314-10).",
                errors=[{"field": "mandate_end", "message": "fin des mandats en cours attendue"}],
            )
        if data.requested_on is not None:
            await _check_request(organization_id, data.establishment_id, data.requested_on)
        legal = rules.legal_titulaires(data.headcount)
        open_colleges = [c for c in data.colleges if c.titulaires is None]
        fixed = sum(c.titulaires or 0 for c in data.colleges)
        split = iter(rules.distribute_seats(total=max(legal - fixed, 0), staff=[c.staff for c in open_colleges]))
        election = CseElection(
            organization=organization_id,
            body=data.body_id,
            establishment=data.establishment_id,
            kind=data.kind.value,
            title=data.title,
            headcount=data.headcount,
            staff_informed_on=data.staff_informed_on,
            unions_invited_on=data.unions_invited_on,
            pap_first_meeting_on=data.pap_first_meeting_on,
            pap_signed_on=data.pap_signed_on,
            pap_negotiators=json.dumps(data.pap_negotiators, ensure_ascii=False),
            pap_signatories=json.dumps(data.pap_signatories, ensure_ascii=False),
            round1_on=data.round1_on,
            round2_on=data.round2_on,
            mandate_years=data.mandate_years,
            mandate_end=data.mandate_end,
            siret=data.siret,
            inspector=data.inspector,
            requested_by=data.requested_by,
            requested_on=data.requested_on,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await election.save()
        for position, college in enumerate(data.colleges, start=1):
            await CseElectionCollege(
                election=election.id,
                position=position,
                name=college.name,
                category=college.category.value,
                staff=college.staff,
                women=college.women,
                men=college.men,
                titulaires=college.titulaires if college.titulaires is not None else next(split),
            ).save()
        return await get_election(actor=actor, election_id=election.id)


async def last_carence(*, organization_id: int, establishment_id: int | None, on: date) -> date | None:
    """The latest PV de carence of the same perimeter (the organisation, or the establishment) drawn up by `on`."""
    where = (
        (CseElection.organization == organization_id)
        & CseElection.carence_on.is_not_null()
        & (CseElection.carence_on <= on)
    )
    where &= (
        CseElection.establishment.is_null()
        if establishment_id is None
        else (CseElection.establishment == establishment_id)
    )
    row = (
        await CseElection.select(CseElection.carence_on)
        .where(where)
        .order_by(CseElection.carence_on, ascending=False)
        .first()
    )
    return row["carence_on"] if row else None


async def _check_request(organization_id: int, establishment_id: int | None, requested_on: date) -> None:
    """L2314-8: an election requested by an employee or a union within six months of a PV de carence is refused."""
    carence = await last_carence(organization_id=organization_id, establishment_id=establishment_id, on=requested_on)
    problem = rules.request_too_early(requested_on=requested_on, last_carence_on=carence)
    if problem is not None:
        raise InvalidInput(problem, errors=[{"field": "requested_on", "message": problem}], code="l2314_8")


def _check_carence_dates(row: dict[str, Any]) -> None:
    """The PV de carence is made known and sent after it is drawn up (L2314-9), never before."""
    drawn = row.get("carence_on")
    for name in ("carence_published_on", "carence_sent_on", "carence_reason"):
        value = row.get(name)
        if value is None:
            continue
        if drawn is None:
            raise InvalidInput(
                "Renseignez d'abord la date du procès-verbal de carence (L2314-9).",
                errors=[{"field": name, "message": "date du procès-verbal de carence attendue"}],
            )
        if isinstance(value, date) and value < drawn:
            raise InvalidInput(
                "Le procès-verbal de carence est porté à la connaissance du personnel et transmis après son "
                "établissement (L2314-9).",
                errors=[{"field": name, "message": "date antérieure au procès-verbal de carence"}],
            )


async def update_election(*, actor: Actor, election_id: int, data: ElectionUpdate) -> ElectionDetail:
    async with transaction():
        loaded = await _load(actor=actor, election_id=election_id, organise=True)
        values: dict[Any, Any] = {}
        changes = data.model_dump(exclude_unset=True)
        _check_carence_dates({**loaded.row, **changes})
        for name, value in changes.items():
            if name in {"pap_negotiators", "pap_signatories"}:
                value = json.dumps(value or [], ensure_ascii=False)
            elif isinstance(value, rules.CarenceReason):
                value = value.value
            values[getattr(CseElection, name)] = value
        if values:
            await CseElection.update(values).where(CseElection.id == election_id)
        return await get_election(actor=actor, election_id=election_id)


async def file_list(*, actor: Actor, election_id: int, data: ListCreate) -> ListRead:
    """File a list; L2314-30 (balanced representation, alternation) is checked now, not after the vote."""
    async with transaction():
        loaded = await _load(actor=actor, election_id=election_id, organise=True)
        _require_open(loaded)
        college = loaded.college(data.college)
        if len(data.candidates) > college["titulaires"]:
            raise InvalidInput(
                f"La liste compte {len(data.candidates)} candidats pour {college['titulaires']} sièges à pourvoir.",
                errors=[{"field": "candidates", "message": "plus de candidats que de sièges"}],
            )
        problems = rules.list_balance_problems(
            sexes=[c.sex for c in data.candidates], women=college["women"], men=college["men"]
        )
        if problems:
            raise InvalidInput(
                "Liste non conforme à l'article L2314-30 du Code du travail : " + " ".join(problems),
                errors=[{"field": "candidates", "message": p} for p in problems],
                code="l2314_30",
            )
        taken = [
            item
            for item in loaded.lists
            if item["college"] == college["id"]
            and item["kind"] == data.kind.value
            and item["round"] == data.round
            and item["union_name"].casefold() == data.union.casefold()
        ]
        if taken:
            raise Conflict("Ce syndicat a déjà déposé une liste pour ce collège et ce scrutin.", code="list_filed")
        row = CseElectionList(
            college=college["id"],
            kind=data.kind.value,
            round=data.round,
            union_name=data.union,
            filed_on=data.filed_on,
            candidates=json.dumps([c.model_dump(mode="json") for c in data.candidates], ensure_ascii=False),
            created_at=utcnow(),
        )
        await row.save()
        loaded.lists.append(
            {
                **(await CseElectionList.select().where(CseElectionList.id == row.id).first() or {}),
                "candidates": [c.model_dump(mode="json") for c in data.candidates],
            }
        )
        return _list_read(loaded, loaded.lists[-1])


async def list_lists(*, actor: Actor, election_id: int) -> list[ListRead]:
    loaded = await _load(actor=actor, election_id=election_id)
    return [_list_read(loaded, item) for item in loaded.lists]


def _require_open(loaded: _Loaded) -> None:
    if loaded.row["proclaimed_on"] is not None:
        raise InvalidState("Les résultats sont proclamés : l'élection ne se modifie plus.", code="election_proclaimed")


async def record_results(*, actor: Actor, election_id: int, data: TallyCreate) -> ElectionDetail:
    """Record (or correct) the count of one round in one college for titulaires or suppléants (L2314-29)."""
    async with transaction():
        loaded = await _load(actor=actor, election_id=election_id, organise=True)
        _require_open(loaded)
        college = loaded.college(data.college)
        errors: list[dict[str, str]] = []
        if data.voters > data.registered:
            errors.append({"field": "voters", "message": "plus de votants que d'inscrits"})
        own = {
            item["id"]: item
            for item in loaded.lists
            # round 2: lists filed for it, or the round-1 lists maintained
            if item["college"] == college["id"] and item["kind"] == data.kind.value and item["round"] <= data.round
        }
        for i, entry in enumerate(data.lists):
            item = own.get(entry.list_id)
            if item is None:
                errors.append({"field": f"lists[{i}].list_id", "message": "liste inconnue pour ce collège et ce tour"})
                continue
            for position, struck in entry.ratures.items():
                if not 1 <= position <= len(item["candidates"]) or struck > entry.ballots:
                    errors.append(
                        {"field": f"lists[{i}].ratures", "message": f"ratures impossibles au rang {position}"}
                    )
        if sum(e.ballots for e in data.lists) + data.blank_null > data.voters:
            errors.append({"field": "lists", "message": "plus de bulletins que de votants"})
        if data.round == 2 and loaded.row["round2_on"] is None:
            errors.append({"field": "round", "message": "date du second tour non fixée (L2314-29)"})
        if errors:
            raise InvalidInput("Résultats incohérents : " + errors[0]["message"] + ".", errors=errors)
        await CseElectionTally.delete().where(
            (CseElectionTally.college == college["id"])
            & (CseElectionTally.kind == data.kind.value)
            & (CseElectionTally.round == data.round)
        )
        await CseElectionTally(
            college=college["id"],
            kind=data.kind.value,
            round=data.round,
            registered=data.registered,
            voters=data.voters,
            blank_null=data.blank_null,
            list_votes=json.dumps([e.model_dump(mode="json") for e in data.lists]),
            recorded_at=utcnow(),
        ).save()
        return await get_election(actor=actor, election_id=election_id)


async def proclaim(*, actor: Actor, election_id: int) -> ProclamationRead:
    """Proclaim: the 1st round of the titulaires feeds representativeness (L2122-1; a partial election does not
    measure it), and the elected become the body's members with their mandate, list, category and votes (L2314-37)."""
    async with transaction():
        loaded = await _load(actor=actor, election_id=election_id, organise=True)
        _require_open(loaded)
        row = loaded.row
        if row["body"] is None:
            raise InvalidInput("Indiquer le CSE élu.", errors=[{"field": "body_id", "message": "instance attendue"}])
        detail = _detail(loaded, percent=None)
        if not detail.elected:
            raise InvalidState("Aucun élu : dresser un procès-verbal de carence (L2314-9).", code="no_elected")
        result_id = None
        if row["kind"] != ElectionKind.partial.value:
            result_id = await _feed_representativeness(actor=actor, loaded=loaded, detail=detail)
        already: list[str] = []
        added = 0
        for person in detail.elected:
            try:
                await bodies_service.add_member(
                    actor=actor,
                    body_id=row["body"],
                    data=MemberCreate(
                        email=person.email,
                        full_name=person.full_name,
                        college=College.elus,
                        role=Role.titular if person.kind is ListKind.titulaires else Role.substitute,
                        union_name=person.union,
                        electoral_college=person.college[:40],
                        category=person.category,
                        votes_obtained=person.votes,
                        mandate_start=detail.mandate_start,
                        mandate_end=detail.mandate_end,
                    ),
                    elected=True,
                )
                added += 1
            except Conflict as exc:
                if exc.code != "already_member":
                    raise
                already.append(person.full_name)
        await CseElection.update({CseElection.proclaimed_on: local_today(), CseElection.result_id: result_id}).where(
            CseElection.id == election_id
        )
        return ProclamationRead(
            election_id=election_id,
            representativeness_result_id=result_id,
            members_added=added,
            already_members=already,
        )


async def _feed_representativeness(*, actor: Actor, loaded: _Loaded, detail: ElectionDetail) -> int | None:
    """The 1st round of the titulaires, one college each, as the negotiations module records it (L2122-1): the
    list's votes are the average of its candidates' votes, rounded."""
    colleges = []
    for tally in detail.results:
        if tally.kind is not ListKind.titulaires or tally.round != 1 or not tally.lists:
            continue
        votes = [UnionVotesIn(union=r.union, votes=round(r.votes)) for r in tally.lists]
        colleges.append(
            ResultCollegeIn(
                name=tally.college,
                registered=tally.registered,
                voters=tally.voters,
                votes_cast=max(sum(v.votes for v in votes), round(tally.valid_votes)),
                union_votes=votes,
            )
        )
    if not colleges or loaded.row["round1_on"] is None:
        return None
    result = await record_election_results(
        actor=actor,
        organization_id=loaded.row["organization"],
        data=ElectionResultCreate(
            election_date=loaded.row["round1_on"],
            establishment_id=loaded.row["establishment"],
            label=f"{loaded.row['title']} — 1er tour, titulaires"[:200],
            colleges=colleges,
        ),
        proclaimed=True,
    )
    return result.id


async def partial_election_due(*, actor: Actor, election_id: int) -> tuple[bool, str] | None:
    """L2314-10 on the CSE this (proclaimed) election filled: its titulaires in office today against the seats, and
    the colleges left without a titulaire. None before the proclamation or without a CSE."""
    detail = await get_election(actor=actor, election_id=election_id)
    if detail.body_id is None or detail.proclaimed_on is None:
        return None
    today = local_today()
    try:
        members = await bodies_service.list_members(actor=actor, body_id=detail.body_id)
    except Forbidden:  # a reader who may not see the CSE's members (a union's representative) sees no verdict
        return None
    titulaires = [
        m
        for m in members
        if m.college is College.elus and m.role is Role.titular and (m.mandate_end is None or m.mandate_end >= today)
    ]
    represented = {(m.electoral_college or "").casefold() for m in titulaires}
    unrepresented = sum(1 for c in detail.colleges if c.titulaires and c.name[:40].casefold() not in represented)
    return rules.partial_election_required(
        seats=sum(c.titulaires for c in detail.colleges),
        titulaires_in_office=len(titulaires),
        colleges_unrepresented=unrepresented,
        today=today,
        mandate_end=detail.mandate_end,
    )
