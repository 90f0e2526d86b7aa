"""Demo data for the director's view of negotiations: the 2024 election, the negotiation table with the four
union delegates, this year's NAO on pay in progress, last year's égalité / QVCT agreement and a GEPP agreement."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from dialogue.bodies.demo import DemoContext, ensure_body, ensure_member, ensure_user
from dialogue.core.clock import PARIS, local_today, utcnow
from dialogue.negotiations.tables import (
    AgreementSignature,
    ElectionCollege,
    ElectionResult,
    ElectionUnionVotes,
    Negotiation,
    NegotiationPosition,
    NegotiationSession,
    UnionSection,
)

ELECTION_DATE = date(2024, 3, 5)
ELECTION_LABEL = "Élections du CSE 2024 — 1er tour, titulaires"
# (college, inscrits, votants, exprimés, {union: voix}): weights among representative unions are
# CFDT 34 %, CGT 28 %, SUD 24 %, FO 14 %; UNSA (4.7 % of the votes) is not representative (L2122-1).
COLLEGES: list[tuple[str, int, int, int, dict[str, int]]] = [
    (
        "1er collège — ouvriers et employés",
        452,
        401,
        386,
        {"CFDT": 110, "CGT": 120, "SUD Santé Sociaux": 105, "FO": 20, "UNSA": 25},
    ),
    (
        "2e collège — techniciens, agents de maîtrise et cadres",
        168,
        152,
        147,
        {"CFDT": 60, "CGT": 20, "SUD Santé Sociaux": 15, "FO": 50},
    ),
]
# Sections syndicales (L2142-1): the four representative unions' bring the NAO obligations (L2242-1); UNSA's
# section is not representative (4.7 %) and would not on its own.
SECTIONS: list[tuple[str, date]] = [
    ("CFDT", date(2012, 3, 1)),
    ("CGT", date(2010, 9, 15)),
    ("SUD Santé Sociaux", date(2016, 1, 11)),
    ("FO", date(2018, 6, 4)),
    ("UNSA", date(2023, 10, 2)),
]
DELEGATES = [
    ("cfdt.ds@demo.example", "Nathalie Perrot", "CFDT"),
    ("cgt.ds@demo.example", "Rachid Amrani", "CGT"),
    ("sud.ds@demo.example", "Yannick Le Goff", "SUD Santé Sociaux"),
    ("fo.ds@demo.example", "Martine Roussel", "FO"),
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS).astimezone(UTC)


async def _election(ctx: DemoContext) -> int:
    row = (
        await ElectionResult.select(ElectionResult.id)
        .where((ElectionResult.organization == ctx.organization_id) & (ElectionResult.election_date == ELECTION_DATE))
        .first()
    )
    if row:
        return int(row["id"])
    election = ElectionResult(
        organization=ctx.organization_id,
        election_date=ELECTION_DATE,
        label=ELECTION_LABEL,
        notes="Procès-verbaux du premier tour, collège unique par établissement regroupés au niveau de l'association.",
        recorded_by=ctx.users["direction@demo.example"],
        recorded_at=utcnow(),
    )
    await election.save()
    for position, (name, registered, voters, cast, votes) in enumerate(COLLEGES, start=1):
        college = ElectionCollege(
            election=election.id, position=position, name=name, registered=registered, voters=voters, votes_cast=cast
        )
        await college.save()
        await ElectionUnionVotes.insert(
            *[ElectionUnionVotes(college=college.id, union_name=u, votes=v) for u, v in votes.items()]
        )
    ctx.created.append("résultats électoraux 2024")
    return int(election.id)


async def _sections(ctx: DemoContext) -> None:
    for union, formed_on in SECTIONS:
        exists = await UnionSection.exists().where(
            (UnionSection.organization == ctx.organization_id) & (UnionSection.union_name == union)
        )
        if exists:
            continue
        await UnionSection(
            organization=ctx.organization_id,
            union_name=union,
            formed_on=formed_on,
            created_by=ctx.users["direction@demo.example"],
            created_at=utcnow(),
        ).save()
        ctx.created.append(f"section syndicale {union}")


async def _negotiation(ctx: DemoContext, *, title: str, **values: Any) -> tuple[int, bool]:
    row = (
        await Negotiation.select(Negotiation.id)
        .where((Negotiation.organization == ctx.organization_id) & (Negotiation.title == title))
        .first()
    )
    if row:
        return int(row["id"]), False
    now = utcnow()
    negotiation = Negotiation(
        organization=ctx.organization_id,
        table_body=ctx.bodies["negotiation_table"],
        title=title,
        created_by=ctx.users["direction@demo.example"],
        created_at=now,
        updated_at=now,
        **values,
    )
    await negotiation.save()
    ctx.created.append(f"négociation « {title} »")
    return int(negotiation.id), True


async def _sessions(ctx: DemoContext, negotiation_id: int, sessions: list[tuple[date, str, str]]) -> list[int]:
    attendees = [{"name": "Philippe Garnier", "party": "employer", "member_id": None}] + [
        {"name": name, "party": union, "member_id": None} for _, name, union in DELEGATES
    ]
    ids = []
    for number, (day, location, summary) in enumerate(sessions, start=1):
        session = NegotiationSession(
            negotiation=negotiation_id,
            number=number,
            starts_at=_at(day, 14),
            ends_at=_at(day, 17),
            location=location,
            attendees=json.dumps(attendees, ensure_ascii=False),
            documents=json.dumps(
                [{"title": "Données BDESE — rémunérations et effectifs", "url": None}] if number == 1 else [],
                ensure_ascii=False,
            ),
            summary=summary,
            created_by=ctx.users["direction@demo.example"],
            created_at=utcnow(),
        )
        await session.save()
        ids.append(int(session.id))
    return ids


async def _positions(
    ctx: DemoContext, negotiation_id: int, positions: list[tuple[int | None, date, str, str, str]]
) -> None:
    for sequence, (session, day, party, kind, content) in enumerate(positions, start=1):
        await NegotiationPosition(
            negotiation=negotiation_id,
            sequence=sequence,
            session=session,
            party=party,
            kind=kind,
            content=content,
            stated_on=day,
            created_by=ctx.users["direction@demo.example"],
            created_at=utcnow(),
        ).save()


async def _signatures(ctx: DemoContext, negotiation_id: int, unions: list[str], signed_on: date) -> None:
    names = {union: name for _, name, union in DELEGATES}
    emails = {union: email for email, _, union in DELEGATES}
    for union in unions:
        await AgreementSignature(
            negotiation=negotiation_id,
            union_name=union,
            signatory=ctx.members[("negotiation_table", emails[union])],
            signatory_name=names[union],
            signed_on=signed_on,
            recorded_by=ctx.users["direction@demo.example"],
            created_at=utcnow(),
        ).save()


async def demo_step(ctx: DemoContext) -> None:
    """The negotiation table and its delegates, the 2024 election and three negotiations (idempotent)."""
    org = ctx.organization_id
    for email, name, _ in DELEGATES:
        await ensure_user(ctx, email=email, full_name=name, organization_id=org)
    await ensure_body(
        ctx, key="negotiation_table", name="Table de négociation — délégués syndicaux", kind="negotiation_table"
    )
    await ensure_member(
        ctx, body="negotiation_table", email="direction@demo.example", college="direction", role="president"
    )
    await ensure_member(ctx, body="negotiation_table", email="drh@demo.example", college="direction", role="guest")
    for email, _, union in DELEGATES:
        await ensure_member(
            ctx, body="negotiation_table", email=email, college="elus", role="union_representative", union=union
        )
    election = await _election(ctx)
    await _sections(ctx)
    year = local_today().year
    today = local_today()

    # A unilateral decision of the employer (DUE) for the IME, under a CPOM: no agrément (L314-6, L313-12-2 CASF).
    await _negotiation(
        ctx,
        title=f"Décision unilatérale {year - 1} — indemnité d'astreinte de nuit, IME La Source",
        kind="unilateral_decision",
        establishment=ctx.establishments["ime"],
        topic="other",
        subject="Indemnité d'astreinte de nuit des éducateurs de l'internat",
        year=year - 1,
        status="decided",
        opened_on=date(year - 1, 5, 12),
        concluded_on=date(year - 1, 6, 2),
    )

    # A GEPP agreement (>= 300 employees, L2242-2), signed by CFDT, CGT and FO (76 %), approved.
    gepp_year = year - 2
    gepp, created = await _negotiation(
        ctx,
        title=f"Accord GEPP {gepp_year} — parcours professionnels et métiers du grand âge",
        topic="gepp",
        year=gepp_year,
        status="agreement_signed",
        opened_on=date(gepp_year, 9, 10),
        concluded_on=date(gepp_year, 12, 12),
        election_result=election,
        deposited_on=date(gepp_year, 12, 20),
        deposit_reference=f"T06{gepp_year % 100}012345",
        deposit_anonymised_version=f"Accord GEPP {gepp_year} — version anonymisée.pdf",
        agrement_submitted_on=date(gepp_year, 12, 23),
        agrement_decision="granted",
        agrement_decided_on=date(gepp_year + 1, 5, 14),
        agrement_reference=f"Arrêté du 14 mai {gepp_year + 1}, JO du 28 mai {gepp_year + 1}",
    )
    if created:
        await _signatures(ctx, gepp, ["CFDT", "CGT", "FO"], date(gepp_year, 12, 12))

    # Last year's égalité professionnelle / QVCT agreement: CFDT + SUD = 58 %, valid; agrément pending or granted.
    last = year - 1
    granted = date(year, 4, 2) if date(year, 4, 2) <= today else None
    qvct, created = await _negotiation(
        ctx,
        title=f"Accord égalité professionnelle et QVCT {last}",
        topic="egalite_qvct",
        year=last,
        status="agreement_signed",
        opened_on=date(last, 9, 15),
        concluded_on=date(last, 11, 27),
        election_result=election,
        deposited_on=date(last, 12, 8),
        deposit_reference=f"T06{last % 100}045678",
        deposit_anonymised_version=f"Accord égalité QVCT {last} — version anonymisée.pdf",
        agrement_submitted_on=date(last, 12, 12),
        agrement_decision="granted" if granted else None,
        agrement_decided_on=granted,
    )
    if created:
        sessions = await _sessions(
            ctx,
            qvct,
            [
                (date(last, 9, 29), "Siège — salle du conseil", "Diagnostic égalité (index, BDESE) et attentes QVCT."),
                (date(last, 10, 20), "EHPAD Les Tilleuls — salle Tilleul", "Droit à la déconnexion, horaires en 12 h."),
                (date(last, 11, 17), "Siège — salle du conseil", "Relecture du projet d'accord."),
            ],
        )
        await _positions(
            ctx,
            qvct,
            [
                (
                    sessions[0],
                    date(last, 9, 29),
                    "CFDT",
                    "proposal",
                    "Plages sans courriel de 20 h à 7 h et le week-end ; droit à la déconnexion écrit dans l'accord.",
                ),
                (
                    sessions[1],
                    date(last, 10, 20),
                    "SUD Santé Sociaux",
                    "proposal",
                    "Fin des plannings modifiés moins de 7 jours à l'avance, sauf remplacement urgent.",
                ),
                (
                    sessions[1],
                    date(last, 10, 20),
                    "employer",
                    "counter_proposal",
                    "Délai de prévenance de 7 jours, 3 jours en cas d'absence imprévue, avec majoration de 10 €.",
                ),
            ],
        )
        await _signatures(ctx, qvct, ["CFDT", "SUD Santé Sociaux"], date(last, 11, 27))

    # Last year's agreement on the gift of rest days: CFDT alone (34 %), approved by the staff (L2232-12), filed
    # with its anonymised version (L2231-5-1) and approved by the minister (L314-6 CASF).
    gift, created = await _negotiation(
        ctx,
        title=f"Accord sur le don de jours de repos {last}",
        topic="other",
        subject="Don de jours de repos entre salariés (art. L1225-65-1)",
        year=last,
        status="agreement_signed",
        opened_on=date(last, 3, 9),
        concluded_on=date(last, 5, 22),
        election_result=election,
        referendum_requested_on=date(last, 5, 29),
        referendum_requested_by="signatories",
        referendum_held_on=date(last, 6, 18),
        referendum_votes_for=196,
        referendum_votes_against=88,
        referendum_registered=320,
        deposited_on=date(last, 6, 26),
        deposit_reference=f"T06{last % 100}031415",
        deposit_anonymised_version=f"Accord don de jours {last} — version anonymisée.pdf",
        agrement_submitted_on=date(last, 7, 1),
        agrement_decision="granted",
        agrement_decided_on=date(last, 10, 6),
        agrement_reference=f"Arrêté du 6 octobre {last}, JO du 17 octobre {last}",
    )
    if created:
        await _sessions(
            ctx,
            gift,
            [
                (date(last, 3, 24), "Siège — salle du conseil", "Cadre légal du don de jours et besoins exprimés."),
                (date(last, 4, 21), "Siège — salle du conseil", "Plafond de jours donnés et abondement employeur."),
            ],
        )
        await _signatures(ctx, gift, ["CFDT"], date(last, 5, 22))

    # This year's NAO on pay, working time and value sharing, in progress.
    nao, created = await _negotiation(
        ctx,
        title=f"NAO {year} — Rémunération, temps de travail et partage de la valeur ajoutée",
        topic="remuneration",
        year=year,
        status="in_progress",
        planned_on=date(year, 1, 13),
        opened_on=date(year, 1, 13),
    )
    if created:
        sessions = await _sessions(
            ctx,
            nao,
            [
                (
                    date(year, 1, 27),
                    "Siège — salle du conseil",
                    "Calendrier, informations remises (salaires effectifs, temps partiel, écarts F/H).",
                ),
                (
                    date(year, 2, 17),
                    "IME La Source — salle polyvalente",
                    "Premières propositions : indemnités kilométriques, titres-restaurant, temps partiels choisis.",
                ),
            ],
        )
        await _positions(
            ctx,
            nao,
            [
                (
                    sessions[0],
                    date(year, 1, 27),
                    "CGT",
                    "proposal",
                    "Prime de 600 € brut pour tous les salariés et passage à temps plein des temps partiels subis.",
                ),
                (
                    sessions[1],
                    date(year, 2, 17),
                    "employer",
                    "proposal",
                    "Titres-restaurant portés à 8 € (part employeur 60 %) et indemnité kilométrique "
                    "alignée sur le barème fiscal, dans la limite de l'enveloppe autorisée par l'ARS.",
                ),
                (
                    sessions[1],
                    date(year, 2, 17),
                    "CFDT",
                    "counter_proposal",
                    "Titres-restaurant à 9 €, forfait mobilités durables de 300 € et priorité d'accès au temps plein.",
                ),
            ],
        )
