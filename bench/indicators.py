"""Time to compute every indicator of an organisation with 10 bodies and 10 years of history.

    PYTHONPATH=src .venv/bin/python bench/indicators.py                            # SQLite
    PYTHONPATH=src scripts/with-postgres.sh .venv/bin/python bench/indicators.py   # SQLite and PostgreSQL

Generates (rows inserted directly, in bulk, for speed) 10 CSEs × 10 years: 20 meetings a year each
(2,000 meetings, attendance, minutes, agenda approvals), 1,000 register entries a year each (100,000:
questions and DGI alerts, most answered), then times the organisation-level report with monthly series
and the previous period — one year, then ten years — and prints the growth from 1× to 10× the data.
Target: a year under 1 s on PostgreSQL; growth no worse than linear (ratio ≤ 10).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._harness import each_engine

BODIES = int(os.environ.get("BENCH_INDICATOR_BODIES", "10"))
YEARS = int(os.environ.get("BENCH_INDICATOR_YEARS", "10"))
MEETINGS_PER_YEAR = 20
ENTRIES_PER_YEAR = int(os.environ.get("BENCH_INDICATOR_ENTRIES", "1000"))
FIRST_YEAR = 2016
RUNS = 3
CHUNK = 1_000


async def _insert(table: type, rows: list[object]) -> None:
    for start in range(0, len(rows), CHUNK):
        await table.insert(*rows[start : start + CHUNK])  # type: ignore[attr-defined]


async def _fill() -> tuple[int, dict[str, int]]:
    from dialogue.auth.tables import User
    from dialogue.bodies.tables import Body, Member
    from dialogue.core.db import transaction
    from dialogue.meetings.tables import AgendaApproval, Attendance, Meeting, Minutes
    from dialogue.organizations.tables import Organization
    from dialogue.registers.tables import Register, RegisterEntry, RegisterResponse

    rng = random.Random(7)
    now = datetime.now(UTC)
    counts = {"meetings": 0, "attendance": 0, "entries": 0, "responses": 0}
    async with transaction():
        org = Organization(name="Association Bench", headcount=320, created_at=now)
        await org.save()
        users = [
            User(organization=org.id, email=f"u{i}@bench.example", full_name=f"Élu {i}", created_at=now)
            for i in range(12)
        ]
        await User.insert(*users)
        user_ids = [u["id"] for u in await User.select(User.id).where(User.organization == org.id).order_by(User.id)]
        for b in range(BODIES):
            body = Body(organization=org.id, name=f"CSE {b + 1}", kind="cse", created_at=now)
            await body.save()
            members = [
                Member(
                    body=body.id,
                    user=uid,
                    college="direction" if i == 0 else "elus",
                    role="president" if i == 0 else ("secretary" if i == 1 else "titular"),
                    created_at=now,
                )
                for i, uid in enumerate(user_ids[:11])
            ]
            await Member.insert(*members)
            member_ids = [m["id"] for m in await Member.select(Member.id).where(Member.body == body.id)]
            meetings: list[object] = []
            for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
                for k in range(MEETINGS_PER_YEAR):
                    day = date(year, 1, 10) + timedelta(days=k * 18)
                    starts = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                    cancelled = rng.random() < 0.05
                    meetings.append(
                        Meeting(
                            body=body.id,
                            title=f"Réunion {year}-{k}",
                            kind="ssct" if k % 5 == 0 else "ordinary",
                            treats_ssct=k % 5 == 0,
                            starts_at=starts,
                            ends_at=starts + timedelta(hours=3),
                            status="cancelled" if cancelled else "closed",
                            convened_at=starts - timedelta(days=rng.choice([2, 4, 8, 12])),
                            held_at=None if cancelled else starts,
                            created_at=now,
                            updated_at=now,
                        )
                    )
            await _insert(Meeting, meetings)
            rows = (
                await Meeting.select(Meeting.id, Meeting.starts_at, Meeting.status)
                .where(Meeting.body == body.id)
                .order_by(Meeting.id)
            )
            attendance: list[object] = []
            minutes: list[object] = []
            approvals: list[object] = []
            for m in rows:
                counts["meetings"] += 1
                for role in ("president", "secretary"):
                    if rng.random() < 0.9:
                        approvals.append(
                            AgendaApproval(
                                meeting=m["id"], version=1, role=role, approved_at=m["starts_at"] - timedelta(days=20)
                            )
                        )
                if m["status"] == "cancelled":
                    continue
                for mid in member_ids:
                    attendance.append(
                        Attendance(
                            meeting=m["id"],
                            member=mid,
                            full_name="x",
                            role="titular",
                            status="present" if rng.random() < 0.8 else "absent",
                            recorded_at=now,
                        )
                    )
                sent = m["starts_at"] + timedelta(days=rng.randint(3, 25))
                minutes.append(
                    Minutes(
                        meeting=m["id"],
                        status="adopted",
                        text="PV",
                        submitted_at=sent,
                        adopted_at=sent + timedelta(days=20),
                        created_at=now,
                        updated_at=now,
                    )
                )
            await _insert(Attendance, attendance)
            await _insert(Minutes, minutes)
            await _insert(AgendaApproval, approvals)
            counts["attendance"] += len(attendance)
            for kind in ("questions", "dgi"):
                register = Register(organization=org.id, body=body.id, kind=kind, title=kind, created_at=now)
                await register.save()
                share = 0.9 if kind == "questions" else 0.1
                entries: list[object] = []
                number = 0
                for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
                    for _ in range(int(ENTRIES_PER_YEAR * share)):
                        number += 1
                        day = date(year, 1, 1) + timedelta(days=rng.randint(0, 360))
                        submitted = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
                        meeting_on = day + timedelta(days=7) if kind == "questions" else None
                        due = meeting_on + timedelta(days=7) if meeting_on else day
                        entries.append(
                            RegisterEntry(
                                register=register.id,
                                seq=number,
                                number=number,
                                author=user_ids[1],
                                submitted_at=submitted,
                                subject="Question",
                                body="",
                                fields={},
                                meeting_on=meeting_on,
                                due_on=due,
                                prev_hash="0" * 64,
                                hash="0" * 64,
                            )
                        )
                await _insert(RegisterEntry, entries)
                counts["entries"] += len(entries)
                stored = (
                    await RegisterEntry.select(RegisterEntry.id, RegisterEntry.number, RegisterEntry.submitted_at)
                    .where(RegisterEntry.register == register.id)
                    .order_by(RegisterEntry.id)
                )
                responses: list[object] = []
                for e in stored:
                    if rng.random() < 0.93:
                        at = e["submitted_at"] + timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 12))
                        action, state = ("answer", None) if kind == "questions" else ("dgi_step", "closed")
                        responses.append(
                            RegisterResponse(
                                register=register.id,
                                entry=e["id"],
                                seq=number + len(responses) + 1,
                                number=e["number"],
                                author=user_ids[0],
                                submitted_at=at,
                                action=action,
                                body="Réponse",
                                dgi_state=state,
                                prev_hash="0" * 64,
                                hash="0" * 64,
                            )
                        )
                await _insert(RegisterResponse, responses)
                counts["responses"] += len(responses)
    return int(org.id), counts


async def _measure(database_url: str) -> None:
    from dialogue.cli import run_migrations
    from dialogue.core import db
    from dialogue.core.db import QUERIES
    from dialogue.indicators import service
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
        t0 = time.perf_counter()
        org_id, counts = await _fill()
        print(
            f"{engine} : données générées en {time.perf_counter() - t0:.0f} s — "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        target = service.Target(
            organization_id=org_id, body_id=None, body_kind=None, name="Bench", sees_confidential=True
        )
        last = FIRST_YEAR + YEARS - 1
        timings: dict[str, float] = {}
        for label, start in (("1 an", date(last, 1, 1)), (f"{YEARS} ans", date(FIRST_YEAR, 1, 1))):
            runs = []
            for _ in range(RUNS):
                QUERIES.count = 0
                t0 = time.perf_counter()
                report = await service.report(
                    target=target, from_date=start, to_date=date(last, 12, 31), with_series=True
                )
                runs.append(time.perf_counter() - t0)
            timings[label] = statistics.median(runs)
            values = {i.code: i.value for i in report.items}
            print(
                f"  {label:>6} : {timings[label] * 1000:7.0f} ms (médiane de {RUNS}, séries mensuelles et période "
                f"précédente comprises, {QUERIES.count} requêtes) — "
                f"réunions tenues {values['ordinary_meetings_held']} %, "
                f"questions à temps {values['questions_answered_on_time']} %, score {report.health_score}"
            )
        one, ten = timings["1 an"], timings[f"{YEARS} ans"]
        print(f"  croissance de 1× à {YEARS}× les données : × {ten / one:.1f} (linéaire : × {YEARS})")
    finally:
        await db.close_pool()


def main() -> None:
    each_engine(__file__, _measure)


if __name__ == "__main__":
    main()
