"""Issue 13 — the barometer's organiser as the adversary: five attacks that re-identified a respondent.

The director both runs the barometer and reads its results. Each test plays one attack through the API (or,
for storage, the database itself) and asserts it now learns nothing: (1) differencing live counts, (2) telling
"0" from "hidden", (3) flooding a group with codes created after opening, (4) adding and subtracting cells of
every breakdown, (5) linking comments or rows to arrival order or time. Green on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import pytest

from dialogue.core.db import get_engine, is_sqlite
from dialogue.qvt import barometer_suppression as anonymity
from tests.api.qvt_helpers import DIRECTION, answer, answers_for, establishments, invite, new_barometer
from tests.api.test_pages import HTML, sign_in

K = 5
SECRETARY = "secretaire@demo.example"
"""An élue of the CSE sitting on the QVT steering committee."""


async def _open(client: Any, director: dict[str, str], barometer_id: int) -> None:
    opened = await client.post(f"/api/v1/barometers/{barometer_id}/open", headers=director)
    assert opened.status_code == 200, opened.text


async def _close(client: Any, director: dict[str, str], barometer_id: int) -> None:
    closed = await client.post(f"/api/v1/barometers/{barometer_id}/close", headers=director)
    assert closed.status_code == 200, closed.text


async def _codes(
    client: Any, director: dict[str, str], barometer_id: int, place: int, department: str, n: int
) -> list[str]:
    return await invite(
        client, director, barometer_id, [{"establishment_id": place, "department": department, "count": n}]
    )


async def _participation(client: Any, headers: dict[str, str], barometer_id: int) -> dict[str, Any]:
    response = await client.get(f"/api/v1/barometers/{barometer_id}/participation", headers=headers)
    assert response.status_code == 200, response.text
    return {i["department"]: i for i in response.json()["items"]}


# ---------------------------------------------------------------- an attacker's exact linear algebra


def _rank(vectors: Iterable[Sequence[int]]) -> int:
    """Rank over the rationals (Gaussian elimination with fractions): the attacker's exact arithmetic."""
    rows = [[Fraction(x) for x in v] for v in vectors]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _derivable(shown: list[list[int]], target: list[int]) -> bool:
    """Whether `target` is a sum of shown cells with any positive or negative weights."""
    return _rank([*shown, target]) == _rank(shown) if shown else not any(target)


def _vectors(atoms: list[tuple[str, str]], cells: dict[tuple[str, str], set[tuple[str, str]]]) -> dict[Any, list[int]]:
    return {cell: [1 if a in members else 0 for a in atoms] for cell, members in cells.items()}


# ---------------------------------------------------------------- attack 1: differencing live counts


async def test_organiser_differencing_live_counts_never_sees_one_arrival(client: Any, auth: Any) -> None:
    """The director reads participation after each colleague answers: a count that moves by one names who did."""
    director = await auth(DIRECTION)
    secretary = await auth(SECRETARY)
    places = await establishments(client, director)
    barometer = await new_barometer(client, director)
    codes = await invite(
        client, director, barometer["id"], [{"establishment_id": places["ehpad"], "department": "Nuit", "count": 12}]
    )
    await invite(
        client, director, barometer["id"], [{"establishment_id": places["ime"], "department": "Externat", "count": 6}]
    )
    await _open(client, director, barometer["id"])
    seen_group: list[int | None] = []
    seen_total: list[int | None] = []
    for arrived in range(len(codes) + 1):
        if arrived:
            assert (await answer(client, codes[arrived - 1], {"sens_1": 3})).status_code == 201
        as_director = await _participation(client, director, barometer["id"])
        assert as_director == await _participation(client, secretary, barometer["id"]), "same view for every reader"
        seen_group.append(as_director["Nuit"]["respondents"])
        total = (await client.get(f"/api/v1/barometers/{barometer['id']}", headers=director)).json()
        seen_total.append(total["respondents"])
        assert as_director["Externat"]["respondents"] is None, "zero answers look hidden"
    assert seen_group == [None] * 5 + [5] * 5 + [10] * 3
    assert seen_total == seen_group
    for shown in (seen_group, seen_total):
        changes = [b - a for a, b in itertools.pairwise(shown) if a is not None and b != a]
        assert all(step == K for step in changes), changes


