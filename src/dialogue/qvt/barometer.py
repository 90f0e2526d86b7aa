"""The annual QVT barometer: campaigns, single-use anonymous links, anonymous answers, results.

Anonymity by design (the issue's hard requirement):
- a link stores only the SHA-256 digest of its code, its group and a `used` flag — no email, no name, no
  time of use; codes sent by email exist only in the `BarometerInvitationsCreated` event;
- an answer sheet stores the campaign and the respondent's group (establishment, department, an optional
  self-declared staff category), with a random key: no link id, no address, no timestamp, no counter;
- the link is marked used in the answer's transaction, and every link row of the campaign is rewritten in
  that transaction, so PostgreSQL's row transaction ids (xmin) cannot pair a response with its link;
  closing the campaign rewrites the answers too;
- no audit record and no domain event is written for an answer (each would carry a time);
- results exist only once the campaign is closed (watching them change would reveal each new answer),
  only for groups of at least `min_group_size` (≥ 5), with one complementary suppression over every
  breakdown at once (barometer_suppression), and only for the steering committee's members, who alone
  read the free text — without any group, in a random order;
- live counts are hidden under the threshold (zero too) and move by steps of the threshold;
- codes created after opening are flagged to the whole committee, and a group served mostly by them is
  withheld;
- closing deletes and reinserts the campaign's answer rows in a random order (no storage order of arrival).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.bodies.schemas import BodyKind
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import get_engine, lock_row, transaction
from dialogue.core.errors import Conflict, Forbidden, Gone, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.organizations.tables import Establishment
from dialogue.qvt import barometer_suppression as anonymity
from dialogue.qvt import rules
from dialogue.qvt.events import BarometerClosed, BarometerInvitation, BarometerInvitationsCreated, BarometerOpened
from dialogue.qvt.schemas import (
    AlertRead,
    BarometerCreate,
    BarometerRead,
    BarometerResultsRead,
    BarometerUpdate,
    CommentRead,
    GroupBy,
    GroupParticipation,
    GroupResultRead,
    InvitationCode,
    InvitationsCreate,
    InvitationsRead,
    QuestionRead,
    QvtIndicators,
    ThemeDeltaRead,
    ThemeResult,
)
from dialogue.qvt.service import steering_access
from dialogue.qvt.tables import (
    Barometer,
    BarometerAnswer,
    BarometerComment,
    BarometerGroup,
    BarometerLink,
    BarometerQuestion,
    BarometerResponse,
    QvtActionProposal,
)

OVERALL_LABEL = "Ensemble des répondants"
NO_ESTABLISHMENT = "Siège et services communs"
WHOLE_ESTABLISHMENT = "ensemble de l'établissement"
RESULTS_NOTICE = (
    "Résultats anonymes : un groupe de moins de {min} répondants n'est jamais affiché (ni moyenne, ni effectif), "
    "et d'autres groupes sont masqués pour qu'aucun groupe masqué ne se déduise par somme ou différence, "
    "quel que soit le regroupement choisi (établissement, service, catégorie)."
)
PRINT_NOTICE = (
    "Ces codes ne seront plus affichés : seule leur empreinte est conservée. Imprimez-les, découpez-les et "
    "laissez chaque salarié en tirer un au hasard, sans noter qui reçoit quel code."
)


class LinkGone(Gone):
    """A real link that can no longer serve: already used, campaign closed or expired."""

    code = "link_gone"
    title = "Lien plus valable"


# ---------------------------------------------------------------- loading and access


async def _barometer_row(actor: Actor, barometer_id: int) -> dict[str, Any]:
    row = await Barometer.select().where(Barometer.id == barometer_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Baromètre introuvable.")
    return row


def _require_direction(access: BodyAccess) -> None:
    if not access.is_direction:
        access.require_read()
        raise Forbidden("Seule la direction organise le baromètre (création, liens, ouverture, clôture).")


def _require_steering_member(access: BodyAccess) -> None:
    access.require_read()
    if not access.is_member:
        raise Forbidden("Les résultats du baromètre sont réservés aux membres du comité de pilotage QVT.")


def effective_status(row: Mapping[str, Any], *, now: datetime) -> str:
    """An open campaign whose closing date has passed is closed, whether or not anyone closed it."""
    if row["status"] == "open" and row["closes_at"] is not None and row["closes_at"] <= now:
        return "closed"
    return str(row["status"])


async def _settle(row: dict[str, Any]) -> dict[str, Any]:
    """Close for real a campaign whose date has passed (deemed outcomes happen by themselves)."""
    if row["status"] == "open" and effective_status(row, now=utcnow()) == "closed":
        async with transaction():
            await lock_row(Barometer, row["id"])
            current = await Barometer.select(Barometer.status).where(Barometer.id == row["id"]).first()
            if current is not None and current["status"] == "open":
                await _close(row, actor_user_id=None, closed_at=row["closes_at"])
        fresh = await Barometer.select().where(Barometer.id == row["id"]).first()
        assert fresh is not None
        return fresh
    return row


async def _questions(barometer_id: int) -> list[dict[str, Any]]:
    return list(
        await BarometerQuestion.select()
        .where(BarometerQuestion.barometer == barometer_id)
        .order_by(BarometerQuestion.position)
    )


def _question_read(row: Mapping[str, Any]) -> QuestionRead:
    return QuestionRead(
        code=row["code"], theme=row["theme"], theme_label=rules.THEMES[row["theme"]], label=row["label"]
    )


async def _counts(barometer_id: int) -> tuple[int, int]:
    """(invited, respondents) of a campaign."""
    groups = await BarometerGroup.select(BarometerGroup.invited).where(BarometerGroup.barometer == barometer_id)
    respondents = await BarometerResponse.count().where(BarometerResponse.barometer == barometer_id)
    return sum(g["invited"] for g in groups), int(respondents)


async def _late_codes(barometer_id: int) -> int:
    return int(
        await BarometerLink.count().where(
            (BarometerLink.barometer == barometer_id) & (BarometerLink.late == True)  # noqa: E712
        )
    )


def _shown_respondents(respondents: int, *, status: str, min_group_size: int) -> int | None:
    """What any reader sees of a count: nothing under k (zero too); while collecting, steps of k."""
    if respondents < min_group_size:
        return None
    if status == "closed":
        return respondents
    return anonymity.participation_step(respondents, min_group_size=min_group_size)


def _rate(respondents: int, invited: int) -> float | None:
    return None if invited <= 0 else min(1.0, respondents / invited)


async def _barometer_read(row: dict[str, Any]) -> BarometerRead:
    invited, counted = await _counts(row["id"])
    status = effective_status(row, now=utcnow())
    respondents = _shown_respondents(counted, status=status, min_group_size=row["min_group_size"])
    return BarometerRead(
        id=row["id"],
        organization_id=row["organization"],
        body_id=row["body"],
        title=row["title"],
        year=row["year"],
        status=status,
        introduction=row["introduction"],
        min_group_size=row["min_group_size"],
        ask_staff_category=row["ask_staff_category"],
        closes_at=row["closes_at"],
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        questions=[_question_read(q) for q in await _questions(row["id"])],
        invited=invited,
        respondents=respondents,
        participation=_rate(respondents, invited) if respondents is not None else None,
        late_codes=await _late_codes(row["id"]),
        created_at=row["created_at"],
    )


# ---------------------------------------------------------------- campaigns


async def _steering_body_for(actor: Actor, organization_id: int, body_id: int | None) -> int:
    if body_id is not None:
        return body_id
    rows = await Body.select(Body.id).where(
        (Body.organization == organization_id) & (Body.kind == BodyKind.qvt_steering.value)
    )
    if not rows:
        raise Conflict(
            "L'organisation n'a pas encore de comité de pilotage QVT : créez-le d'abord (instance qvt_steering).",
            code="no_qvt_steering",
        )
    if len(rows) > 1:
        raise InvalidInput(
            "Plusieurs comités de pilotage QVT : précisez lequel lira les résultats.",
            errors=[{"field": "body_id", "message": "obligatoire quand l'organisation a plusieurs comités"}],
        )
    return int(rows[0]["id"])


async def create_barometer(*, actor: Actor, organization_id: int, data: BarometerCreate) -> BarometerRead:
    """The direction sets up a campaign (draft) with the default questionnaire or its own."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    async with transaction():
        body_id = await _steering_body_for(actor, organization_id, data.body_id)
        access = await steering_access(actor=actor, body_id=body_id)
        _require_direction(access)
        if data.closes_at is not None and data.closes_at <= utcnow():
            raise InvalidInput(
                "La date de clôture est passée.", errors=[{"field": "closes_at", "message": "doit être future"}]
            )
        questions = (
            [(q.code, q.theme.value, q.label) for q in data.questions]
            if data.questions is not None
            else list(rules.DEFAULT_QUESTIONS)
        )
        codes = [code for code, _, _ in questions]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise InvalidInput(
                "Deux questions portent le même code.",
                errors=[{"field": "questions", "message": f"codes en double : {', '.join(duplicates)}"}],
            )
        barometer = Barometer(
            organization=organization_id,
            body=body_id,
            title=data.title,
            year=data.year,
            status="draft",
            introduction=data.introduction,
            min_group_size=data.min_group_size,
            ask_staff_category=data.ask_staff_category,
            closes_at=data.closes_at,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await barometer.save()
        await BarometerQuestion.insert(
            *[
                BarometerQuestion(barometer=barometer.id, code=code, theme=theme, label=label, position=i)
                for i, (code, theme, label) in enumerate(questions, start=1)
            ]
        )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="qvt_barometer",
            entity_id=barometer.id,
            after={**data.model_dump(mode="json", exclude={"questions"}), "questions": len(questions)},
        )
        row = await Barometer.select().where(Barometer.id == barometer.id).first()
        assert row is not None
        return await _barometer_read(row)


