"""A year of delegation hours for the demo CSE: each élu's monthly uses (deducted or not, L2315-11), hours shared
every other month with the employer told 10 days before (R2315-6), and one declaration refused at the 1.5× cap
(R2315-5), kept as a refusal; last month, one titulaire uses 4 h of carried hours announced to the employer 9 days
before (R2315-5), and one élue works part-time (L3123-14: 104 h a month, some hours used outside working time).
Rows are written directly for the past months (the service dates notices today); the amounts stay within the rules,
which recompute every statement from them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.delegation import rules, service
from dialogue.delegation.rules import MINUTES, TimeKind
from dialogue.delegation.tables import DelegationProfile, DelegationRecord

#: The part-time élue's contractual monthly working time: 24 h a week (L3123-14: a third is 34 h 40).
PART_TIME_MINUTES = 104 * MINUTES

#: Share of the monthly credit each élu uses, month after month (a realistic, uneven pattern).
USE_PATTERN = (0.6, 0.85, 0.45, 0.7, 1.0, 0.55, 0.8, 0.35, 0.9, 0.65, 0.5, 0.75)
SUBJECTS = (
    "Préparation de la réunion du CSE",
    "Rencontre des salariés du service de nuit",
    "Rédaction de l'avis sur le plan de formation",
    "Permanence au local du CSE",
    "Visite du foyer d'hébergement",
    "Étude du rapport sur l'égalité professionnelle",
)


def _day(key: str, day: int) -> date:
    start = rules.month_start(key)
    return start + timedelta(days=min(day, 27))


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: nothing happens once the demo CSE holds a delegation record."""
    body_id = ctx.bodies.get("cse")
    if body_id is None or await DelegationRecord.exists().where(DelegationRecord.body == body_id):
        return
    org = ctx.organization_id
    secretary = Actor(user_id=ctx.users["secretaire@demo.example"], organization_id=org)
    today = local_today()
    current = rules.month_key(today)
    rows: list[DelegationRecord] = []

    def add(member_id: int, key: str, day: int, minutes: int, **fields: Any) -> None:
        rows.append(
            DelegationRecord(
                organization=org,
                body=body_id,
                member=member_id,
                day=_day(key, day),
                month=key,
                minutes=minutes,
                recorded_by=ctx.users["secretaire@demo.example"],
                recorded_at=utcnow(),
                **fields,
            )
        )

    part_timer: int | None = None
    done: set[str] = set()
    for back in range(12, 0, -1):
        key = rules.add_month(current, -back)
        table = await service.body_hours(actor=secretary, month=key, body_id=body_id)
        credited = [item for item in table.items if item.credit > 0]
        if part_timer is None:
            busy = {ctx.users.get("elu@demo.example"), ctx.users.get("secretaire@demo.example")}
            part_timer = next(
                (i.member_id for i in reversed(credited) if i.role == "titular" and i.user_id not in busy), -1
            )
        substitutes = [item for item in table.items if item.role == "substitute"]
        for index, item in enumerate(credited):
            share = USE_PATTERN[(back + index) % len(USE_PATTERN)]
            minutes = int(item.credit * share * 4) * MINUTES // 4
            if minutes:
                outside = item.member_id == part_timer and back % 3 == 0  # L3123-14: outside working time
                add(
                    item.member_id,
                    key,
                    3 + index * 2,
                    minutes,
                    kind="use",
                    subject=SUBJECTS[(back + index) % 6],
                    outside_working_time=outside,
                )
            if back == 1 and item.role == "titular" and item.member_id != part_timer and "carried" not in done:
                # R2315-5: beyond the month's credit, 4 h of carried hours, announced 9 days before
                done.add("carried")
                use_on = _day(key, 18)
                add(
                    item.member_id,
                    key,
                    18,
                    4 * MINUTES,
                    kind="notice",
                    notified_on=use_on - timedelta(days=9),
                    subject="Préparation des élections professionnelles",
                )
                extra = round(item.credit * MINUTES) - minutes + 4 * MINUTES
                add(item.member_id, key, 18, extra, kind="use", subject="Préparation des élections professionnelles")
            add(
                item.member_id,
                key,
                12,
                150,
                kind="use",
                time_kind=TimeKind.employer_meeting.value,
                subject="Réunion ordinaire du CSE",
            )
        giver = next((i for i in credited if i.role == "titular"), None)
        if giver is not None and substitutes and back % 2 == 0:
            receiver = substitutes[0]
            use_on = _day(key, 20)
            add(
                giver.member_id,
                key,
                20,
                3 * MINUTES,
                kind="transfer",
                to_member=receiver.member_id,
                notified_on=use_on - timedelta(days=10),
                subject="Répartition pour la commission formation",
            )
            add(receiver.member_id, key, 20, 3 * MINUTES, kind="use", subject="Commission formation")
        if back == 3 and giver is not None:
            cap = rules.monthly_cap_minutes(round(giver.credit * MINUTES))
            add(
                giver.member_id,
                key,
                25,
                12 * MINUTES,
                kind="refusal",
                article="R2315-5",
                detail=f"Plafond dépassé : au plus {rules.format_hours(cap)} dans le mois, soit une fois et demie le "
                "crédit mensuel (art. R2315-5 du Code du travail).",
                subject="Préparation des élections",
            )
    if part_timer is not None and part_timer > 0:
        await DelegationProfile.insert(
            DelegationProfile(
                member=part_timer,
                monthly_working_minutes=PART_TIME_MINUTES,
                basis="Contrat de travail à temps partiel (24 h par semaine)",
                recorded_by=ctx.users["secretaire@demo.example"],
                recorded_at=utcnow(),
            )
        )
    if rows:
        await DelegationRecord.insert(*rows)
        ctx.created.append(f"heures de délégation du CSE ({len(rows)} enregistrements)")
