"""Demo: the association's 2024 CSE election and the SESSAD's 2025 partial election, built so that the seats and
the elected match the demo's members (src/dialogue/demo/service.py: names, unions, colleges, votes).

2024, two colleges, seats fixed by the PAP (5 + 2, L2314-7). 1st college: three lists (CFDT, CGT, SUD Santé
Sociaux); strikings-out of 10 % or more reorder the CFDT and CGT lists (L2314-29). 2nd college: no quorum in the 1st
round (L2314-29), a 2nd round on 18 March 2024, the start of the mandates. Idempotent (by title)."""

from __future__ import annotations

import json
from datetime import date

from dialogue.bodies.demo import MANDATE_END, DemoContext, ensure_establishment
from dialogue.core.clock import utcnow
from dialogue.elections.tables import CseElection, CseElectionCollege, CseElectionList, CseElectionTally
from dialogue.negotiations.elections import election_in_force

MAIN_TITLE = "Élections du CSE 2024"
CARENCE_TITLE = "Première élection du CSE du foyer Le Relais (2026)"
"""A small establishment (14 employees) where the first election found no candidate: a PV de carence (L2314-9,
cerfa 15248), shown to the staff and sent to the labour inspector, and the 6-month wait of L2314-8."""
PARTIAL_TITLE = "Élection partielle du CSE du SESSAD Les Lucioles (2025)"
C1 = "1er collège — ouvriers et employés"
C2 = "2e collège — techniciens, agents de maîtrise et cadres"

# (college, kind, union, filed_on, [(full name, sex, email)])
MAIN_LISTS = [
    (
        C1,
        "titulaires",
        "CFDT",
        [
            ("Camille Lefèvre", "F", "secretaire"),
            ("Bruno Lacombe", "M", "bruno.lacombe"),
            ("Nadia Benali", "F", "nadia.benali"),
        ],
    ),
    (C1, "titulaires", "CGT", [("Julien Moreau", "M", "elu"), ("Sophie Marchand", "F", "sophie.marchand")]),
    (C1, "titulaires", "SUD Santé Sociaux", [("Thomas Girard", "M", "thomas.girard")]),
    (
        C1,
        "suppleants",
        "CFDT",
        [("Léa Dupont", "F", "lea.dupont"), ("Antoine Vidal", "M", "antoine.vidal"), ("Inès Petit", "F", "ines.petit")],
    ),
    (C1, "suppleants", "CGT", [("Karim Haddad", "M", "karim.haddad"), ("Chloé Bernard", "F", "chloe.bernard")]),
    (C1, "suppleants", "SUD Santé Sociaux", [("Paul Mercier", "M", "paul.mercier")]),
    (C2, "titulaires", "CFDT", [("Isabelle Roux", "F", "isabelle.roux")]),
    (C2, "titulaires", "FO", [("Marc Fontaine", "M", "marc.fontaine")]),
    (C2, "suppleants", "CFDT", [("Hélène Gauthier", "F", "helene.gauthier")]),
    (C2, "suppleants", "FO", [("Olivier Perrin", "M", "olivier.perrin")]),
]
Tally = tuple[str, str, int, int, int, int, dict[str, tuple[int, dict[int, int]]]]
# (college, kind, round, registered, voters, blank and null, {union: (ballots, {position: ratures})})
MAIN_TALLIES: list[Tally] = [
    (
        C1,
        "titulaires",
        1,
        452,
        401,
        16,
        {"CFDT": (150, {1: 8, 2: 40, 3: 32}), "CGT": (135, {1: 4, 2: 31}), "SUD Santé Sociaux": (100, {1: 3})},
    ),
    (
        C1,
        "suppleants",
        1,
        452,
        401,
        26,
        {"CFDT": (130, {1: 4, 2: 40, 3: 35}), "CGT": (115, {1: 3, 2: 22}), "SUD Santé Sociaux": (90, {1: 2})},
    ),
    (C2, "titulaires", 1, 168, 80, 9, {"CFDT": (38, {}), "FO": (33, {})}),
    (C2, "suppleants", 1, 168, 80, 23, {"CFDT": (30, {}), "FO": (27, {})}),
    (C2, "titulaires", 2, 168, 90, 7, {"CFDT": (45, {1: 4}), "FO": (38, {1: 2})}),
    (C2, "suppleants", 2, 168, 90, 24, {"CFDT": (35, {1: 2}), "FO": (31, {1: 2})}),
]
UNIQUE = "Collège unique"
PARTIAL_LISTS = [
    (UNIQUE, "titulaires", "CFDT", [("Manon Leroy", "F", "manon.leroy")]),
    (UNIQUE, "titulaires", "CGT", [("Yannick Brun", "M", "yannick.brun")]),
    (UNIQUE, "suppleants", "CFDT", [("Ludivine Caron", "F", "ludivine.caron")]),
    (UNIQUE, "suppleants", "CGT", [("Samir Khelifi", "M", "samir.khelifi")]),
]
PARTIAL_TALLIES: list[Tally] = [
    (UNIQUE, "titulaires", 1, 38, 38, 1, {"CFDT": (22, {1: 1}), "CGT": (15, {1: 1})}),
    (UNIQUE, "suppleants", 1, 38, 38, 5, {"CFDT": (20, {1: 1}), "CGT": (13, {1: 1})}),
]