# ---------------------------------------------------------------- attack 2: zero versus hidden


async def test_zero_and_hidden_look_the_same_to_every_reader(client: Any, auth: Any) -> None:
    """An empty department and one of three answers must read alike, live and in the results."""
    director = await auth(DIRECTION)
    places = await establishments(client, director)
    barometer = await new_barometer(client, director)
    sizes = {"Vide": (5, 0), "Trois": (5, 3), "Grand": (10, 9), "Moyen": (8, 7)}
    codes = {
        name: await invite(
            client, director, barometer["id"], [{"establishment_id": places["ehpad"], "department": name, "count": n}]
        )
        for name, (n, _) in sizes.items()
    }
    await _open(client, director, barometer["id"])
    for name, (_, answering) in sizes.items():
        for code in codes[name][:answering]:
            assert (await answer(client, code, answers_for(barometer["questions"], {}, default=2))).status_code == 201
    live = await _participation(client, director, barometer["id"])
    assert live["Vide"]["respondents"] is None and live["Trois"]["respondents"] is None
    assert {k: v for k, v in live["Vide"].items() if k not in {"department", "label", "invited"}} == {
        k: v for k, v in live["Trois"].items() if k not in {"department", "label", "invited"}
    }
    await _close(client, director, barometer["id"])
    for reader in (director, await auth(SECRETARY)):
        results = (
            await client.get(f"/api/v1/barometers/{barometer['id']}/results?group_by=department", headers=reader)
        ).json()
        by_name = {g["label"].rsplit(" — ", 1)[1]: g for g in results["groups"]}
        empty, three = by_name["Vide"], by_name["Trois"]
        assert empty["withheld"] == three["withheld"] == "small_group"
        for key in ("respondents", "participation", "withheld_reason", "late_codes"):
            assert empty[key] == three[key], key
        assert empty["themes"] == three["themes"], "an empty group lists every theme, withheld like a small one"
        assert all(t["respondents"] is None and t["mean"] is None for t in empty["themes"])
        # Nor can it be recovered as a difference: the establishment minus the shown departments.
        shown = sum(g["respondents"] for g in results["groups"] if g["respondents"] is not None)
        establishment = next(
            g
            for g in (
                await client.get(f"/api/v1/barometers/{barometer['id']}/results?group_by=establishment", headers=reader)
            ).json()["groups"]
            if g["group"] == str(places["ehpad"])
        )
        assert establishment["respondents"] is None or establishment["respondents"] - shown >= K


# ---------------------------------------------------------------- attack 3: late codes flooding a group