async def list_barometers(*, actor: Actor, organization_id: int) -> list[BarometerRead]:
    """Campaigns of the steering committees the actor may read (members, direction, admins), latest first."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = (
        await Barometer.select()
        .where(Barometer.organization == organization_id)
        .order_by(Barometer.year, ascending=False)
        .order_by(Barometer.id, ascending=False)
    )
    readable: dict[int, bool] = {}
    items = []
    for row in rows:
        if row["body"] not in readable:
            readable[row["body"]] = (await steering_access(actor=actor, body_id=row["body"])).can_read
        if readable[row["body"]]:
            items.append(await _barometer_read(await _settle(row)))
    return items


async def get_barometer(*, actor: Actor, barometer_id: int) -> BarometerRead:
    row = await _barometer_row(actor, barometer_id)
    (await steering_access(actor=actor, body_id=row["body"])).require_read()
    return await _barometer_read(await _settle(row))


async def update_barometer(*, actor: Actor, barometer_id: int, data: BarometerUpdate) -> BarometerRead:
    """While a draft everything changes; once open only the closing date and the anonymity threshold."""
    async with transaction():
        row = await _barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        _require_direction(access)
        await lock_row(Barometer, barometer_id)
        status = effective_status(row, now=utcnow())
        changes = data.model_dump(exclude_unset=True)
        if status == "closed":
            raise InvalidState("Le baromètre est clos.", code="barometer_closed")
        if status == "open":
            frozen = sorted(set(changes) - {"closes_at", "min_group_size"})
            if frozen:
                raise InvalidState(
                    "Le questionnaire est ouvert : seules la date de clôture et le seuil d'anonymat changent encore.",
                    code="barometer_open",
                    fields=frozen,
                )
        if "closes_at" in changes and data.closes_at is not None and data.closes_at <= utcnow():
            raise InvalidInput(
                "La date de clôture est passée.", errors=[{"field": "closes_at", "message": "doit être future"}]
            )
        if changes:
            await Barometer.update({getattr(Barometer, k): v for k, v in changes.items()}).where(
                Barometer.id == barometer_id
            )
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="qvt_barometer",
                entity_id=barometer_id,
                before={k: row[k] for k in changes},
                after=data.model_dump(mode="json", exclude_unset=True),
            )
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        return await _barometer_read(fresh)


async def open_barometer(*, actor: Actor, barometer_id: int) -> BarometerRead:
    async with transaction():
        row = await _barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        _require_direction(access)
        await lock_row(Barometer, barometer_id)
        if row["status"] != "draft":
            raise InvalidState("Seul un baromètre en préparation peut être ouvert.", code="illegal_transition")
        if row["closes_at"] is not None and row["closes_at"] <= utcnow():
            raise InvalidState("La date de clôture est passée : modifiez-la avant d'ouvrir.", code="closes_at_past")
        now = utcnow()
        await Barometer.update({Barometer.status: "open", Barometer.opened_at: now}).where(Barometer.id == barometer_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="open",
            entity="qvt_barometer",
            entity_id=barometer_id,
            before={"status": "draft"},
            after={"status": "open"},
        )
        await emit(
            BarometerOpened(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                barometer_id=barometer_id,
                title=row["title"],
                closes_at=row["closes_at"],
            )
        )
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        return await _barometer_read(fresh)


_RESHUFFLE = (
    "CREATE TEMP TABLE baro_shuffle_r AS SELECT * FROM qvt_barometer_response WHERE barometer = {id}",
    "CREATE TEMP TABLE baro_shuffle_a AS SELECT a.* FROM qvt_barometer_answer a "
    "JOIN qvt_barometer_response r ON r.id = a.response WHERE r.barometer = {id}",
    "CREATE TEMP TABLE baro_shuffle_c AS SELECT c.* FROM qvt_barometer_comment c "
    "JOIN qvt_barometer_response r ON r.id = c.response WHERE r.barometer = {id}",
    "DELETE FROM qvt_barometer_response WHERE barometer = {id}",
    "INSERT INTO qvt_barometer_response SELECT * FROM baro_shuffle_r ORDER BY RANDOM()",
    "INSERT INTO qvt_barometer_answer SELECT * FROM baro_shuffle_a ORDER BY RANDOM()",
    "INSERT INTO qvt_barometer_comment SELECT * FROM baro_shuffle_c ORDER BY RANDOM()",
    "DROP TABLE baro_shuffle_c",
    "DROP TABLE baro_shuffle_a",
    "DROP TABLE baro_shuffle_r",
    "UPDATE qvt_barometer_link SET used = used WHERE barometer = {id}",
)
"""Closing reinserts every answer row of the campaign in a random order, in one transaction: the storage
order (SQLite's key order, PostgreSQL's ctid) and the transaction ids (xmin) no longer follow arrival.
The id is an integer from our own row, written into the text because PostgreSQL takes no parameter in
CREATE TABLE AS."""


async def _close(row: Mapping[str, Any], *, actor_user_id: int | None, closed_at: datetime) -> None:
    """Close and rewrite every answer row in one transaction (no per-answer transaction id survives)."""
    barometer_id = row["id"]
    await Barometer.update({Barometer.status: "closed", Barometer.closed_at: closed_at}).where(
        Barometer.id == barometer_id
    )
    engine = get_engine()
    for statement in _RESHUFFLE:
        await engine.run_ddl(statement.format(id=int(barometer_id)))
    invited, counted = await _counts(barometer_id)
    respondents = _shown_respondents(counted, status="closed", min_group_size=row["min_group_size"])
    await audit.record(
        actor=Actor(user_id=actor_user_id, organization_id=row["organization"]) if actor_user_id else None,
        organization_id=row["organization"],
        action="close",
        entity="qvt_barometer",
        entity_id=barometer_id,
        before={"status": "open"},
        after={"status": "closed", "respondents": respondents, "invited": invited},
    )
    await emit(
        BarometerClosed(
            organization_id=row["organization"],
            actor_user_id=actor_user_id,
            barometer_id=barometer_id,
            title=row["title"],
            body_id=row["body"],
            respondents=respondents,
            invited=invited,
        )
    )


async def close_barometer(*, actor: Actor, barometer_id: int) -> BarometerRead:
    async with transaction():
        row = await _barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        _require_direction(access)
        await lock_row(Barometer, barometer_id)
        fresh = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert fresh is not None
        if fresh["status"] != "open":
            raise InvalidState("Seul un baromètre ouvert peut être clos.", code="illegal_transition")
        now = utcnow()
        closes_at = fresh["closes_at"]
        await _close(fresh, actor_user_id=actor.user_id, closed_at=min(now, closes_at) if closes_at else now)
        final = await Barometer.select().where(Barometer.id == barometer_id).first()
        assert final is not None
        return await _barometer_read(final)


# ---------------------------------------------------------------- links


async def _establishment_names(organization_id: int) -> dict[int, str]:
    rows = await Establishment.select(Establishment.id, Establishment.name).where(
        Establishment.organization == organization_id
    )
    return {r["id"]: r["name"] for r in rows}


def public_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/barometer/{code}"


async def create_invitations(
    *, actor: Actor, barometer_id: int, data: InvitationsCreate, base_url: str
) -> InvitationsRead:
    """Generate single-use links per group: printed codes are returned once; emailed ones go to the outbox.

    The director never sees an emailed code (else they could test which colleague has answered). Codes
    created once the campaign is open are marked late: the whole steering committee sees them, and a group
    served mostly by them is withheld (barometer_suppression.late_codes_withheld).
    """
    async with transaction():
        row = await _barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        _require_direction(access)
        await lock_row(Barometer, barometer_id)
        status = effective_status(row, now=utcnow())
        if status == "closed":
            raise InvalidState("Le baromètre est clos : plus de nouveaux liens.", code="barometer_closed")
        late = status == "open"
        names = await _establishment_names(access.organization_id)
        errors = [
            {"field": f"groups[{i}].establishment_id", "message": "établissement inconnu dans l'organisation"}
            for i, g in enumerate(data.groups)
            if g.establishment_id is not None and g.establishment_id not in names
        ]
        emails = [e.lower() for g in data.groups for e in g.emails]
        if len(set(emails)) != len(emails):
            errors.append({"field": "groups", "message": "une même adresse figure deux fois"})
        if errors:
            raise InvalidInput("Invitations invalides.", errors=errors)
        printed: list[InvitationCode] = []
        invitations: list[BarometerInvitation] = []
        links: list[BarometerLink] = []
        summary = []
        for spec in data.groups:
            department = spec.department or ""
            group = (
                await BarometerGroup.select()
                .where(
                    (BarometerGroup.barometer == barometer_id)
                    & (
                        BarometerGroup.establishment.is_null()
                        if spec.establishment_id is None
                        else BarometerGroup.establishment == spec.establishment_id
                    )
                    & (BarometerGroup.department == department)
                )
                .first()
            )
            total = spec.count + len(spec.emails)
            if group is None:
                new_group = BarometerGroup(
                    barometer=barometer_id, establishment=spec.establishment_id, department=department, invited=total
                )
                await new_group.save()
                group_id = int(new_group.id)
            else:
                group_id = int(group["id"])
                await BarometerGroup.update({BarometerGroup.invited: group["invited"] + total}).where(
                    BarometerGroup.id == group_id
                )
            establishment = names.get(spec.establishment_id) if spec.establishment_id is not None else None
            for index in range(total):
                code = rules.new_code(secrets.token_bytes(18))
                links.append(
                    BarometerLink(
                        barometer=barometer_id, group=group_id, token_digest=rules.code_digest(code), late=late
                    )
                )
                url = public_url(base_url, code)
                if index < spec.count:
                    printed.append(
                        InvitationCode(
                            establishment=establishment,
                            department=spec.department,
                            code=rules.format_code(code),
                            url=url,
                        )
                    )
                else:
                    invitations.append(
                        BarometerInvitation(
                            email=spec.emails[index - spec.count].lower(),
                            url=url,
                            establishment=establishment,
                            department=spec.department,
                        )
                    )
            summary.append(
                {
                    "establishment_id": spec.establishment_id,
                    "department": spec.department,
                    "printed": spec.count,
                    "emailed": len(spec.emails),
                }
            )
        for start in range(0, len(links), 500):
            await BarometerLink.insert(*links[start : start + 500])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="invite",
            entity="qvt_barometer",
            entity_id=barometer_id,
            after={"groups": summary, "created": len(links), "late": late},
        )
        await emit(
            BarometerInvitationsCreated(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                barometer_id=barometer_id,
                barometer_title=row["title"],
                year=row["year"],
                closes_at=row["closes_at"],
                created=len(links),
                printed=len(printed),
                invitations=tuple(invitations),
            )
        )
        return InvitationsRead(
            barometer_id=barometer_id,
            created=len(links),
            printed=len(printed),
            emailed=len(invitations),
            codes=printed,
            notice=PRINT_NOTICE,
        )


async def participation(*, actor: Actor, barometer_id: int) -> list[GroupParticipation]:
    """Invited and respondents per group, live, for every reader alike: under min_group_size nothing is shown
    (zero neither), above it the count moves by steps of min_group_size (barometer_suppression)."""
    row = await _barometer_row(actor, barometer_id)
    (await steering_access(actor=actor, body_id=row["body"])).require_read()
    status = effective_status(row, now=utcnow())
    late = await _late_by_group(barometer_id)
    names = await _establishment_names(row["organization"])
    groups = await BarometerGroup.select().where(BarometerGroup.barometer == barometer_id)
    counts = await get_engine().run_querystring(
        QueryString(
            "SELECT establishment, department, COUNT(*) AS n FROM qvt_barometer_response WHERE barometer = {} "
            "GROUP BY establishment, department",
            barometer_id,
        )
    )
    by_place = {(c["establishment"], c["department"]): int(c["n"]) for c in counts}
    items = []
    for g in sorted(groups, key=lambda g: (names.get(g["establishment"], ""), g["department"])):
        n = by_place.get((g["establishment"], g["department"]), 0)
        shown = _shown_respondents(n, status=status, min_group_size=row["min_group_size"])
        label = _place_label(names, g["establishment"], g["department"])
        items.append(
            GroupParticipation(
                establishment_id=g["establishment"],
                establishment=names.get(g["establishment"]) if g["establishment"] is not None else None,
                department=g["department"] or None,
                label=label,
                invited=g["invited"],
                respondents=shown,
                participation=_rate(shown, g["invited"]) if shown is not None else None,
                late_codes=late.get(int(g["id"]), 0),
            )
        )
    return items


async def _late_by_group(barometer_id: int) -> dict[int, int]:
    rows = await BarometerLink.select(BarometerLink.group).where(
        (BarometerLink.barometer == barometer_id) & (BarometerLink.late == True)  # noqa: E712
    )
    late: dict[int, int] = defaultdict(int)
    for r in rows:
        late[int(r["group"])] += 1
    return dict(late)


def _place_label(names: Mapping[int, str], establishment: int | None, department: str) -> str:
    place = names.get(establishment, NO_ESTABLISHMENT) if establishment is not None else NO_ESTABLISHMENT
    return f"{place} — {department}" if department else place


# ---------------------------------------------------------------- answering (no account)


@dataclass(frozen=True, slots=True)
class AnswerForm:
    """What the public form shows for a valid link."""

    title: str
    year: int
    introduction: str
    group_label: str
    closes_at: datetime | None
    ask_staff_category: bool
    questions: list[QuestionRead]


_LINK_SQL = """
SELECT l.id, l.used, l.barometer, b.status, b.closes_at, b.title, b.year, b.introduction,
       b.ask_staff_category, b.organization, g.establishment, g.department