async def _build(
    ctx: DemoContext,
    *,
    election: CseElection,
    colleges: list[tuple[str, str, int, int, int, int]],
    lists: list[tuple[str, str, str, list[tuple[str, str, str]]]],
    tallies: list[Tally],
    filed_on: date,
) -> None:
    await election.save()
    college_ids: dict[str, int] = {}
    for position, (name, category, staff, women, men, seats) in enumerate(colleges, start=1):
        row = CseElectionCollege(
            election=election.id,
            position=position,
            name=name,
            category=category,
            staff=staff,
            women=women,
            men=men,
            titulaires=seats,
        )
        await row.save()
        college_ids[name] = int(row.id)
    list_ids: dict[tuple[str, str, str], int] = {}
    for college, kind, union, candidates in lists:
        item = CseElectionList(
            college=college_ids[college],
            kind=kind,
            round=1,
            union_name=union,
            filed_on=filed_on,
            candidates=json.dumps(
                [{"full_name": n, "sex": s, "email": f"{e}@demo.example", "born_on": None} for n, s, e in candidates],
                ensure_ascii=False,
            ),
            created_at=utcnow(),
        )
        await item.save()
        list_ids[(college, kind, union)] = int(item.id)
    for college, kind, number, registered, voters, blank, votes in tallies:
        await CseElectionTally(
            college=college_ids[college],
            kind=kind,
            round=number,
            registered=registered,
            voters=voters,
            blank_null=blank,
            list_votes=json.dumps(
                [
                    {
                        "list_id": list_ids[(college, kind, union)],
                        "ballots": b,
                        "ratures": {str(p): n for p, n in r.items()},
                    }
                    for union, (b, r) in votes.items()
                ]
            ),
            recorded_at=utcnow(),
        ).save()
    ctx.created.append(f"élection « {election.title} »")


async def demo_step(ctx: DemoContext) -> None:
    org = ctx.organization_id
    if not await CseElection.exists().where((CseElection.organization == org) & (CseElection.title == MAIN_TITLE)):
        await _build(
            ctx,
            election=CseElection(
                organization=org,
                body=ctx.bodies["cse"],
                kind="renewal",
                title=MAIN_TITLE,
                headcount=312,
                staff_informed_on=date(2023, 12, 11),
                unions_invited_on=date(2023, 12, 11),
                pap_first_meeting_on=date(2024, 1, 8),
                pap_signed_on=date(2024, 1, 22),
                pap_negotiators=json.dumps(["CFDT", "CGT", "SUD Santé Sociaux", "FO", "UNSA"], ensure_ascii=False),
                pap_signatories=json.dumps(["CFDT", "CGT", "SUD Santé Sociaux"], ensure_ascii=False),
                round1_on=date(2024, 3, 5),
                round2_on=date(2024, 3, 18),
                mandate_years=4,
                proclaimed_on=date(2024, 3, 18),
                result_id=await election_in_force(organization_id=org, on=date(2024, 3, 5)),
                created_at=utcnow(),
            ),
            colleges=[
                (C1, "ouvriers_employes", 452, 271, 181, 5),
                (C2, "techniciens_agents_maitrise", 168, 100, 68, 2),
            ],
            lists=MAIN_LISTS,
            tallies=MAIN_TALLIES,
            filed_on=date(2024, 2, 9),
        )
    if not await CseElection.exists().where((CseElection.organization == org) & (CseElection.title == PARTIAL_TITLE)):
        await _build(
            ctx,
            election=CseElection(
                organization=org,
                body=ctx.bodies["sessad_cse"],
                establishment=ctx.establishments["sessad"],
                kind="partial",
                title=PARTIAL_TITLE,
                headcount=40,
                staff_informed_on=date(2025, 4, 14),
                unions_invited_on=date(2025, 4, 14),
                pap_first_meeting_on=date(2025, 5, 2),
                pap_signed_on=date(2025, 5, 2),
                pap_negotiators=json.dumps(["CFDT", "CGT"]),
                pap_signatories=json.dumps(["CFDT", "CGT"]),
                round1_on=date(2025, 6, 12),
                mandate_years=4,
                mandate_end=MANDATE_END,
                proclaimed_on=date(2025, 6, 12),
                created_at=utcnow(),
            ),
            colleges=[(UNIQUE, "ouvriers_employes", 40, 30, 10, 2)],
            lists=PARTIAL_LISTS,
            tallies=PARTIAL_TALLIES,
            filed_on=date(2025, 5, 23),
        )

    if not await CseElection.exists().where((CseElection.organization == org) & (CseElection.title == CARENCE_TITLE)):
        foyer = await ensure_establishment(
            ctx, key="relais", name="Foyer d'hébergement Le Relais (Décines-Charpieu)", headcount=14
        )
        election = CseElection(
            organization=org,
            establishment=foyer,
            kind="first",
            title=CARENCE_TITLE,
            headcount=14,
            staff_informed_on=date(2025, 12, 1),
            unions_invited_on=date(2025, 12, 1),
            round1_on=date(2026, 1, 29),
            round2_on=date(2026, 2, 12),
            mandate_years=4,
            carence_on=date(2026, 2, 12),
            carence_reason="no_list",
            carence_published_on=date(2026, 2, 13),
            carence_sent_on=date(2026, 2, 20),
            siret="77567227200062",
            inspector="DREETS Auvergne-Rhône-Alpes — unité de contrôle Rhône Est, 8-10 rue du Nord, 69100 Villeurbanne",
            created_at=utcnow(),
        )
        await election.save()
        await CseElectionCollege(
            election=election.id,
            position=1,
            name="Collège unique",
            category="ouvriers_employes",
            staff=14,
            women=10,
            men=4,
            titulaires=1,
        ).save()
        ctx.created.append(f"élection « {CARENCE_TITLE} » (carence)")