async def test_late_codes_flooding_a_group_are_flagged_to_the_committee_and_the_group_withheld(
    client: Any, auth: Any
) -> None:
    """One colleague answers in Cuisine; the director then creates five codes and answers them himself."""
    director = await auth(DIRECTION)
    secretary = await auth(SECRETARY)
    places = await establishments(client, director)
    barometer = await new_barometer(client, director)
    bid = barometer["id"]
    cuisine = await _codes(client, director, bid, places["ehpad"], "Cuisine", 5)
    others = await _codes(client, director, bid, places["ehpad"], "Soins", 12)
    ime = await _codes(client, director, bid, places["ime"], "Internat", 9)
    await _open(client, director, bid)
    questions = barometer["questions"]
    assert (await answer(client, cuisine[0], answers_for(questions, {}, default=1))).status_code == 201
    for code in others[:10] + ime[:8]:
        assert (await answer(client, code, answers_for(questions, {}, default=4))).status_code == 201
    late = await _codes(client, director, bid, places["ehpad"], "Cuisine", 5)
    fresh = await _codes(client, director, bid, places["ime"], "Nouveau", 6)
    for code in late + fresh:
        assert (await answer(client, code, answers_for(questions, {}, default=5))).status_code == 201

    # The whole steering committee, élus included, sees the late codes before any result.
    read = (await client.get(f"/api/v1/barometers/{bid}", headers=secretary)).json()
    assert read["late_codes"] == 11
    live = await _participation(client, secretary, bid)
    assert (live["Cuisine"]["late_codes"], live["Nouveau"]["late_codes"], live["Soins"]["late_codes"]) == (5, 6, 0)

    await _close(client, director, bid)
    results = (await client.get(f"/api/v1/barometers/{bid}/results?group_by=department", headers=secretary)).json()
    assert results["late_codes"] == 11
    by_name = {g["label"].rsplit(" — ", 1)[1]: g for g in results["groups"]}
    for name in ("Cuisine", "Nouveau"):
        assert by_name[name]["withheld"] == "late_codes", by_name[name]
        assert by_name[name]["respondents"] is None
        assert "codes créés après l'ouverture" in by_name[name]["withheld_reason"]
        assert all(t["mean"] is None and t["distribution"] is None for t in by_name[name]["themes"])
    assert by_name["Cuisine"]["late_codes"] == 5
    assert by_name["Soins"]["late_codes"] == 0
    # The genuine answer cannot be isolated through the establishment either: EHPAD minus Soins is withheld
    # or is the 6 answers of Cuisine together (5 of them the director's), never the colleague's alone.
    per_est = (await client.get(f"/api/v1/barometers/{bid}/results?group_by=establishment", headers=secretary)).json()
    ehpad = next(g for g in per_est["groups"] if g["group"] == str(places["ehpad"]))
    if ehpad["withheld"] is None and by_name["Soins"]["withheld"] is None:
        assert ehpad["respondents"] - by_name["Soins"]["respondents"] == 6
    await sign_in(client, SECRETARY)
    page = await client.get(f"/barometres/{bid}/resultats?regroupement=department", headers=HTML)
    assert page.status_code == 200
    assert "Codes créés après l&#39;ouverture : 11." in page.text


def test_late_codes_rule_defines_largely_as_more_than_half_of_the_answers() -> None:
    assert anonymity.LATE_CODES_MAX_SHARE == 0.5
    assert not anonymity.late_codes_withheld(used=20, late_used=0, min_group_size=K)
    assert not anonymity.late_codes_withheld(used=20, late_used=10, min_group_size=K)
    assert anonymity.late_codes_withheld(used=20, late_used=11, min_group_size=K)
    # Fewer than k answers through the codes printed before opening: the late ones could be subtracted.
    assert anonymity.late_codes_withheld(used=8, late_used=4, min_group_size=K)


# ---------------------------------------------------------------- attack 4: differencing across breakdowns

#: (establishment, department, staff category or None) → respondents.
CROSS = {
    ("ehpad", "Hébergement", "soin"): 6,
    ("ehpad", "Hébergement", "encadrement"): 1,
    ("ehpad", "Hébergement", None): 1,
    ("ehpad", "Cuisine", "services_generaux"): 3,
    ("ehpad", "Nuit", "soin"): 5,
    ("ehpad", "Nuit", "services_generaux"): 1,
    ("ime", "Internat", "educatif"): 7,
    ("ime", "Internat", "administratif"): 1,
    ("ime", "Externat", "educatif"): 4,
}


