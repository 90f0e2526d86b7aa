"""Answering without an account: a code opens the form once; the answer sheet carries no link, time or name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.querystring import QueryString

from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import InvalidInput, NotFound
from dialogue.qvt import rules
from dialogue.qvt.barometer.reads import (
    LinkGone,
    establishment_names,
    place_label,
    question_read,
    questions_of,
)
from dialogue.qvt.schemas import (
    QuestionRead,
)
from dialogue.qvt.tables import (
    BarometerAnswer,
    BarometerComment,
    BarometerLink,
    BarometerResponse,
)


@dataclass(frozen=True, slots=True)
class AnswerForm:
    """What the public form shows for a valid link."""

    title: str
    year: int
    introduction: str
    group_label: str
    closes_at: datetime | None
    ask_staff_category: bool
    questions: list[QuestionRead]


_LINK_SQL = """
SELECT l.id, l.used, l.barometer, b.status, b.closes_at, b.title, b.year, b.introduction,
       b.ask_staff_category, b.organization, g.establishment, g.department
FROM qvt_barometer_link l
JOIN qvt_barometer b ON b.id = l.barometer
JOIN qvt_barometer_group g ON g.id = l."group"
WHERE l.token_digest = {}
"""


async def _link(code_text: str) -> dict[str, Any]:
    """The link a code opens; NotFound when forged, LinkGone when used, closed or expired."""
    code = rules.normalise_code(code_text)
    if code is None:
        raise NotFound("Ce lien n'existe pas. Vérifiez le code saisi.", code="link_unknown")
    rows = await get_engine().run_querystring(QueryString(_LINK_SQL, rules.code_digest(code)))
    if not rows:
        raise NotFound("Ce lien n'existe pas. Vérifiez le code saisi.", code="link_unknown")
    link = dict(rows[0])
    closes_at = link["closes_at"]
    if isinstance(closes_at, str):
        closes_at = datetime.fromisoformat(closes_at)
        link["closes_at"] = closes_at
    if link["status"] == "draft":
        raise LinkGone("Le questionnaire n'est pas encore ouvert. Réessayez plus tard.", code="barometer_not_open")
    if link["status"] == "closed" or (closes_at is not None and closes_at <= utcnow()):
        raise LinkGone("Le questionnaire est clos : il n'est plus possible d'y répondre.", code="barometer_closed")
    if link["used"]:
        raise LinkGone("Ce lien a déjà servi : chaque lien ne permet de répondre qu'une fois.", code="link_used")
    return link


async def answer_form(*, code: str) -> AnswerForm:
    link = await _link(code)
    names = await establishment_names(link["organization"])
    return AnswerForm(
        title=link["title"],
        year=link["year"],
        introduction=link["introduction"],
        group_label=place_label(names, link["establishment"], link["department"]),
        closes_at=link["closes_at"],
        ask_staff_category=bool(link["ask_staff_category"]),
        questions=[question_read(q) for q in await questions_of(link["barometer"])],
    )


async def submit_response(
    *, code: str, answers: Mapping[str, object], comments: Mapping[str, object], staff_category: object
) -> None:
    """Store one anonymous answer sheet and spend the link, in one transaction.

    Wrong answers (422) leave the link unused; a second use is refused (410) and the first answer stays.
    """
    async with transaction():
        link = await _link(code)
        questions = await questions_of(link["barometer"])
        try:
            sheet = rules.validate_answer_sheet(
                answers=answers,
                comments=comments,
                staff_category=staff_category,
                questions={q["code"]: q["theme"] for q in questions},
                ask_staff_category=bool(link["ask_staff_category"]),
            )
        except rules.AnswerError as exc:
            raise InvalidInput("Certaines réponses sont invalides.", errors=exc.errors) from None
        spent = (
            await BarometerLink.update({BarometerLink.used: True})
            .where((BarometerLink.id == link["id"]) & (BarometerLink.used == False))  # noqa: E712
            .returning(BarometerLink.id)
        )
        if not spent:
            raise LinkGone("Ce lien a déjà servi : chaque lien ne permet de répondre qu'une fois.", code="link_used")
        # Rewrite every link of the campaign: none keeps this transaction's id alone (PostgreSQL xmin).
        await get_engine().run_querystring(
            QueryString("UPDATE qvt_barometer_link SET used = used WHERE barometer = {}", link["barometer"])
        )
        response = BarometerResponse(
            barometer=link["barometer"],
            establishment=link["establishment"],
            department=link["department"],
            staff_category=sheet.staff_category,
        )
        await response.save()
        ids = {q["code"]: q["id"] for q in questions}
        await BarometerAnswer.insert(
            *[
                BarometerAnswer(response=response.id, question=ids[code], value=value)
                for code, value in sheet.values.items()
            ]
        )
        if sheet.comments:
            await BarometerComment.insert(
                *[
                    BarometerComment(response=response.id, theme=theme, text=text)
                    for theme, text in sheet.comments.items()
                ]
            )


# ---------------------------------------------------------------- results