FROM qvt_barometer_link l
JOIN qvt_barometer b ON b.id = l.barometer
JOIN qvt_barometer_group g ON g.id = l."group"
WHERE l.token_digest = {}
"""


async def _link(code_text: str) -> dict[str, Any]:
    """The link a code opens; NotFound when forged, LinkGone when used, closed or expired."""
    code = rules.normalise_code(code_text)
    if code is None:
        raise NotFound("Ce lien n'existe pas. Vérifiez le code saisi.", code="link_unknown")
    rows = await get_engine().run_querystring(QueryString(_LINK_SQL, rules.code_digest(code)))
    if not rows:
        raise NotFound("Ce lien n'existe pas. Vérifiez le code saisi.", code="link_unknown")
    link = dict(rows[0])
    closes_at = link["closes_at"]
    if isinstance(closes_at, str):
        closes_at = datetime.fromisoformat(closes_at)
        link["closes_at"] = closes_at
    if link["status"] == "draft":
        raise LinkGone("Le questionnaire n'est pas encore ouvert. Réessayez plus tard.", code="barometer_not_open")
    if link["status"] == "closed" or (closes_at is not None and closes_at <= utcnow()):
        raise LinkGone("Le questionnaire est clos : il n'est plus possible d'y répondre.", code="barometer_closed")
    if link["used"]:
        raise LinkGone("Ce lien a déjà servi : chaque lien ne permet de répondre qu'une fois.", code="link_used")
    return link


async def answer_form(*, code: str) -> AnswerForm:
    link = await _link(code)
    names = await _establishment_names(link["organization"])
    return AnswerForm(
        title=link["title"],
        year=link["year"],
        introduction=link["introduction"],
        group_label=_place_label(names, link["establishment"], link["department"]),
        closes_at=link["closes_at"],
        ask_staff_category=bool(link["ask_staff_category"]),
        questions=[_question_read(q) for q in await _questions(link["barometer"])],
    )


async def submit_response(
    *, code: str, answers: Mapping[str, object], comments: Mapping[str, object], staff_category: object
) -> None:
    """Store one anonymous answer sheet and spend the link, in one transaction.

    Wrong answers (422) leave the link unused; a second use is refused (410) and the first answer stays.
    """
    async with transaction():
        link = await _link(code)
        questions = await _questions(link["barometer"])
        try:
            sheet = rules.validate_answer_sheet(
                answers=answers,
                comments=comments,
                staff_category=staff_category,
                questions={q["code"]: q["theme"] for q in questions},
                ask_staff_category=bool(link["ask_staff_category"]),
            )
        except rules.AnswerError as exc:
            raise InvalidInput("Certaines réponses sont invalides.", errors=exc.errors) from None
        spent = (
            await BarometerLink.update({BarometerLink.used: True})
            .where((BarometerLink.id == link["id"]) & (BarometerLink.used == False))  # noqa: E712
            .returning(BarometerLink.id)
        )
        if not spent:
            raise LinkGone("Ce lien a déjà servi : chaque lien ne permet de répondre qu'une fois.", code="link_used")
        # Rewrite every link of the campaign: none keeps this transaction's id alone (PostgreSQL xmin).
        await get_engine().run_querystring(
            QueryString("UPDATE qvt_barometer_link SET used = used WHERE barometer = {}", link["barometer"])
        )
        response = BarometerResponse(
            barometer=link["barometer"],
            establishment=link["establishment"],
            department=link["department"],
            staff_category=sheet.staff_category,
        )
        await response.save()
        ids = {q["code"]: q["id"] for q in questions}
        await BarometerAnswer.insert(
            *[
                BarometerAnswer(response=response.id, question=ids[code], value=value)
                for code, value in sheet.values.items()
            ]
        )
        if sheet.comments:
            await BarometerComment.insert(
                *[
                    BarometerComment(response=response.id, theme=theme, text=text)
                    for theme, text in sheet.comments.items()
                ]
            )


# ---------------------------------------------------------------- results


_JOIN = """
FROM qvt_barometer_answer a
JOIN qvt_barometer_response r ON r.id = a.response
JOIN qvt_barometer_question q ON q.id = a.question
WHERE r.barometer = {}
"""
_PLACE = "r.establishment, r.department, r.staff_category"
_PLACE_AS = "r.establishment AS est, r.department AS dept, r.staff_category AS cat"
#: The database sums the answers; Python only sees a few hundred cells (bench/barometer.py).
_COUNTS_SQL = (
    f"SELECT {_PLACE_AS}, q.theme AS theme, a.value AS value, COUNT(*) AS n {_JOIN} GROUP BY {_PLACE}, q.theme, a.value"
)
_THEME_RESPONDENTS_SQL = (
    f"SELECT {_PLACE_AS}, q.theme AS theme, COUNT(DISTINCT a.response) AS n {_JOIN} GROUP BY {_PLACE}, q.theme"
)
_RESPONDENTS_SQL = f"SELECT {_PLACE_AS}, COUNT(DISTINCT a.response) AS n {_JOIN} GROUP BY {_PLACE}"


def _place(establishment: int | None, department: str) -> str:
    """The key of a group of codes (and of its department cell): "12/Nuit", "-/" without establishment."""
    return f"{establishment if establishment is not None else '-'}/{department}"


_LINKS_SQL = """
SELECT g.establishment AS est, g.department AS dept, l.late AS late, l.used AS used, COUNT(*) AS n
FROM qvt_barometer_link l JOIN qvt_barometer_group g ON g.id = l."group"
WHERE l.barometer = {}
GROUP BY g.establishment, g.department, l.late, l.used
"""


def _group_label(group_by: GroupBy, key: str, names: Mapping[int, str]) -> str:
    if group_by is GroupBy.staff_category:
        return rules.STAFF_CATEGORIES.get(key, rules.UNKNOWN_GROUP)
    est_text, _, department = key.partition("/")
    establishment = None if est_text == "-" else int(est_text)
    if group_by is GroupBy.department and not department:
        department = WHOLE_ESTABLISHMENT
    return _place_label(names, establishment, department)


async def compute_results(
    *, barometer_id: int, group_by: GroupBy | None, min_group_size: int
) -> tuple[rules.BarometerResults, dict[str, int]]:
    """Aggregate a campaign in the database per department × staff category, then apply the anonymity rules
    of every breakdown at once (barometer_suppression.build_results).

    Also returns the codes created after opening per group of the breakdown (places only).
    """
    engine = get_engine()
    barometer = await Barometer.select(Barometer.ask_staff_category).where(Barometer.id == barometer_id).first()
    asked = bool(barometer and barometer["ask_staff_category"])

    def atom(r: Mapping[str, Any]) -> anonymity.Atom:
        return (_place(r["est"], r["dept"]), r["cat"] or rules.UNKNOWN_GROUP)

    counts = [
        (atom(r), r["theme"], int(r["value"]), int(r["n"]))
        for r in await engine.run_querystring(QueryString(_COUNTS_SQL, barometer_id))
    ]
    respondents: dict[tuple[anonymity.Atom, str], int] = defaultdict(int)
    for r in await engine.run_querystring(QueryString(_THEME_RESPONDENTS_SQL, barometer_id)):
        respondents[(atom(r), r["theme"])] += int(r["n"])
    sizes: dict[anonymity.Atom, int] = defaultdict(int)
    for r in await engine.run_querystring(QueryString(_RESPONDENTS_SQL, barometer_id)):
        sizes[atom(r)] += int(r["n"])
    groups = await BarometerGroup.select().where(BarometerGroup.barometer == barometer_id)
    invited_place = {_place(g["establishment"], g["department"]): int(g["invited"]) for g in groups}
    used: dict[str, int] = defaultdict(int)
    late_used: dict[str, int] = defaultdict(int)
    late_codes: dict[str, int] = defaultdict(int)
    for r in await engine.run_querystring(QueryString(_LINKS_SQL, barometer_id)):
        place, n = _place(r["est"], r["dept"]), int(r["n"])
        if r["used"]:
            used[place] += n
            if r["late"]:
                late_used[place] += n
        if r["late"]:
            late_codes[place] += n
    places = tuple(sorted(set(invited_place) | {p for p, _ in sizes}))
    observed = {c for _, c in sizes}
    categories = tuple(
        dict.fromkeys([*(rules.STAFF_CATEGORIES if asked else ()), rules.UNKNOWN_GROUP, *sorted(observed)])
    )
    layout = anonymity.Layout(places=places, categories=categories)
    withheld: dict[anonymity.Cell, rules.WithheldReason] = {
        (anonymity.DEPARTMENT, place): "late_codes"
        for place in places
        if anonymity.late_codes_withheld(used=used[place], late_used=late_used[place], min_group_size=min_group_size)
    }
    cells = layout.cells()
    invited: dict[anonymity.Cell, int] = {}
    for cell, atoms in cells.items():
        if cell[0] != anonymity.STAFF_CATEGORY:
            invited[cell] = sum(invited_place.get(p, 0) for p in {a[0] for a in atoms})
    # Answers imported without links (or a group whose links were removed) give no participation rate.
    consistent = all(invited[c] >= sum(sizes.get(a, 0) for a in cells[c]) for c in invited)
    themes = [q["theme"] for q in await _questions(barometer_id)]
    results = anonymity.build_results(
        counts,
        respondents,
        sizes,
        layout,
        themes=themes,
        group_by=group_by.value if group_by is not None else None,
        min_group_size=min_group_size,
        withheld=withheld,
        invited=invited if consistent else None,
    )
    late: dict[str, int] = defaultdict(int)
    if group_by in (GroupBy.establishment, GroupBy.department):
        for place, n in late_codes.items():
            late[anonymity.establishment_of(place) if group_by is GroupBy.establishment else place] += n
    return results, dict(late)


def _theme_order(theme: str) -> tuple[int, str]:
    order = list(rules.THEMES)
    return (order.index(theme) if theme in order else len(order), theme)


def _group_result_read(
    group: rules.GroupResult, *, label: str, results: rules.BarometerResults, late_codes: int | None = None
) -> GroupResultRead:
    themes = sorted(group.themes, key=lambda t: _theme_order(t.theme))
    return GroupResultRead(
        group=group.group,
        label=label,
        respondents=group.respondents,
        participation=group.participation,
        withheld=group.withheld,
        withheld_reason=results.withheld_text(group.withheld) if group.withheld else None,
        late_codes=late_codes,
        themes=[
            ThemeResult(
                theme=t.theme,
                label=rules.THEMES.get(t.theme, t.theme),
                respondents=t.n,
                answers=t.answers,
                mean=round(t.mean, 3) if t.mean is not None else None,
                distribution=list(t.distribution) if t.distribution is not None else None,
                withheld=t.withheld,
                withheld_reason=results.withheld_text(t.withheld) if t.withheld else None,
            )
            for t in themes
        ],
    )


async def _previous(row: Mapping[str, Any]) -> dict[str, Any] | None:
    previous = (
        await Barometer.select()
        .where(
            (Barometer.organization == row["organization"])
            & (Barometer.year < row["year"])
            & (Barometer.status == "closed")
        )
        .order_by(Barometer.year, ascending=False)
        .order_by(Barometer.id, ascending=False)
        .first()
    )
    return dict(previous) if previous else None


async def _comments(barometer_id: int) -> list[CommentRead]:
    """Free text without any group, shuffled anew on every reading: neither who nor when can be read in it."""
    rows = await get_engine().run_querystring(
        QueryString(
            "SELECT c.theme, c.text FROM qvt_barometer_comment c "
            "JOIN qvt_barometer_response r ON r.id = c.response WHERE r.barometer = {}",
            barometer_id,
        )
    )
    items = [
        CommentRead(theme=r["theme"], label=rules.THEMES.get(r["theme"], "Commentaire général"), text=r["text"])
        for r in rows
    ]
    secrets.SystemRandom().shuffle(items)
    return items


async def barometer_results(*, actor: Actor, barometer_id: int, group_by: GroupBy) -> BarometerResultsRead:
    """Per theme, overall and per group, with participation, last year's comparison, alerts and comments."""
    row = await _barometer_row(actor, barometer_id)
    access = await steering_access(actor=actor, body_id=row["body"])
    _require_steering_member(access)
    row = await _settle(row)
    if row["status"] != "closed":
        raise InvalidState(
            "Les résultats sont publiés à la clôture du baromètre : les suivre pendant la collecte "
            "permettrait de deviner chaque nouvelle réponse.",
            code="barometer_not_closed",
        )
    min_size = row["min_group_size"]
    results, late = await compute_results(barometer_id=barometer_id, group_by=group_by, min_group_size=min_size)
    names = await _establishment_names(row["organization"])
    invited, respondents = await _counts(barometer_id)
    previous_row = await _previous(row)
    previous_overall = None
    if previous_row is not None:
        previous_results, _ = await compute_results(
            barometer_id=previous_row["id"], group_by=None, min_group_size=max(min_size, previous_row["min_group_size"])
        )
        previous_overall = previous_results.overall
    deltas = rules.compare(results.overall, previous_overall) if previous_overall is not None else ()
    found = rules.alerts(results.overall, previous_overall, labels=rules.THEMES)
    comments = await _comments(barometer_id) if not results.overall.is_withheld else []
    places = group_by in (GroupBy.establishment, GroupBy.department)
    overall_hidden = results.overall.is_withheld
    return BarometerResultsRead(
        barometer_id=barometer_id,
        title=row["title"],
        year=row["year"],
        group_by=group_by,
        min_group_size=min_size,
        scale={"low": results.scale.low, "high": results.scale.high},
        invited=invited,
        respondents=None if overall_hidden else respondents,
        participation=None if overall_hidden else _rate(respondents, invited),
        late_codes=await _late_codes(barometer_id),
        overall=_group_result_read(results.overall, label=OVERALL_LABEL, results=results),
        groups=[
            _group_result_read(
                g,
                label=_group_label(group_by, g.group or "", names),
                results=results,
                late_codes=late.get(g.group or "", 0) if places else None,
            )
            for g in sorted(results.groups, key=lambda g: _group_label(group_by, g.group or "", names))
        ],
        previous_barometer_id=previous_row["id"] if previous_row else None,
        previous_year=previous_row["year"] if previous_row else None,
        comparison=[
            ThemeDeltaRead(
                theme=d.theme,
                label=rules.THEMES.get(d.theme, d.theme),
                current=round(d.current, 3) if d.current is not None else None,
                previous=round(d.previous, 3) if d.previous is not None else None,
                delta=round(d.delta, 3) if d.delta is not None else None,
            )
            for d in sorted(deltas, key=lambda d: _theme_order(d.theme))
        ],
        alerts=[
            AlertRead(
                kind=a.kind,
                theme=a.theme,
                label=rules.THEMES.get(a.theme, a.theme),
                mean=round(a.mean, 3),
                delta=round(a.delta, 3) if a.delta is not None else None,
                message=a.message,
            )
            for a in found
        ],
        comments=comments,
        notice=RESULTS_NOTICE.format(min=min_size),
    )