async def test_no_hidden_cell_is_derivable_by_adding_or_subtracting_any_breakdown(client: Any, auth: Any) -> None:
    """The attacker downloads the total and every group_by, then solves for each withheld cell exactly."""
    director = await auth(DIRECTION)
    places = await establishments(client, director)
    barometer = await new_barometer(client, director, ask_staff_category=True)
    bid = barometer["id"]
    department_sizes: dict[tuple[str, str], int] = {}
    for (est, dept, _), n in CROSS.items():
        department_sizes[(est, dept)] = department_sizes.get((est, dept), 0) + n
    codes = {key: await _codes(client, director, bid, places[key[0]], key[1], n) for key, n in department_sizes.items()}
    await _open(client, director, bid)
    rng = random.Random(13)
    for (est, dept, category), n in CROSS.items():
        for _ in range(n):
            code = codes[(est, dept)].pop()
            values = {t: rng.randint(1, 5) for t in {q["theme"] for q in barometer["questions"]}}
            sent = await answer(client, code, answers_for(barometer["questions"], values), staff_category=category)
            assert sent.status_code == 201, sent.text
    await _close(client, director, bid)

    published: dict[str, dict[str, Any]] = {}
    for group_by in ("establishment", "department", "staff_category"):
        response = await client.get(f"/api/v1/barometers/{bid}/results?group_by={group_by}", headers=director)
        assert response.status_code == 200, response.text
        published[group_by] = response.json()
    # What the attacker knows of the structure: departments (and their establishment) and categories.
    departments = [g["group"] for g in published["department"]["groups"]]
    categories = [g["group"] for g in published["staff_category"]["groups"]]
    atoms = [(d, c) for d in departments for c in categories]
    cells: dict[tuple[str, str], set[tuple[str, str]]] = {("total", ""): set(atoms)}
    for g in published["establishment"]["groups"]:
        cells[("establishment", g["group"])] = {a for a in atoms if a[0].partition("/")[0] == g["group"]}
    for d in departments:
        cells[("department", d)] = {a for a in atoms if a[0] == d}
    for c in categories:
        cells[("staff_category", c)] = {a for a in atoms if a[1] == c}
    vectors = _vectors(atoms, cells)
    overall = published["department"]["overall"]
    groups = {(b, g["group"]): g for b, body in published.items() for g in body["groups"]}
    groups[("total", "")] = overall

    hidden = [c for c in cells if groups[c]["respondents"] is None]
    shown = [c for c in cells if groups[c]["respondents"] is not None]
    assert len(hidden) >= 4, "the scenario has small cells in every breakdown"
    for cell in hidden:
        assert not _derivable([vectors[s] for s in shown], vectors[cell]), f"{cell} derivable from shown cells"
    # Per theme too: a theme shown for some cells and withheld for others is attacked the same way.
    for theme in [t["theme"] for t in overall["themes"]]:

        def stats(cell: tuple[str, str], theme: str = theme) -> dict[str, Any]:
            return next(t for t in groups[cell]["themes"] if t["theme"] == theme)

        theme_shown = [vectors[c] for c in cells if stats(c)["mean"] is not None]
        for cell in cells:
            if stats(cell)["mean"] is None:
                assert not _derivable(theme_shown, vectors[cell]), f"{theme}: {cell} derivable"
    # And what any difference does give is the sum of several withheld cells: never fewer than k people.
    for parent, parts in anonymity.Layout(places=tuple(departments), categories=tuple(categories)).partitions():
        if groups[parent]["respondents"] is None:
            continue
        gone = [p for p in parts if groups[p]["respondents"] is None]
        if gone:
            residue = groups[parent]["respondents"] - sum(
                groups[p]["respondents"] for p in parts if groups[p]["respondents"] is not None
            )
            assert residue >= K, (parent, gone, residue)


@pytest.mark.parametrize("seed", range(60))
def test_random_layouts_leave_no_hidden_cell_derivable(seed: int) -> None:
    """The joint suppression against the attacker's solver, on random establishments, departments, categories."""
    rng = random.Random(seed)
    places = tuple(f"{e}/{d}" for e in range(rng.randint(1, 3)) for d in ["", "A", "B", "C"][: rng.randint(1, 4)])
    categories = tuple(["soin", "educatif", "Non renseigné", "encadrement"][: rng.randint(1, 4)])
    layout = anonymity.Layout(places=places, categories=categories)
    counts = {a: rng.choice([0, 0, 1, 2, 3, 4, 6, 9]) for a in layout.atoms()}
    withheld = {("department", places[0]): "late_codes"} if rng.random() < 0.3 else None
    hidden = anonymity.suppress_all(counts, layout, min_group_size=K, withheld=withheld)
    cells = {c: set(a) for c, a in layout.cells().items()}
    vectors = _vectors(layout.atoms(), cells)
    shown = [vectors[c] for c in cells if c not in hidden]
    size = {c: sum(counts[a] for a in atoms) for c, atoms in cells.items()}
    for cell in hidden:
        assert not _derivable(shown, vectors[cell]), cell
    if size[("total", "")] >= K and withheld:
        assert hidden[("department", places[0])] == "late_codes"
    for cell, n in size.items():
        if n < K:
            assert cell in hidden, (cell, n)


# ---------------------------------------------------------------- attack 5: comments, arrival order, time


