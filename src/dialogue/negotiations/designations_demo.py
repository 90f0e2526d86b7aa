"""Demo data of the union side: the four representative unions' délégués syndicaux designated after the 2024
election (L2143-3, one through the fallback of al. 2), the CGT's representative to the CSE (L2314-2) and the CFDT's
to the CSE central (L2316-7)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import utcnow
from dialogue.negotiations.tables import ElectionResult, UnionDesignation

DESIGNATED_ON = date(2024, 3, 25)
FIRST = "1er collège — ouvriers et employés"
SECOND = "2e collège — techniciens, agents de maîtrise et cadres"
# (email, name, union, college, personal votes, college votes cast, basis, fallback, renounced on, label)
DELEGATES: list[tuple[str, str, str, str, int | None, int | None, str, str | None, date | None, str]] = [
    (
        "cfdt.ds@demo.example",
        "Nathalie Perrot",
        "CFDT",
        FIRST,
        58,
        386,
        "personal_score",
        None,
        None,
        "Candidat ayant recueilli 15.03 % dans son collège au premier tour (L2143-3 al. 1)",
    ),
    (
        "cgt.ds@demo.example",
        "Rachid Amrani",
        "CGT",
        FIRST,
        71,
        386,
        "personal_score",
        None,
        None,
        "Candidat ayant recueilli 18.39 % dans son collège au premier tour (L2143-3 al. 1)",
    ),
    (
        "sud.ds@demo.example",
        "Yannick Le Goff",
        "SUD Santé Sociaux",
        FIRST,
        31,
        386,
        "other_candidate",
        "all_renounced",
        date(2024, 3, 18),
        "Désignation parmi un autre candidat : tous les élus ayant recueilli 10 % ont renoncé par écrit à être "
        "désignés (L2143-3 al. 2)",
    ),
    (
        "fo.ds@demo.example",
        "Martine Roussel",
        "FO",
        SECOND,
        22,
        147,
        "personal_score",
        None,
        None,
        "Candidat ayant recueilli 14.97 % dans son collège au premier tour (L2143-3 al. 1)",
    ),
]


async def demo_step(ctx: DemoContext) -> None:
    """The designations, once (idempotent: nothing is added when the organisation has some)."""
    if await UnionDesignation.exists().where(UnionDesignation.organization == ctx.organization_id):
        return
    election = (
        await ElectionResult.select(ElectionResult.id)
        .where(ElectionResult.organization == ctx.organization_id)
        .order_by(ElectionResult.election_date, ascending=False)
        .first()
    )
    election_id = int(election["id"]) if election else None
    common: dict[str, Any] = {
        "organization": ctx.organization_id,
        "designated_on": DESIGNATED_ON,
        "notified_on": DESIGNATED_ON,
    }
    rows = [
        UnionDesignation(
            kind="delegue_syndical",
            union_name=union,
            user=ctx.users.get(email),
            person_name=name,
            basis=basis,
            basis_label=label,
            electoral_college=college,
            personal_votes=votes,
            college_votes_cast=cast,
            fallback_reason=fallback,
            renounced_on=renounced,
            election_result=election_id,
            created_at=utcnow(),
            **common,
        )
        for email, name, union, college, votes, cast, basis, fallback, renounced, label in DELEGATES
    ]
    rows.append(
        UnionDesignation(
            kind="rs_cse",
            union_name="CGT",
            user=ctx.users.get("cgt.ds@demo.example"),
            person_name="Rachid Amrani",
            body=ctx.bodies["cse"],
            basis="designated",
            basis_label="Représentant syndical au CSE désigné par le syndicat, voix consultative (L2314-2)",
            created_at=utcnow(),
            **common,
        )
    )
    rows.append(
        UnionDesignation(
            kind="rs_cse_central",
            union_name="CFDT",
            user=ctx.users.get("lea.dupont@demo.example"),
            person_name="Léa Dupont",
            body=ctx.bodies["cse_central"],
            basis="designated",
            basis_label="Représentant syndical au CSE central, voix consultative (L2316-7)",
            created_at=utcnow(),
            **common,
        )
    )
    await UnionDesignation.insert(*rows)
    ctx.created.append("délégués et représentants syndicaux")
