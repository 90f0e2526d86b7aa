"""Time of the monthly statement of delegation hours for a CSE of 30 members over 12 months (goal < 50 ms).

    PYTHONPATH=src .venv/bin/python bench/delegation.py                            # SQLite
    PYTHONPATH=src scripts/with-postgres.sh .venv/bin/python bench/delegation.py   # SQLite and PostgreSQL

Generates one CSE (headcount 320: 22 h a month per titulaire, R2314-1) with 30 élus (20 titulaires, 10 suppléants)
and 12 months of records (rows inserted directly, in bulk): 6 uses a month per titulaire, an employer meeting
(not deducted, L2315-11), a monthly transfer to each suppléant (R2315-6) and a few corrections. Then times the
body's statement of the last month (`GET /bodies/{id}/delegation-hours`: every member's carry-over rebuilt from the
12 months) and one member's « Mes heures », each the median of 20 runs, and prints them with the process's CPU
time (on a shared, loaded machine the wall time mostly measures waiting for a core).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._harness import each_engine

TITULAIRES = 20
SUPPLEANTS = 10
MONTHS = 12
RUNS = 20
GOAL_MS = 50.0


async def _fill() -> tuple[int, int, int, int]:
    from dialogue.auth.tables import User
    from dialogue.bodies.tables import Body, Member
    from dialogue.core.db import transaction
    from dialogue.delegation.rules import add_month, month_start
    from dialogue.delegation.tables import DelegationRecord
    from dialogue.organizations.tables import Organization

    now = datetime.now(UTC)
    last = f"{now.year:04d}-{now.month:02d}"
    first = add_month(last, -(MONTHS - 1))
    async with transaction():
        org = Organization(name="Association Bench", headcount=320, created_at=now)
        await org.save()
        body = Body(organization=org.id, name="CSE Bench", kind="cse", created_at=now, mandate_start=month_start(first))
        await body.save()
        users = [
            User(organization=org.id, email=f"u{i}@bench.example", full_name=f"Élu {i:02d}", created_at=now)
            for i in range(TITULAIRES + SUPPLEANTS + 1)
        ]
        await User.insert(*users)
        ids = [u["id"] for u in await User.select(User.id).where(User.organization == org.id).order_by(User.id)]
        secretary_user = ids[0]
        members = []
        for index, user_id in enumerate(ids):
            role = "secretary" if index == 0 else "titular" if index < TITULAIRES else "substitute"
            members.append(Member(body=body.id, user=user_id, college="elus", role=role))
        await Member.insert(*members)
        rows = await Member.select(Member.id, Member.role).where(Member.body == body.id).order_by(Member.id)
        titulaires = [r["id"] for r in rows if r["role"] != "substitute"]
        suppleants = [r["id"] for r in rows if r["role"] == "substitute"]
        records = []
        for m in range(MONTHS):
            key = add_month(first, m)
            start = month_start(key)
            for t_index, member_id in enumerate(titulaires):
                for u in range(6):
                    records.append(
                        DelegationRecord(
                            organization=org.id,
                            body=body.id,
                            member=member_id,
                            kind="use",
                            day=date(start.year, start.month, 2 + u * 4),
                            month=key,
                            minutes=150 + 15 * ((u + t_index) % 4),
                            subject="Permanence",
                            recorded_by=secretary_user,
                            recorded_at=now,
                        )
                    )
                records.append(
                    DelegationRecord(
                        organization=org.id,
                        body=body.id,
                        member=member_id,
                        kind="use",
                        time_kind="employer_meeting",
                        day=date(start.year, start.month, 15),
                        month=key,
                        minutes=180,
                        recorded_by=secretary_user,
                        recorded_at=now,
                    )
                )
            for s_index, member_id in enumerate(suppleants):
                records.append(
                    DelegationRecord(
                        organization=org.id,
                        body=body.id,
                        member=titulaires[s_index],
                        kind="transfer",
                        to_member=member_id,
                        day=date(start.year, start.month, 20),
                        month=key,
                        minutes=240,
                        notified_on=date(start.year, start.month, 10),
                        recorded_by=secretary_user,
                        recorded_at=now,
                    )
                )
        await DelegationRecord.insert(*records)
        first_use = (
            await DelegationRecord.select(DelegationRecord.id)
            .where((DelegationRecord.body == body.id) & (DelegationRecord.kind == "use"))
            .order_by(DelegationRecord.id)
            .limit(MONTHS)
        )
        await DelegationRecord.insert(
            *[
                DelegationRecord(
                    organization=org.id,
                    body=body.id,
                    member=titulaires[0],
                    kind="correction",
                    corrects=row["id"],
                    day=date(now.year, now.month, 1),
                    month=last,
                    minutes=60,
                    recorded_by=secretary_user,
                    recorded_at=now,
                )
                for row in first_use[:1]
            ]
        )
    return int(org.id), int(body.id), secretary_user, titulaires[1]


async def _measure(database_url: str) -> None:
    from dialogue.cli import run_migrations
    from dialogue.core import db
    from dialogue.core.actor import Actor
    from dialogue.core.db import QUERIES
    from dialogue.delegation import service
    from dialogue.delegation.tables import DelegationRecord
    from dialogue.piccolo_app import APP_CONFIG
    from dialogue.settings import Settings

    os.environ["PICCOLO_CONF"] = "dialogue.piccolo_conf"
    os.environ["DIALOGUE_DATABASE_URL"] = database_url
    settings = Settings(database_url=database_url, secret_key="bench-secret-key-0123456789abcdef0123456789")
    db.bind_engine(db.create_engine(database_url), tables=APP_CONFIG.table_classes)
    await run_migrations(settings, quiet=True)
    await db.start_pool(min_size=1, max_size=4)
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    try:
        org_id, body_id, secretary, member_id = await _fill()
        actor = Actor(user_id=secretary, organization_id=org_id)
        count = await DelegationRecord.count().where(DelegationRecord.body == body_id)
        print(f"{engine} : CSE de {TITULAIRES + SUPPLEANTS + 1} élus, {MONTHS} mois, {count} enregistrements")
        for label, call in (
            ("relevé mensuel de l'instance", lambda: service.body_hours(actor=actor, body_id=body_id)),
            ("« Mes heures » d'un élu", lambda: service.member_hours(actor=actor, member_id=member_id)),
        ):
            runs, cpu = [], []
            for _ in range(RUNS):
                QUERIES.count = 0
                t0, c0 = time.perf_counter(), time.process_time()
                result = await call()
                runs.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            median = statistics.median(runs) * 1000
            cpu_ms = statistics.median(cpu) * 1000
            verdict = "objectif tenu" if median < GOAL_MS else "objectif manqué"
            size = len(getattr(result, "items", []) or getattr(result, "records", []))
            print(
                f"  {label:<30} : {median:6.1f} ms (CPU du processus {cpu_ms:5.1f} ms ; médiane de {RUNS}, "
                f"{QUERIES.count} requêtes, {size} lignes) — "
                f"{verdict} (< {GOAL_MS:.0f} ms)"
            )
    finally:
        await db.close_pool()


def main() -> None:
    each_engine(__file__, _measure)


if __name__ == "__main__":
    main()