async def test_comments_rows_and_times_link_no_answer_to_its_moment(client: Any, auth: Any) -> None:
    """Twelve colleagues answer one after another, each with a recognisable comment: the order of arrival
    (or a time) must be readable nowhere — neither in the comments shown nor in the rows stored."""
    director = await auth(DIRECTION)
    places = await establishments(client, director)
    barometer = await new_barometer(client, director)
    bid = barometer["id"]
    codes = await _codes(client, director, bid, places["ehpad"], "Soins", 8)
    codes += await _codes(client, director, bid, places["ime"], "Internat", 6)
    await _open(client, director, bid)
    arrival = [f"Avis numéro {i:02d}" for i in range(12)]
    for code, text in zip(codes, arrival, strict=False):
        sent = await answer(client, code, {"sens_1": 3}, comments={"general": text})
        assert sent.status_code == 201

    engine = get_engine()
    order_sql = (
        "SELECT c.text AS text FROM qvt_barometer_response r JOIN qvt_barometer_comment c ON c.response = r.id "
        "WHERE r.barometer = {} ORDER BY " + ("r.id" if is_sqlite() else "r.ctid")
    )
    if is_sqlite():
        with pytest.raises(Exception, match="rowid"):
            await engine.run_ddl("SELECT rowid FROM qvt_barometer_response")
        stored = [r["text"] for r in await engine.run_ddl(order_sql.format(int(bid)))]
        assert sorted(stored) == arrival and stored != arrival, "rows sit in the order of their random keys"
    await _close(client, director, bid)
    stored = [r["text"] for r in await engine.run_ddl(order_sql.format(int(bid)))]
    assert sorted(stored) == arrival
    assert stored != arrival, "closing reinserts the rows in a random order"

    readings = []
    for group_by in ("establishment", "department", "establishment"):
        results = (await client.get(f"/api/v1/barometers/{bid}/results?group_by={group_by}", headers=director)).json()
        comments = results["comments"]
        assert all(set(c) == {"theme", "label", "text"} for c in comments), "no group label on a comment"
        readings.append([c["text"] for c in comments])
    for texts in readings:
        assert sorted(texts) == arrival
        assert texts != arrival, "not the order of arrival"
    assert len({tuple(t) for t in readings}) > 1, "shuffled anew, not one fixed order"
    # Only the steering committee reads them.
    outsider = await auth("nadia.benali@demo.example")
    refused = await client.get(f"/api/v1/barometers/{bid}/results", headers=outsider)
    assert refused.status_code == 403
    assert "Avis numéro" not in refused.text
    # No time finer than the campaign's: no answer, comment or code row carries a date or a time.
    for table in ("qvt_barometer_response", "qvt_barometer_answer", "qvt_barometer_comment", "qvt_barometer_link"):
        if is_sqlite():
            columns = await engine.run_ddl(f'PRAGMA table_info("{table}")')
            kinds = [str(c["type"]).lower() for c in columns]
        else:
            columns = await engine.run_ddl(
                f"SELECT data_type AS type FROM information_schema.columns WHERE table_name = '{table}'"
            )
            kinds = [str(c["type"]).lower() for c in columns]
        assert not any("time" in k or k == "date" for k in kinds), (table, kinds)


async def test_demo_shows_a_flagged_late_code_and_a_withheld_group(client: Any, auth: Any) -> None:
    secretary = await auth(SECRETARY)
    me = (await client.get("/api/v1/me", headers=secretary)).json()
    listed = (await client.get(f"/api/v1/organizations/{me['organization_id']}/barometers", headers=secretary)).json()
    by_status = {b["status"]: b for b in listed["items"] if b["title"].startswith("Baromètre QVT ")}
    assert by_status["open"]["late_codes"] == 2
    closed = by_status["closed"]
    results = (
        await client.get(f"/api/v1/barometers/{closed['id']}/results?group_by=department", headers=secretary)
    ).json()
    cuisine = next(g for g in results["groups"] if g["label"].endswith("Cuisine"))
    assert (cuisine["withheld"], cuisine["late_codes"], cuisine["respondents"]) == ("late_codes", 4, None)
