"""Factories: each test builds the organisation, people, bodies and records it needs, through the services.

Every factory calls the same service functions as the app and the demo (with an admin or director Actor), takes
keyword arguments with defaults, gives unique names (a counter) and returns read schemas or ids. A test states
what it needs: `org = await make_organization()`, `cse = await make_body(org, titulaires=3)`,
`meeting = await make_meeting(cse, starts_at=...)`; nothing depends on the demo's data or on today's date.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dialogue.auth import service as auth_service
from dialogue.auth.security import issue_token
from dialogue.auth.tables import User
from dialogue.bodies import service as bodies_service
from dialogue.bodies.schemas import BodyCreate, BodyKind, BodyRead, College, MemberCreate, MemberRead, Role
from dialogue.bodies.tables import Member
from dialogue.consultations import service as consultations_service
from dialogue.consultations.schemas import ConsultationCreate, ConsultationRead
from dialogue.core.actor import Actor
from dialogue.core.clock import system_now
from dialogue.meetings.schemas import (
    AgendaItemCreate,
    AttendanceEntry,
    AttendanceUpdate,
    ConveneRequest,
    MeetingCreate,
    MeetingRead,
    MinutesCreate,
    MinutesRead,
    VoteCreate,
)
from dialogue.meetings.service import agenda, meetings, minutes, minutes_adoption, session
from dialogue.negotiations import service as negotiations_service
from dialogue.negotiations.schemas import NegotiationCreate, NegotiationRead, Topic
from dialogue.organizations import service as organizations_service
from dialogue.organizations.schemas import EstablishmentCreate, OrganizationUpdate
from dialogue.qvt import barometer as barometer_service
from dialogue.qvt import service as qvt_service
from dialogue.qvt.schemas import (
    ActionProposalCreate,
    ActionProposalRead,
    BarometerCreate,
    BarometerRead,
    DecisionInput,
    EvaluationInput,
    InvitationGroup,
    InvitationsCreate,
    Milestone,
    StartInput,
)
from dialogue.registers import service as registers_service
from dialogue.registers.rules import RegisterKind
from dialogue.registers.schemas import EntryCreate, EntryRead, RegisterCreate, RegisterRead
from tests.helpers.clock import FrozenClock
from tests.helpers.keys import TEST_CHAIN_KEY

PASSWORD = "factory-password"
#: A 4-year mandate (L2314-33) wide enough for any date a test travels to.
WIDE_MANDATE = (date(2015, 1, 1), date(2035, 12, 31))

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    """`prefix-<n>`: names and emails never collide between factories, tests or the demo."""
    return f"{prefix}-{next(_counter)}"


@dataclass(frozen=True)
class Person:
    """A user account and the Actor that acts as them."""

    id: int
    email: str
    full_name: str
    organization_id: int

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.id, organization_id=self.organization_id)


@dataclass(frozen=True)
class Org:
    """An organisation, its administrator and one establishment."""

    id: int
    name: str
    admin: Person
    establishment_id: int


@dataclass
class BodyWorld:
    """A body and the people seated in it, by role."""

    org: Org
    body: BodyRead
    president: Person | None = None
    secretary: Person | None = None
    titulaires: list[Person] = field(default_factory=list)
    substitutes: list[Person] = field(default_factory=list)
    others: list[Person] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.body.id

    @property
    def members(self) -> list[Person]:
        """Everyone seated, president first."""
        head = [p for p in (self.president, self.secretary) if p is not None]
        return [*head, *self.titulaires, *self.substitutes, *self.others]


async def make_user(org: Org | int, *, full_name: str | None = None, admin: bool = False) -> Person:
    """An account of the organisation (with the factory password), through `auth.create_user`."""
    organization_id = org if isinstance(org, int) else org.id
    name = full_name or unique("Personne")
    email = f"{unique('user')}@factory.example"
    user_id = await auth_service.create_user(
        email=email, full_name=name, password=PASSWORD, organization_id=organization_id, is_org_admin=admin, cost="fast"
    )
    return Person(id=user_id, email=email, full_name=name, organization_id=organization_id)


async def make_organization(
    *,
    name: str | None = None,
    headcount: int = 120,
    non_profit_essms: bool = True,
    establishment_headcount: int | None = None,
    worked_holidays: tuple[str, ...] = (),
) -> Org:
    """An organisation created with its administrator (as `dialogue createuser` does), and one establishment."""
    org_name = name or unique("Association")
    email = f"{unique('admin')}@factory.example"
    admin_id = await auth_service.create_user(
        email=email,
        full_name="Admin " + org_name,
        password=PASSWORD,
        organization_name=org_name,
        headcount=headcount,
        is_org_admin=True,
        cost="fast",
    )
    row = await User.select(User.organization).where(User.id == admin_id).first()
    assert row is not None
    organization_id = int(row["organization"])
    admin = Person(id=admin_id, email=email, full_name="Admin " + org_name, organization_id=organization_id)
    await organizations_service.update_organization(
        actor=admin.actor, organization_id=organization_id, data=OrganizationUpdate(non_profit_essms=non_profit_essms)
    )
    establishment = await organizations_service.create_establishment(
        actor=admin.actor,
        organization_id=organization_id,
        data=EstablishmentCreate(
            name=unique("Établissement"),
            headcount=establishment_headcount or headcount,
            worked_holidays=list(worked_holidays),
        ),
    )
    return Org(id=organization_id, name=org_name, admin=admin, establishment_id=establishment.id)


async def add_member(
    world: BodyWorld,
    *,
    role: Role | str,
    college: College | str = College.elus,
    person: Person | None = None,
    union_name: str | None = None,
    substitute_for: int | None = None,
    mandate: tuple[date, date] | None = WIDE_MANDATE,
) -> tuple[Person, MemberRead]:
    """Seat a person (a new account unless given) in the body, through `bodies.add_member` as the admin."""
    person = person or await make_user(world.org)
    college = College(college)
    dates = mandate if college is College.elus else None
    member = await bodies_service.add_member(
        actor=world.org.admin.actor,
        body_id=world.id,
        data=MemberCreate(
            user_id=person.id,
            college=college,
            role=Role(role),
            union_name=union_name,
            substitute_for=substitute_for,
            mandate_start=dates[0] if dates else None,
            mandate_end=dates[1] if dates else None,
        ),
    )
    return person, member


async def make_body(
    org: Org,
    *,
    kind: BodyKind | str = BodyKind.cse,
    name: str | None = None,
    mandate: tuple[date, date] = WIDE_MANDATE,
    headcount_at_election: int | None = None,
    in_establishment: bool = False,
    president: bool = True,
    secretary: bool = True,
    titulaires: int = 2,
    substitutes: int = 0,
    union: str = "CFDT",
) -> BodyWorld:
    """A body whose mandate covers `mandate` (a CSE's is statutory: L2314-33), with a president from the
    direction, a secretary, `titulaires` more élus titulaires and `substitutes` suppléants (one per titulaire)."""
    kind = BodyKind(kind)
    statutory = kind in {BodyKind.cse, BodyKind.cse_central}
    body = await bodies_service.create_body(
        actor=org.admin.actor,
        organization_id=org.id,
        data=BodyCreate(
            name=name or unique(f"Instance {kind.value}"),
            kind=kind,
            establishment_id=org.establishment_id if in_establishment else None,
            headcount_at_election=(headcount_at_election or 120) if statutory else headcount_at_election,
            mandate_start=mandate[0] if statutory else None,
            mandate_end=mandate[1] if statutory else None,
        ),
    )
    world = BodyWorld(org=org, body=body)
    if president:
        world.president, _ = await add_member(world, role=Role.president, college=College.direction)
    if secretary:
        world.secretary, _ = await add_member(world, role=Role.secretary, union_name=union, mandate=mandate)
    titular_members: list[int] = []
    for _ in range(titulaires):
        person, member = await add_member(world, role=Role.titular, union_name=union, mandate=mandate)
        world.titulaires.append(person)
        titular_members.append(member.id)
    for titular in titular_members[:substitutes]:
        person, _ = await add_member(
            world, role=Role.substitute, union_name=union, substitute_for=titular, mandate=mandate
        )
        world.substitutes.append(person)
    return world


async def make_meeting(
    world: BodyWorld,
    *,
    starts_at: datetime,
    hours: int = 3,
    title: str | None = None,
    items: tuple[str, ...] = ("Effectifs",),
    actor: Actor | None = None,
) -> MeetingRead:
    """A meeting of the body with information items on its agenda, created by the secretary."""
    author = actor or _secretary_of(world)
    meeting = await meetings.create_meeting(
        actor=author,
        body_id=world.id,
        data=MeetingCreate(
            title=title or unique("Réunion"), starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours)
        ),
        default_timezone="Europe/Paris",
    )
    for item in items:
        await agenda.add_item(
            actor=author, meeting_id=meeting.id, data=AgendaItemCreate(title=item, kind="information")
        )
    return meeting


async def make_held_meeting(
    world: BodyWorld, clock: FrozenClock, *, starts_at: datetime, item: AgendaItemCreate | None = None
) -> tuple[MeetingRead, int]:
    """A meeting with one item (`item`, else an information item), agreed by secretary and president, convened,
    then on its day (the clock moves to `starts_at`) every seated titulaire present and the meeting held.
    Returns the meeting and its item's id."""
    assert world.president is not None
    author, director = _secretary_of(world), world.president.actor
    meeting = await make_meeting(world, starts_at=starts_at, items=(), actor=author)
    added = await agenda.add_item(
        actor=author, meeting_id=meeting.id, data=item or AgendaItemCreate(title="Effectifs", kind="information")
    )
    for approver in (author, director):
        await agenda.approve(actor=approver, meeting_id=meeting.id)
    late = ConveneRequest(acknowledge_late=True, late_reason="réunion de test")
    await meetings.convene(actor=author, meeting_id=meeting.id, data=late)
    clock.set(starts_at)
    seated = await Member.select(Member.id, Member.role).where(Member.body == world.id)
    entries = [
        AttendanceEntry(member_id=m["id"], status="absent" if m["role"] == Role.substitute else "present")
        for m in seated
    ]
    await session.record_attendance(actor=author, meeting_id=meeting.id, data=AttendanceUpdate(entries=entries))
    return await meetings.hold(actor=author, meeting_id=meeting.id), added.id


async def make_published_minutes(world: BodyWorld, clock: FrozenClock, *, held_at: datetime) -> MinutesRead:
    """Minutes published as L2315-35 asks: a meeting held at `held_at`, its minutes drafted and submitted, adopted
    by a vote of the next meeting (a week later, the clock moved there), then published by the secretary."""
    author = _secretary_of(world)
    held, _ = await make_held_meeting(world, clock, starts_at=held_at)
    await minutes.create_minutes(actor=author, meeting_id=held.id, data=MinutesCreate(), chain_key=TEST_CHAIN_KEY)
    await minutes_adoption.submit_minutes(actor=author, meeting_id=held.id, chain_key=TEST_CHAIN_KEY)
    adoption = AgendaItemCreate(title="Adoption du procès-verbal", kind="vote", minutes_of_meeting_id=held.id)
    _, item_id = await make_held_meeting(world, clock, starts_at=held_at + timedelta(days=7), item=adoption)
    voters = 1 + len(world.titulaires) if world.secretary is not None else len(world.titulaires)
    question = VoteCreate(question="Le procès-verbal est-il adopté ?", votes_for=voters)
    await session.record_vote(actor=author, item_id=item_id, data=question, chain_key=TEST_CHAIN_KEY)
    return await minutes_adoption.publish_minutes(actor=author, meeting_id=held.id, chain_key=TEST_CHAIN_KEY)


async def make_register(
    world: BodyWorld, *, kind: RegisterKind = RegisterKind.QUESTIONS, title: str | None = None
) -> RegisterRead:
    """A register of the body, opened by its secretary."""
    return await registers_service.create_register(
        actor=_secretary_of(world),
        body_id=world.id,
        data=RegisterCreate(kind=kind, title=title),
        chain_key=TEST_CHAIN_KEY,
    )


async def make_entry(
    world: BodyWorld,
    register: RegisterRead,
    *,
    subject: str | None = None,
    fields: dict[str, Any] | None = None,
    author: Person | None = None,
    corrects: int | None = None,
) -> EntryRead:
    """An entry submitted to a register (a question for a meeting in a week by default)."""
    person = author or world.secretary or world.titulaires[0]
    if fields is None and register.kind is RegisterKind.QUESTIONS:
        meeting_on = (system_now() + timedelta(days=7)).date().isoformat()
        fields = {"question": unique("Question"), "meeting_on": meeting_on}
    return await registers_service.submit_entry(
        actor=person.actor,
        register_id=register.id,
        data=EntryCreate(subject=subject or unique("Objet"), fields=fields or {}, corrects=corrects),
        chain_key=TEST_CHAIN_KEY,
    )


async def make_consultation(
    world: BodyWorld, *, informed_on: date, subject: str | None = None, kind: str = "ponctual"
) -> ConsultationRead:
    """A consultation of the body, opened by its secretary."""
    return await consultations_service.open_consultation(
        actor=_secretary_of(world),
        body_id=world.id,
        data=ConsultationCreate(subject=subject or unique("Consultation"), kind=kind, informed_on=informed_on),
    )


async def make_negotiation_table(org: Org, *, delegates: tuple[str, ...] = ("CGT",)) -> BodyWorld:
    """The organisation's negotiation table: a director presiding, one union delegate per union named."""
    world = await make_body(org, kind=BodyKind.negotiation_table, secretary=False, titulaires=0)
    for union in delegates:
        person, _ = await add_member(world, role=Role.union_representative, union_name=union)
        world.others.append(person)
    return world


async def make_negotiation(
    table: BodyWorld,
    *,
    topic: Topic = Topic.remuneration,
    planned_on: date | None = None,
    opened_on: date | None = None,
    title: str | None = None,
) -> NegotiationRead:
    """A negotiation at the table, planned (or opened with `opened_on`) by the director presiding it."""
    assert table.president is not None
    return await negotiations_service.create_negotiation(
        actor=table.president.actor,
        organization_id=table.org.id,
        data=NegotiationCreate(
            topic=topic,
            title=title or unique("Négociation"),
            table_body_id=table.id,
            planned_on=planned_on,
            opened_on=opened_on,
        ),
    )


async def make_barometer(steering: BodyWorld, *, year: int, title: str | None = None) -> BarometerRead:
    """A draft QVT barometer of the steering committee's organisation, set up by its director."""
    assert steering.president is not None
    return await barometer_service.create_barometer(
        actor=steering.president.actor,
        organization_id=steering.org.id,
        data=BarometerCreate(title=title or unique("Baromètre"), year=year, body_id=steering.id),
    )


async def make_closed_barometer(
    steering: BodyWorld,
    *,
    year: int,
    groups: tuple[tuple[str, int, int], ...] = (("Hébergement", 6, 5),),
    values: dict[str, int] | None = None,
    default: int = 3,
) -> BarometerRead:
    """A barometer of `year` opened with printed codes per `(department, codes, answers)` group, answered that many
    times (every question of a theme given `values[theme]`, else `default`), then closed by the director."""
    barometer = await make_barometer(steering, year=year)
    assert steering.president is not None
    director = steering.president.actor
    invitations = await barometer_service.create_invitations(
        actor=director,
        barometer_id=barometer.id,
        data=InvitationsCreate(groups=[InvitationGroup(department=name, count=codes) for name, codes, _ in groups]),
        base_url="http://testserver",
    )
    await barometer_service.open_barometer(actor=director, barometer_id=barometer.id)
    sheet = {q.code: (values or {}).get(q.theme, default) for q in barometer.questions}
    codes = iter(c.code for c in invitations.codes)
    for _, invited, answered in groups:
        group_codes = [next(codes) for _ in range(invited)]
        for code in group_codes[:answered]:
            await barometer_service.submit_response(code=code, answers=sheet, comments={}, staff_category=None)
    return await barometer_service.close_barometer(actor=director, barometer_id=barometer.id)


async def make_action(
    steering: BodyWorld, *, status: str = "proposed", milestones: tuple[Milestone, ...] = ()
) -> ActionProposalRead:
    """A QVT action proposed by the steering committee's secretary, then taken by its director to `status`
    (proposed, adopted, in_progress or evaluated)."""
    assert steering.president is not None
    director = steering.president.actor
    action = await qvt_service.create_action_proposal(
        actor=_secretary_of(steering),
        body_id=steering.id,
        data=ActionProposalCreate(
            title=unique("Action"),
            problem="Constat.",
            proposal="Proposition.",
            success_conditions="Conditions.",
            calendar="Calendrier.",
            evaluation_criteria="Critères.",
            milestones=list(milestones),
            owner_id=steering.president.id,
        ),
    )
    steps = ("adopted", "in_progress", "evaluated")
    reached = steps[: steps.index(status) + 1] if status in steps else ()
    if "adopted" in reached:
        action = await qvt_service.adopt_action(actor=director, action_id=action.id, data=DecisionInput())
    if "in_progress" in reached:
        action = await qvt_service.start_action(actor=director, action_id=action.id, data=StartInput())
    if "evaluated" in reached:
        done = EvaluationInput(summary="Fait.", results="Résultats.", criteria_met=True)
        action = await qvt_service.evaluate_action(actor=director, action_id=action.id, data=done)
    return action


def bearer_headers(person: Person, *, secret: str, ttl: int = 3600) -> dict[str, str]:
    """Authorization headers for `person`, signed on the machine's clock (tokens expire by it, even when a
    test froze time)."""
    token = issue_token(
        user_id=person.id, organization_id=person.organization_id, secret=secret, now=system_now(), ttl=ttl
    )
    return {"Authorization": f"Bearer {token}"}


def _secretary_of(world: BodyWorld) -> Actor:
    person = world.secretary or (world.titulaires[0] if world.titulaires else world.president)
    assert person is not None, "the body has nobody to act"
    return person.actor