# ---------------------------------------------------------------- indicators


async def qvt_indicators(*, organization_id: int, from_date: date, to_date: date) -> QvtIndicators:
    """Barometer participation and scores, and the action plan's progress, for the indicators module.

    The barometer is the latest campaign closed within the period; the action plan counts the actions
    created up to the period's end. The caller (indicators module) checks the reader's access.
    """
    closed = await Barometer.select().where(
        (Barometer.organization == organization_id) & (Barometer.status == "closed")
    )
    in_period = [b for b in closed if b["closed_at"] is not None and from_date <= b["closed_at"].date() <= to_date]
    latest = max(in_period, key=lambda b: (b["closed_at"], b["id"]), default=None)
    participation_rate: float | None = None
    overall_score: float | None = None
    theme_scores: dict[str, float | None] = {}
    if latest is not None:
        invited, respondents = await _counts(latest["id"])
        results, _ = await compute_results(
            barometer_id=latest["id"], group_by=None, min_group_size=latest["min_group_size"]
        )
        if not results.overall.is_withheld:
            participation_rate = _rate(respondents, invited)
            means = [t.mean for t in results.overall.themes if t.mean is not None]
            overall_score = round(sum(means) / len(means), 3) if means else None
        theme_scores = {
            t.theme: round(t.mean, 3) if t.mean is not None else None
            for t in sorted(results.overall.themes, key=lambda t: _theme_order(t.theme))
        }
    rows = (
        await QvtActionProposal.select(
            QvtActionProposal.status, QvtActionProposal.milestones, QvtActionProposal.created_at
        )
        .where(QvtActionProposal.organization == organization_id)
        .output(load_json=True)
    )
    actions = [a for a in rows if a["created_at"].date() <= to_date]
    milestones: list[tuple[date | None, date | None]] = []
    for action in actions:
        for milestone in action["milestones"] or []:
            due = milestone.get("due_on")
            done = milestone.get("done_on")
            milestones.append((date.fromisoformat(due) if due else None, date.fromisoformat(done) if done else None))
    progress = rules.plan_progress((a["status"] for a in actions), milestones, today=min(to_date, local_today()))
    return QvtIndicators(
        organization_id=organization_id,
        from_date=from_date,
        to_date=to_date,
        barometer_id=latest["id"] if latest else None,
        barometer_year=latest["year"] if latest else None,
        participation=participation_rate,
        overall_score=overall_score,
        theme_scores=theme_scores,
        actions_by_status=dict(progress.by_status),
        actions_adopted=progress.adopted_total,
        actions_evaluated=progress.completed,
        action_plan_progress=progress.progress,
        milestones_total=progress.milestones_total,
        milestones_done=progress.milestones_done,
        milestones_late=progress.milestones_late,
    )
