"""Demo data of the tripartite diagnosis (idempotent): last year's campaign, closed, and this year's, closed too,
answered by the three colleges with a real gap between the direction and the staff representatives on the
registers, the agenda and trust; an action decided from the largest gap."""

from __future__ import annotations

from datetime import timedelta

from dialogue.auth.tables import User
from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import local_today, utcnow
from dialogue.diagnosis import rules
from dialogue.diagnosis.tables import Diagnosis, DiagnosisAction, DiagnosisAnswer, DiagnosisStatement

CURRENT = "Diagnostic du dialogue social — année écoulée"
PREVIOUS = "Diagnostic du dialogue social — année précédente"

RESPONDENTS = {
    "gouvernance": ("president.ca@demo.example", "gouvernance@demo.example"),
    "direction": ("direction@demo.example", "drh@demo.example", "cadre.ehpad@demo.example", "cadre.ime@demo.example"),
    "elus": (
        "secretaire@demo.example",
        "elu@demo.example",
        "nadia.benali@demo.example",
        "thomas.girard@demo.example",
        "tresorier@demo.example",
        "cgt.ds@demo.example",
    ),
}
#: Last year the board answered alone (one respondent): its column reads « pas assez de réponses ».
PREVIOUS_RESPONDENTS = {
    "gouvernance": ("president.ca@demo.example",),
    "direction": ("direction@demo.example", "drh@demo.example", "cadre.ehpad@demo.example"),
    "elus": ("secretaire@demo.example", "elu@demo.example", "nadia.benali@demo.example", "thomas.girard@demo.example"),
}
#: Target mean per college for some statements (gouvernance, direction, élus); others follow the statement's kind.
TARGETS: dict[str, tuple[float, float, float]] = {
    "fct_registres": (4, 4.5, 1.5),
    "fct_ordre": (4, 5, 2),
    "rel_confiance": (4, 4, 2),
    "rel_gouvernance": (5, 3, 1.5),
    "fct_moyens": (2, 2, 4.5),
    "rel_degradation": (2, 1.5, 4),
    "obj_ssct": (3.5, 4, 3),
}
#: Last year's targets where they differ: the registers' gap was smaller, the agenda's larger.
PREVIOUS_TARGETS: dict[str, tuple[float, float, float]] = {
    "fct_registres": (4, 4, 2.5),
    "fct_ordre": (4, 5, 1.5),
    "rel_confiance": (4, 4, 2.5),
}
SPREAD = (0, 1, -1, 0, 1, -1)


def _score(target: float, person: int, position: int) -> int:
    """A person's score around their college's target: deterministic, between 1 and 5."""
    return max(1, min(5, round(target + SPREAD[(person + position) % len(SPREAD)] * 0.5)))


def _target(code: str, kind: str, college_index: int, overrides: dict[str, tuple[float, float, float]]) -> float:
    if code in overrides:
        return overrides[code][college_index]
    if code in TARGETS:
        return TARGETS[code][college_index]
    return 3.5 if kind == "lever" else 2.5


async def _campaign(
    ctx: DemoContext,
    *,
    title: str,
    start_days: int,
    end_days: int,
    respondents: dict[str, tuple[str, ...]],
    overrides: dict[str, tuple[float, float, float]],
    previous: int | None,
) -> int:
    row = (
        await Diagnosis.select(Diagnosis.id)
        .where((Diagnosis.organization == ctx.organization_id) & (Diagnosis.title == title))
        .first()
    )
    if row is not None:
        return int(row["id"])
    today = local_today()
    now = utcnow()
    director = ctx.users.get("direction@demo.example")
    diagnosis = Diagnosis(
        organization=ctx.organization_id,
        title=title,
        period_start=today - timedelta(days=start_days),
        period_end=today - timedelta(days=end_days),
        status="closed",
        previous=previous,
        created_by=director,
        created_at=now,
        opened_at=now,
        closed_at=now,
    )
    await diagnosis.save()
    await DiagnosisStatement.insert(
        *[
            DiagnosisStatement(diagnosis=diagnosis.id, code=code, dimension=dim, kind=kind, text=text, position=i)
            for i, (code, dim, kind, text) in enumerate(rules.DEFAULT_GRID, start=1)
        ]
    )
    statements = await DiagnosisStatement.select().where(DiagnosisStatement.diagnosis == diagnosis.id)
    emails = [e for group in respondents.values() for e in group]
    ids = {r["email"]: r["id"] for r in await User.select(User.id, User.email).where(User.email.is_in(emails))}
    answers = []
    for college_index, (college, people) in enumerate(respondents.items()):
        for person, email in enumerate(people):
            if email not in ids:
                continue
            for s in statements:
                target = _target(s["code"], s["kind"], list(rules.COLLEGES).index(college), overrides)
                answers.append(
                    DiagnosisAnswer(
                        diagnosis=diagnosis.id,
                        statement=s["id"],
                        user=ids[email],
                        college=college,
                        score=_score(target, person + college_index, s["position"]),
                        comment="",
                        updated_at=now,
                    )
                )
    await DiagnosisAnswer.insert(*answers)
    ctx.created.append(f"diagnostic {title}")
    return int(diagnosis.id)


async def demo_step(ctx: DemoContext) -> None:
    """Last year's diagnosis, then this year's compared with it, and an action from the largest gap."""
    previous = await _campaign(
        ctx,
        title=PREVIOUS,
        start_days=730,
        end_days=366,
        respondents=PREVIOUS_RESPONDENTS,
        overrides=PREVIOUS_TARGETS,
        previous=None,
    )
    current = await _campaign(
        ctx, title=CURRENT, start_days=365, end_days=0, respondents=RESPONDENTS, overrides={}, previous=previous
    )
    if await DiagnosisAction.exists().where(DiagnosisAction.diagnosis == current):
        return
    statement = (
        await DiagnosisStatement.select(DiagnosisStatement.id)
        .where((DiagnosisStatement.diagnosis == current) & (DiagnosisStatement.code == "fct_registres"))
        .first()
    )
    owner = await User.select(User.id).where(User.email == "drh@demo.example").first()
    if statement is None or owner is None:
        return
    await DiagnosisAction(
        diagnosis=current,
        statement=statement["id"],
        title="Répondre par écrit à chaque question du registre dans le délai, et faire le point en séance",
        owner=owner["id"],
        due_on=local_today() + timedelta(days=90),
        status="planned",
        created_by=ctx.users.get("direction@demo.example"),
        created_at=utcnow(),
    ).save()
    ctx.created.append("action du diagnostic")
