"""Time to aggregate a barometer of 5,000 responses × 40 questions, read from the database.

    PYTHONPATH=src .venv/bin/python bench/barometer.py                        # SQLite
    PYTHONPATH=src scripts/with-postgres.sh .venv/bin/python bench/barometer.py   # SQLite and PostgreSQL

Prints, per engine, the time of the service's `compute_results` (SQL read + anonymity-preserving
aggregation) by establishment and by department, and the share spent in the pure aggregation.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._harness import each_engine
from piccolo.querystring import QueryString

RESPONSES = 5_000
QUESTIONS = 40
GROUPS = [("EHPAD", f"Unité {i}") for i in range(1, 7)] + [("IME", f"Service {i}") for i in range(1, 5)]
RUNS = 3
ROWS_SQL = """
SELECT r.id AS rid, r.establishment AS est, r.department AS dept, q.theme AS theme, a.value AS value
FROM qvt_barometer_answer a
JOIN qvt_barometer_response r ON r.id = a.response
JOIN qvt_barometer_question q ON q.id = a.question
WHERE r.barometer = {}
"""


async def _fill(settings_url: str) -> int:
    from dialogue.bodies.tables import Body
    from dialogue.cli import run_migrations
    from dialogue.core import db
    from dialogue.core.clock import utcnow
    from dialogue.organizations.tables import Establishment, Organization
    from dialogue.qvt.rules import THEMES
    from dialogue.qvt.tables import (
        Barometer,
        BarometerAnswer,
        BarometerGroup,
        BarometerQuestion,
        BarometerResponse,
    )
    from dialogue.settings import Settings

    settings = Settings(database_url=settings_url, secret_key="bench-secret-key-0123456789abcdef0123456789")
    os.environ["PICCOLO_CONF"] = "dialogue.piccolo_conf"
    os.environ["DIALOGUE_DATABASE_URL"] = settings_url
    await run_migrations(settings, quiet=True)
    rng = random.Random(5000)
    async with db.transaction():
        org = Organization(name="Bench", headcount=6000, created_at=utcnow())
        await org.save()
        establishments = {}
        for name in {g[0] for g in GROUPS}:
            est = Establishment(organization=org.id, name=name, headcount=3000, created_at=utcnow())
            await est.save()
            establishments[name] = est.id
        body = Body(organization=org.id, name="Comité de pilotage QVT", kind="qvt_steering", created_at=utcnow())
        await body.save()
        barometer = Barometer(
            organization=org.id, body=body.id, title="Bench", year=2026, status="closed", created_at=utcnow()
        )
        await barometer.save()
        themes = list(THEMES)
        questions = [
            BarometerQuestion(
                barometer=barometer.id, code=f"q{i}", theme=themes[i % len(themes)], label=f"Q{i}", position=i
            )
            for i in range(QUESTIONS)
        ]
        await BarometerQuestion.insert(*questions)
        question_ids = [
            q["id"]
            for q in await BarometerQuestion.select(BarometerQuestion.id).where(
                BarometerQuestion.barometer == barometer.id
            )
        ]
        per_group = RESPONSES // len(GROUPS)
        for est, department in GROUPS:
            await BarometerGroup.insert(
                BarometerGroup(
                    barometer=barometer.id,
                    establishment=establishments[est],
                    department=department,
                    invited=per_group + 20,
                )
            )
        responses: list[BarometerResponse] = []
        answers: list[BarometerAnswer] = []
        for i in range(RESPONSES):
            est, department = GROUPS[i % len(GROUPS)]
            response_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            responses.append(
                BarometerResponse(
                    id=response_id, barometer=barometer.id, establishment=establishments[est], department=department
                )
            )
            answers.extend(
                BarometerAnswer(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    response=response_id,
                    question=q,
                    value=rng.randint(1, 5),
                )
                for q in question_ids
            )
        for start in range(0, len(responses), 500):
            await BarometerResponse.insert(*responses[start : start + 500])
        for start in range(0, len(answers), 500):
            await BarometerAnswer.insert(*answers[start : start + 500])
    return int(barometer.id)


async def _measure(url: str) -> None:
    from dialogue.core import db
    from dialogue.piccolo_app import APP_CONFIG
    from dialogue.qvt import barometer as service
    from dialogue.qvt import rules
    from dialogue.qvt.schemas import GroupBy

    engine = db.create_engine(url)
    db.bind_engine(engine, tables=APP_CONFIG.table_classes)
    await db.start_pool(min_size=1, max_size=2)
    try:
        started = time.perf_counter()
        barometer_id = await _fill(url)
        fill = time.perf_counter() - started
        name = "SQLite" if db.is_sqlite(engine) else "PostgreSQL"
        print(f"{name}: {RESPONSES} réponses × {QUESTIONS} questions insérées en {fill:.1f} s")
        for group_by in (GroupBy.establishment, GroupBy.department):
            timings = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                results, _ = await service.compute_results(
                    barometer_id=barometer_id, group_by=group_by, min_group_size=5
                )
                timings.append(time.perf_counter() - t0)
            assert results.overall.respondents == RESPONSES
            print(
                f"  agrégation par {group_by.value:<13}: {statistics.median(timings) * 1000:7.0f} ms "
                f"(médiane de {RUNS}, lecture SQL comprise)"
            )
        # For comparison: every answer read into Python, then the row-level aggregation.
        t0 = time.perf_counter()
        rows = await engine.run_querystring(QueryString(ROWS_SQL, barometer_id))
        read = time.perf_counter() - t0
        profiles: dict[object, dict[str, str]] = {}
        answer_rows = []
        for r in rows:
            profile = profiles.setdefault(r["rid"], {"g": f"{r['est']}/{r['dept']}"})
            answer_rows.append((r["rid"], profile, r["theme"], r["value"]))
        t0 = time.perf_counter()
        rules.aggregate(answer_rows, group_key="g")
        pure = time.perf_counter() - t0
        print(
            f"  pour comparaison, lire les {len(answer_rows)} réponses élémentaires : {read * 1000:.0f} ms, "
            f"puis les agréger en Python : {pure * 1000:.0f} ms"
        )
    finally:
        await db.close_pool()


def main() -> None:
    each_engine(__file__, _measure)


if __name__ == "__main__":
    main()
