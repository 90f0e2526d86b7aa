"""Results of a closed campaign for the steering committee: suppression over every breakdown, comparison, alerts."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.actor import Actor
from dialogue.core.db import get_engine
from dialogue.core.errors import InvalidState
from dialogue.qvt import barometer_suppression as anonymity
from dialogue.qvt import rules
from dialogue.qvt.barometer.closing import settle
from dialogue.qvt.barometer.reads import (
    OVERALL_LABEL,
    WHOLE_ESTABLISHMENT,
    barometer_row,
    establishment_names,
    invited_and_respondents,
    late_code_count,
    place_label,
    questions_of,
    require_steering_member,
    share,
)
from dialogue.qvt.schemas import (
    AlertRead,
    BarometerResultsRead,
    CommentRead,
    GroupBy,
    GroupResultRead,
    ThemeDeltaRead,
    ThemeResult,
)
from dialogue.qvt.service import steering_access
from dialogue.qvt.tables import (
    Barometer,
    BarometerGroup,
)

RESULTS_NOTICE = (
    "Résultats anonymes : un groupe de moins de {min} répondants n'est jamais affiché (ni moyenne, ni effectif), "
    "et d'autres groupes sont masqués pour qu'aucun groupe masqué ne se déduise par somme ou différence, "
    "quel que soit le regroupement choisi (établissement, service, catégorie)."
)

_JOIN = """
FROM qvt_barometer_answer a
JOIN qvt_barometer_response r ON r.id = a.response
JOIN qvt_barometer_question q ON q.id = a.question
WHERE r.barometer = {}
"""
_PLACE = "r.establishment, r.department, r.staff_category"
_PLACE_AS = "r.establishment AS est, r.department AS dept, r.staff_category AS cat"
#: The database sums the answers; Python only sees a few hundred cells (bench/barometer.py).
_COUNTS_SQL = (
    f"SELECT {_PLACE_AS}, q.theme AS theme, a.value AS value, COUNT(*) AS n {_JOIN} GROUP BY {_PLACE}, q.theme, a.value"
)
_THEME_RESPONDENTS_SQL = (
    f"SELECT {_PLACE_AS}, q.theme AS theme, COUNT(DISTINCT a.response) AS n {_JOIN} GROUP BY {_PLACE}, q.theme"
)
_RESPONDENTS_SQL = f"SELECT {_PLACE_AS}, COUNT(DISTINCT a.response) AS n {_JOIN} GROUP BY {_PLACE}"


def _place(establishment: int | None, department: str) -> str:
    """The key of a group of codes (and of its department cell): "12/Nuit", "-/" without establishment."""
    return f"{establishment if establishment is not None else '-'}/{department}"


_LINKS_SQL = """
SELECT g.establishment AS est, g.department AS dept, l.late AS late, l.used AS used, COUNT(*) AS n
FROM qvt_barometer_link l JOIN qvt_barometer_group g ON g.id = l."group"
WHERE l.barometer = {}
GROUP BY g.establishment, g.department, l.late, l.used
"""


def _group_label(group_by: GroupBy, key: str, names: Mapping[int, str]) -> str:
    if group_by is GroupBy.staff_category:
        return rules.STAFF_CATEGORIES.get(key, rules.UNKNOWN_GROUP)
    est_text, _, department = key.partition("/")
    establishment = None if est_text == "-" else int(est_text)
    if group_by is GroupBy.department and not department:
        department = WHOLE_ESTABLISHMENT
    return place_label(names, establishment, department)


async def compute_results(
    *, barometer_id: int, group_by: GroupBy | None, min_group_size: int
) -> tuple[rules.BarometerResults, dict[str, int]]:
    """Aggregate a campaign in the database per department × staff category, then apply the anonymity rules
    of every breakdown at once (barometer_suppression.build_results).

    Also returns the codes created after opening per group of the breakdown (places only).
    """
    engine = get_engine()
    barometer = await Barometer.select(Barometer.ask_staff_category).where(Barometer.id == barometer_id).first()
    asked = bool(barometer and barometer["ask_staff_category"])

    def atom(r: Mapping[str, Any]) -> anonymity.Atom:
        return (_place(r["est"], r["dept"]), r["cat"] or rules.UNKNOWN_GROUP)

    counts = [
        (atom(r), r["theme"], int(r["value"]), int(r["n"]))
        for r in await engine.run_querystring(QueryString(_COUNTS_SQL, barometer_id))
    ]
    respondents: dict[tuple[anonymity.Atom, str], int] = defaultdict(int)
    for r in await engine.run_querystring(QueryString(_THEME_RESPONDENTS_SQL, barometer_id)):
        respondents[(atom(r), r["theme"])] += int(r["n"])
    sizes: dict[anonymity.Atom, int] = defaultdict(int)
    for r in await engine.run_querystring(QueryString(_RESPONDENTS_SQL, barometer_id)):
        sizes[atom(r)] += int(r["n"])
    groups = await BarometerGroup.select().where(BarometerGroup.barometer == barometer_id)
    invited_place = {_place(g["establishment"], g["department"]): int(g["invited"]) for g in groups}
    used: dict[str, int] = defaultdict(int)
    late_used: dict[str, int] = defaultdict(int)
    late_codes: dict[str, int] = defaultdict(int)
    for r in await engine.run_querystring(QueryString(_LINKS_SQL, barometer_id)):
        place, n = _place(r["est"], r["dept"]), int(r["n"])
        if r["used"]:
            used[place] += n
            if r["late"]:
                late_used[place] += n
        if r["late"]:
            late_codes[place] += n
    places = tuple(sorted(set(invited_place) | {p for p, _ in sizes}))
    observed = {c for _, c in sizes}
    categories = tuple(
        dict.fromkeys([*(rules.STAFF_CATEGORIES if asked else ()), rules.UNKNOWN_GROUP, *sorted(observed)])
    )
    layout = anonymity.Layout(places=places, categories=categories)
    withheld: dict[anonymity.Cell, rules.WithheldReason] = {
        (anonymity.DEPARTMENT, place): "late_codes"
        for place in places
        if anonymity.late_codes_withheld(used=used[place], late_used=late_used[place], min_group_size=min_group_size)
    }
    cells = layout.cells()
    invited: dict[anonymity.Cell, int] = {}
    for cell, atoms in cells.items():
        if cell[0] != anonymity.STAFF_CATEGORY:
            invited[cell] = sum(invited_place.get(p, 0) for p in {a[0] for a in atoms})
    # Answers imported without links (or a group whose links were removed) give no participation rate.
    consistent = all(invited[c] >= sum(sizes.get(a, 0) for a in cells[c]) for c in invited)
    themes = [q["theme"] for q in await questions_of(barometer_id)]
    results = anonymity.build_results(
        counts,
        respondents,
        sizes,
        layout,
        themes=themes,
        group_by=group_by.value if group_by is not None else None,
        min_group_size=min_group_size,
        withheld=withheld,
        invited=invited if consistent else None,
    )
    late: dict[str, int] = defaultdict(int)
    if group_by in (GroupBy.establishment, GroupBy.department):
        for place, n in late_codes.items():
            late[anonymity.establishment_of(place) if group_by is GroupBy.establishment else place] += n
    return results, dict(late)


def theme_order(theme: str) -> tuple[int, str]:
    order = list(rules.THEMES)
    return (order.index(theme) if theme in order else len(order), theme)


def _group_result_read(
    group: rules.GroupResult, *, label: str, results: rules.BarometerResults, late_codes: int | None = None
) -> GroupResultRead:
    themes = sorted(group.themes, key=lambda t: theme_order(t.theme))
    return GroupResultRead(
        group=group.group,
        label=label,
        respondents=group.respondents,
        participation=group.participation,
        withheld=group.withheld,
        withheld_reason=results.withheld_text(group.withheld) if group.withheld else None,
        late_codes=late_codes,
        themes=[
            ThemeResult(
                theme=t.theme,
                label=rules.THEMES.get(t.theme, t.theme),
                respondents=t.n,
                answers=t.answers,
                mean=round(t.mean, 3) if t.mean is not None else None,
                distribution=list(t.distribution) if t.distribution is not None else None,
                withheld=t.withheld,
                withheld_reason=results.withheld_text(t.withheld) if t.withheld else None,
            )
            for t in themes
        ],
    )


async def _previous(row: Mapping[str, Any]) -> dict[str, Any] | None:
    previous = (
        await Barometer.select()
        .where(
            (Barometer.organization == row["organization"])
            & (Barometer.year < row["year"])
            & (Barometer.status == "closed")
        )
        .order_by(Barometer.year, ascending=False)
        .order_by(Barometer.id, ascending=False)
        .first()
    )
    return dict(previous) if previous else None


async def _comments(barometer_id: int) -> list[CommentRead]:
    """Free text without any group, shuffled anew on every reading: neither who nor when can be read in it."""
    rows = await get_engine().run_querystring(
        QueryString(
            "SELECT c.theme, c.text FROM qvt_barometer_comment c "
            "JOIN qvt_barometer_response r ON r.id = c.response WHERE r.barometer = {}",
            barometer_id,
        )
    )
    items = [
        CommentRead(theme=r["theme"], label=rules.THEMES.get(r["theme"], "Commentaire général"), text=r["text"])
        for r in rows
    ]
    secrets.SystemRandom().shuffle(items)
    return items


async def barometer_results(*, actor: Actor, barometer_id: int, group_by: GroupBy) -> BarometerResultsRead:
    """Per theme, overall and per group, with participation, last year's comparison, alerts and comments."""
    row = await barometer_row(actor, barometer_id)
    access = await steering_access(actor=actor, body_id=row["body"])
    require_steering_member(access)
    row = await settle(row)
    if row["status"] != "closed":
        raise InvalidState(
            "Les résultats sont publiés à la clôture du baromètre : les suivre pendant la collecte "
            "permettrait de deviner chaque nouvelle réponse.",
            code="barometer_not_closed",
        )
    min_size = row["min_group_size"]
    results, late = await compute_results(barometer_id=barometer_id, group_by=group_by, min_group_size=min_size)
    names = await establishment_names(row["organization"])
    invited, respondents = await invited_and_respondents(barometer_id)
    previous_row = await _previous(row)
    previous_overall = None
    if previous_row is not None:
        previous_results, _ = await compute_results(
            barometer_id=previous_row["id"], group_by=None, min_group_size=max(min_size, previous_row["min_group_size"])
        )
        previous_overall = previous_results.overall
    deltas = rules.compare(results.overall, previous_overall) if previous_overall is not None else ()
    found = rules.alerts(results.overall, previous_overall, labels=rules.THEMES)
    comments = await _comments(barometer_id) if not results.overall.is_withheld else []
    places = group_by in (GroupBy.establishment, GroupBy.department)
    overall_hidden = results.overall.is_withheld
    return BarometerResultsRead(
        barometer_id=barometer_id,
        title=row["title"],
        year=row["year"],
        group_by=group_by,
        min_group_size=min_size,
        scale={"low": results.scale.low, "high": results.scale.high},
        invited=invited,
        respondents=None if overall_hidden else respondents,
        participation=None if overall_hidden else share(respondents, invited),
        late_codes=await late_code_count(barometer_id),
        overall=_group_result_read(results.overall, label=OVERALL_LABEL, results=results),
        groups=[
            _group_result_read(
                g,
                label=_group_label(group_by, g.group or "", names),
                results=results,
                late_codes=late.get(g.group or "", 0) if places else None,
            )
            for g in sorted(results.groups, key=lambda g: _group_label(group_by, g.group or "", names))
        ],
        previous_barometer_id=previous_row["id"] if previous_row else None,
        previous_year=previous_row["year"] if previous_row else None,
        comparison=[
            ThemeDeltaRead(
                theme=d.theme,
                label=rules.THEMES.get(d.theme, d.theme),
                current=round(d.current, 3) if d.current is not None else None,
                previous=round(d.previous, 3) if d.previous is not None else None,
                delta=round(d.delta, 3) if d.delta is not None else None,
            )
            for d in sorted(deltas, key=lambda d: theme_order(d.theme))
        ],
        alerts=[
            AlertRead(
                kind=a.kind,
                theme=a.theme,
                label=rules.THEMES.get(a.theme, a.theme),
                mean=round(a.mean, 3),
                delta=round(a.delta, 3) if a.delta is not None else None,
                message=a.message,
            )
            for a in found
        ],
        comments=comments,
        notice=RESULTS_NOTICE.format(min=min_size),
    )
