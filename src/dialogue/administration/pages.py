"""The organisation's administration, in pages: the organisation, its establishments, its bodies and their
members (mandates, college, union list, professional category and votes at the election, which order the
suppléants called to replace a titulaire, L2314-37), the accounts (invite by mail, resend, deactivate) and the
audit trail in words. Organisation admins only (403 for the organisation's other people, 404 for any other
organisation's items); the same services as the API."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.accounts import service as accounts_service
from dialogue.accounts.schemas import InvitationCreate
from dialogue.administration.journal import describe
from dialogue.audit import service as audit
from dialogue.auth import service as auth_service
from dialogue.bodies import service as bodies_service
from dialogue.bodies.schemas import (
    COLLEGE_LABELS,
    ROLE_LABELS,
    TITULAR_ROLES,
    BodyCreate,
    BodyKind,
    BodyRead,
    College,
    MemberCreate,
    MemberRead,
    MemberUpdate,
    ProfessionalCategory,
    Role,
)
from dialogue.core.actor import Actor
from dialogue.organizations import service as organizations_service
from dialogue.organizations.schemas import EstablishmentCreate, OrganizationUpdate
from dialogue.pages.controllers import render
from dialogue.pages.forms import (
    FormState,
    Refused,
    Visit,
    checked,
    page_visit,
    post_form,
    read_form,
    see_other,
    text_or_none,
)
from dialogue.pages.registry import HomeContext, HomeSection, TodoItem
from dialogue.settings import Settings

#: Audit events per page of the journal.
JOURNAL_PAGE: Final = 50

CATEGORY_LABELS: Final = {
    "ouvriers_employes": "Ouvriers et employés",
    "techniciens_agents_maitrise": "Techniciens et agents de maîtrise",
    "cadres": "Cadres",
}
LABELS: Final = {
    "name": "Nom",
    "headcount": "Effectif",
    "fifty_reached_on": "Date à laquelle l'effectif a atteint 50 salariés",
    "cpom_signed_on": "Date de signature du CPOM",
    "kind": "Nature de l'instance",
    "establishment_id": "Établissement",
    "mandate_start": "Début du mandat",
    "mandate_end": "Fin du mandat",
    "headcount_at_election": "Effectif à l'élection",
    "user_id": "Compte",
    "email": "Adresse électronique",
    "full_name": "Nom et prénom",
    "college": "Collège",
    "role": "Rôle",
    "union_name": "Liste syndicale",
    "electoral_college": "Collège électoral",
    "category": "Catégorie professionnelle",
    "votes_obtained": "Voix obtenues à l'élection",
    "substitute_for": "Suppléant de",
}
DONE: Final = {
    "organisation": "L'organisation est enregistrée.",
    "etablissement": "L'établissement est créé.",
    "instance": "L'instance est créée.",
    "membre": "Le membre est enregistré.",
    "retire": "Le membre est retiré de l'instance.",
    "invite": "L'invitation est envoyée : la personne reçoit un lien pour choisir son mot de passe.",
    "renvoye": "L'invitation est renvoyée ; le lien précédent ne fonctionne plus.",
    "desactive": "Le compte est désactivé : ses sessions ont pris fin.",
    "reactive": "Le compte est réactivé.",
}
MEMBER_FIELDS: Final = (
    "college",
    "role",
    "union_name",
    "electoral_college",
    "category",
    "votes_obtained",
    "substitute_for",
    "mandate_start",
    "mandate_end",
)


async def _admin(request: Request[Any, Any, Any]) -> Visit:
    """The visit of an organisation admin (403 for the organisation's other people)."""
    visit = await page_visit(request)
    await organizations_service.require_org_admin(actor=visit.actor, organization_id=visit.actor.organization_id)
    return visit


def _render(visit: Visit, name: str, status: int = 200, **context: Any) -> Template:
    page = render(
        visit.request,
        f"administration/{name}",
        visit.env,
        status_code=status,
        labels=LABELS,
        category_labels=CATEGORY_LABELS,
        **context,
    )
    page.headers["Cache-Control"] = "no-store"
    return page


def _payload(posted: dict[str, str], names: tuple[str, ...]) -> dict[str, Any]:
    """The non-empty fields among `names` (an empty input means « not given »)."""
    return {name: value for name in names if (value := text_or_none(posted.get(name))) is not None}


def _done(fait: str | None) -> str | None:
    return DONE.get(fait or "")


async def administration_home(context: HomeContext) -> HomeSection | None:
    """An organisation admin's home page: the administration's entry points (an admin often sits nowhere)."""
    if not context.me.is_org_admin:
        return None
    return HomeSection(
        "Administration",
        "",
        [
            TodoItem("Organisation et établissements", "/administration/organisation"),
            TodoItem("Instances et membres", "/administration/instances"),
            TodoItem("Comptes et invitations", "/administration/comptes"),
            TodoItem("Journal d'audit", "/administration/journal"),
        ],
    )


class AdministrationPagesController(Controller):
    path = "/administration"
    tags = ["pages"]
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        visit = await _admin(request)
        org_id = visit.actor.organization_id
        organization = await organizations_service.get_organization(actor=visit.actor, organization_id=org_id)
        establishments = await organizations_service.list_establishments(actor=visit.actor, organization_id=org_id)
        bodies, _ = await bodies_service.list_bodies(actor=visit.actor, organization_id=org_id, limit=500, offset=0)
        accounts = await auth_service.accounts_of(organization_id=org_id)
        return _render(
            visit,
            "home.html.j2",
            organization=organization,
            counts={
                "establishments": len(establishments),
                "bodies": len(bodies),
                "accounts": len(accounts),
                "pending": sum(1 for a in accounts if a.is_active and not a.has_password),
            },
        )

    # ------------------------------------------------------------ organisation and establishments

    async def _organization_page(
        self, visit: Visit, *, form: FormState | None = None, est_form: FormState | None = None, status: int = 200
    ) -> Template:
        org_id = visit.actor.organization_id
        organization = await organizations_service.get_organization(actor=visit.actor, organization_id=org_id)
        establishments = await organizations_service.list_establishments(actor=visit.actor, organization_id=org_id)
        settings: Settings = visit.request.app.state.settings
        values = organization.model_dump()
        return _render(
            visit,
            "organization.html.j2",
            status,
            organization=organization,
            establishments=establishments,
            zone=settings.timezone,
            form=form or FormState(values),
            est_form=est_form or FormState(),
            done=_done(visit.request.query_params.get("fait")),
        )

    @get("/organisation")
    async def organization(self, request: Request[Any, Any, Any]) -> Template:
        return await self._organization_page(await _admin(request))

    @post("/organisation")
    async def update_organization(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await _admin(request)
        posted = await read_form(request)
        payload: dict[str, Any] = _payload(posted, ("name", "headcount", "fifty_reached_on"))
        payload["alsace_moselle"] = checked(posted.get("alsace_moselle"))
        payload["non_profit_essms"] = checked(posted.get("non_profit_essms"))

        async def again(refused: Refused) -> Template:
            return await self._organization_page(visit, form=refused.state, status=refused.status)

        return await post_form(
            OrganizationUpdate,
            payload,
            lambda data: organizations_service.update_organization(
                actor=visit.actor, organization_id=visit.actor.organization_id, data=data
            ),
            posted=posted,
            again=again,
            then="/administration/organisation?fait=organisation",
        )

    @post("/etablissements")
    async def create_establishment(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await _admin(request)
        posted = await read_form(request)
        payload: dict[str, Any] = _payload(posted, ("name", "headcount", "cpom_signed_on"))
        payload["alsace_moselle"] = checked(posted.get("alsace_moselle"))
        payload["cpom"] = checked(posted.get("cpom"))

        async def again(refused: Refused) -> Template:
            return await self._organization_page(visit, est_form=refused.state, status=refused.status)

        return await post_form(
            EstablishmentCreate,
            payload,
            lambda data: organizations_service.create_establishment(
                actor=visit.actor, organization_id=visit.actor.organization_id, data=data
            ),
            posted=posted,
            again=again,
            then="/administration/organisation?fait=etablissement#etablissements",
        )

    # ------------------------------------------------------------ bodies and members

    async def _bodies_page(self, visit: Visit, *, form: FormState | None = None, status: int = 200) -> Template:
        org_id = visit.actor.organization_id
        bodies, _ = await bodies_service.list_bodies(actor=visit.actor, organization_id=org_id, limit=500, offset=0)
        establishments = await organizations_service.list_establishments(actor=visit.actor, organization_id=org_id)
        sizes = {b.id: len(await bodies_service.list_members(actor=visit.actor, body_id=b.id)) for b in bodies}
        return _render(
            visit,
            "bodies.html.j2",
            status,
            bodies=bodies,
            sizes=sizes,
            establishments={e.id: e.name for e in establishments},
            kinds=[k.value for k in BodyKind],
            form=form or FormState(),
            done=_done(visit.request.query_params.get("fait")),
        )

    @get("/instances")
    async def bodies(self, request: Request[Any, Any, Any]) -> Template:
        return await self._bodies_page(await _admin(request))

    @post("/instances")
    async def create_body(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await _admin(request)
        posted = await read_form(request)
        names = ("name", "kind", "establishment_id", "mandate_start", "mandate_end", "headcount_at_election")

        async def again(refused: Refused) -> Template:
            return await self._bodies_page(visit, form=refused.state, status=refused.status)

        async def act(data: BodyCreate) -> BodyRead:
            return await bodies_service.create_body(
                actor=visit.actor, organization_id=visit.actor.organization_id, data=data
            )

        return await post_form(
            BodyCreate,
            _payload(posted, names),
            act,
            posted=posted,
            again=again,
            then=lambda body: f"/administration/instances/{body.id}?fait=instance",
        )

    async def _members_page(
        self, visit: Visit, body_id: int, *, form: FormState | None = None, status: int = 200
    ) -> Template:
        body = await bodies_service.get_body(actor=visit.actor, body_id=body_id)
        members = await bodies_service.list_members(actor=visit.actor, body_id=body_id)
        accounts = await auth_service.accounts_of(organization_id=visit.actor.organization_id)
        return _render(
            visit,
            "members.html.j2",
            status,
            body=body,
            members=members,
            names={m.id: m.full_name for m in members},
            accounts=[a for a in accounts if a.is_active and a.id != visit.actor.user_id],
            choices=_choices(members),
            form=form or FormState({"college": "elus", "role": "titular"}),
            done=_done(visit.request.query_params.get("fait")),
        )

    @get("/instances/{body_id:int}")
    async def members(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        return await self._members_page(await _admin(request), body_id)

    @post("/instances/{body_id:int}")
    async def add_member(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        visit = await _admin(request)
        posted = await read_form(request)
        payload = _payload(posted, ("user_id", *MEMBER_FIELDS))
        if "user_id" not in payload:
            payload.update(_payload(posted, ("email", "full_name")))

        async def again(refused: Refused) -> Template:
            return await self._members_page(visit, body_id, form=refused.state, status=refused.status)

        async def act(data: MemberCreate) -> MemberRead:
            return await bodies_service.add_member(actor=visit.actor, body_id=body_id, data=data)

        return await post_form(
            MemberCreate,
            payload,
            act,
            posted=posted,
            again=again,
            then=f"/administration/instances/{body_id}?fait=membre",
            invalid=_model_errors,
        )

    async def _member_page(
        self, visit: Visit, member_id: int, *, form: FormState | None = None, status: int = 200
    ) -> Template:
        member, body, members = await _member_of(visit.actor, member_id)
        values = {name: getattr(member, name) for name in MEMBER_FIELDS}
        values = {k: (v.value if hasattr(v, "value") else v) for k, v in values.items() if v is not None}
        return _render(
            visit,
            "member.html.j2",
            status,
            body=body,
            member=member,
            choices=_choices([m for m in members if m.id != member.id]),
            form=form or FormState(values),
        )

    @get("/membres/{member_id:int}")
    async def member(self, request: Request[Any, Any, Any], member_id: FromPath[int]) -> Template:
        return await self._member_page(await _admin(request), member_id)

    @post("/membres/{member_id:int}")
    async def update_member(self, request: Request[Any, Any, Any], member_id: FromPath[int]) -> Response[Any]:
        visit = await _admin(request)
        member, _, _ = await _member_of(visit.actor, member_id)
        posted = await read_form(request)
        # Every field is sent: an emptied input clears the value.
        payload: dict[str, Any] = {name: text_or_none(posted.get(name)) for name in MEMBER_FIELDS}
        for required in ("college", "role"):
            if payload[required] is None:
                payload.pop(required)

        async def again(refused: Refused) -> Template:
            return await self._member_page(visit, member_id, form=refused.state, status=refused.status)

        async def act(data: MemberUpdate) -> MemberRead:
            return await bodies_service.update_member(actor=visit.actor, member_id=member_id, data=data)

        return await post_form(
            MemberUpdate,
            payload,
            act,
            posted=posted,
            again=again,
            then=f"/administration/instances/{member.body_id}?fait=membre",
        )

    @post("/membres/{member_id:int}/retirer")
    async def remove_member(self, request: Request[Any, Any, Any], member_id: FromPath[int]) -> Response[Any]:
        visit = await _admin(request)
        member, _, _ = await _member_of(visit.actor, member_id)
        await bodies_service.remove_member(actor=visit.actor, member_id=member_id)
        return see_other(f"/administration/instances/{member.body_id}?fait=retire")

    # ------------------------------------------------------------ accounts

    async def _accounts_page(self, visit: Visit, *, form: FormState | None = None, status: int = 200) -> Template:
        accounts = await accounts_service.list_accounts(actor=visit.actor, organization_id=visit.actor.organization_id)
        return _render(
            visit,
            "accounts.html.j2",
            status,
            accounts=accounts,
            form=form or FormState(),
            done=_done(visit.request.query_params.get("fait")),
        )

    @get("/comptes")
    async def accounts(self, request: Request[Any, Any, Any]) -> Template:
        return await self._accounts_page(await _admin(request))

    @post("/comptes")
    async def invite(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await _admin(request)
        settings: Settings = request.app.state.settings
        posted = await read_form(request)
        payload: dict[str, Any] = _payload(posted, ("email", "full_name"))
        payload["is_org_admin"] = checked(posted.get("is_org_admin"))

        async def again(refused: Refused) -> Template:
            return await self._accounts_page(visit, form=refused.state, status=refused.status)

        async def act(data: InvitationCreate) -> object:
            return await accounts_service.invite(
                actor=visit.actor,
                organization_id=visit.actor.organization_id,
                email=data.email,
                full_name=data.full_name,
                is_org_admin=data.is_org_admin,
                settings=settings,
            )

        return await post_form(
            InvitationCreate,
            payload,
            act,
            posted=posted,
            again=again,
            then="/administration/comptes?fait=invite",
            invalid=_email_errors,
        )

    @post("/comptes/{user_id:int}/renvoyer")
    async def resend(self, request: Request[Any, Any, Any], user_id: FromPath[int]) -> Response[Any]:
        visit = await _admin(request)
        settings: Settings = request.app.state.settings
        await accounts_service.resend_invitation(actor=visit.actor, user_id=user_id, settings=settings)
        return see_other("/administration/comptes?fait=renvoye")

    @post("/comptes/{user_id:int}/desactiver")
    async def deactivate(self, request: Request[Any, Any, Any], user_id: FromPath[int]) -> Response[Any]:
        visit = await _admin(request)
        await auth_service.set_user_active(actor=visit.actor, user_id=user_id, active=False)
        return see_other("/administration/comptes?fait=desactive")

    @post("/comptes/{user_id:int}/reactiver")
    async def reactivate(self, request: Request[Any, Any, Any], user_id: FromPath[int]) -> Response[Any]:
        visit = await _admin(request)
        await auth_service.set_user_active(actor=visit.actor, user_id=user_id, active=True)
        return see_other("/administration/comptes?fait=reactive")

    # ------------------------------------------------------------ audit trail

    @get("/journal")
    async def journal(self, request: Request[Any, Any, Any], page: FromQuery[int] = 1) -> Template:
        visit = await _admin(request)
        page = min(max(page, 1), 100_000)
        rows, total = await audit.list_events(
            organization_id=visit.actor.organization_id, limit=JOURNAL_PAGE, offset=(page - 1) * JOURNAL_PAGE
        )
        return _render(
            visit,
            "journal.html.j2",
            lines=[describe(row) for row in rows],
            page=page,
            more=page * JOURNAL_PAGE < total,
            total=total,
        )


async def _member_of(actor: Actor, member_id: int) -> tuple[MemberRead, BodyRead, list[MemberRead]]:
    """A member, its body and the body's members, through the bodies service (404 for another organisation)."""
    body_id = await bodies_service.body_of_member(actor=actor, member_id=member_id)
    members = await bodies_service.list_members(actor=actor, body_id=body_id)
    body = await bodies_service.get_body(actor=actor, body_id=body_id)
    member = next(m for m in members if m.id == member_id)
    return member, body, members


def _choices(members: list[MemberRead]) -> dict[str, list[tuple[str, str]]]:
    """The options of a member's form: colleges, roles, categories, and the titulaires a suppléant may follow."""
    return {
        "college": [(c.value, COLLEGE_LABELS[c.value]) for c in College],
        "role": [(r.value, ROLE_LABELS[r.value]) for r in Role],
        "category": [(c.value, CATEGORY_LABELS[c.value]) for c in ProfessionalCategory],
        "substitute_for": [(str(m.id), m.full_name) for m in members if m.role in TITULAR_ROLES],
    }


def _model_errors(errors: dict[str, str]) -> dict[str, str]:
    """The schema's whole-form errors in words (an account or an address; dates in order)."""
    found = dict(errors)
    message = found.pop("_form", None)
    if message is not None:
        if "user_id" in message:
            found["user_id"] = "Choisissez un compte, ou indiquez l'adresse d'une nouvelle personne."
        elif "mandate" in message:
            found["mandate_end"] = "La fin du mandat doit suivre son début."
        elif "substitute_for" in message:
            found["substitute_for"] = "Seul un suppléant est rattaché à un titulaire."
        else:
            found["_form"] = message
    return found


def _email_errors(errors: dict[str, str]) -> dict[str, str]:
    if "email" in errors:
        errors = {**errors, "email": "Adresse électronique attendue (nom@exemple.fr)."}
    return errors
