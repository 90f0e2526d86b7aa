"""QVT rules beyond the barometer maths: questionnaire, answer sheets, anonymous codes, action workflow, progress."""

from __future__ import annotations

import math
import secrets
from datetime import date

import pytest

from dialogue.qvt import rules

QUESTIONS = {code: theme for code, theme, _ in rules.DEFAULT_QUESTIONS}


def test_default_questionnaire_covers_the_seven_themes_with_unique_codes() -> None:
    assert set(QUESTIONS.values()) == set(rules.THEMES)
    assert len(QUESTIONS) == len(rules.DEFAULT_QUESTIONS)
    assert set(rules.LIKERT_LABELS) == {1, 2, 3, 4, 5}


def test_a_valid_answer_sheet_keeps_answers_comments_and_category() -> None:
    sheet = rules.validate_answer_sheet(
        answers={"sens_1": 5, "rel_1": None},
        comments={"relations": "  Bonne ambiance  ", "general": ""},
        staff_category="soin",
        questions=QUESTIONS,
        ask_staff_category=True,
    )
    assert sheet.values == {"sens_1": 5}
    assert sheet.comments == {"relations": "Bonne ambiance"}
    assert sheet.staff_category == "soin"


@pytest.mark.parametrize(
    ("answers", "comments", "category", "ask", "field"),
    [
        ({"sens_1": 0}, {}, None, False, "answers.sens_1"),
        ({"sens_1": 6}, {}, None, False, "answers.sens_1"),
        ({"sens_1": "4"}, {}, None, False, "answers.sens_1"),
        ({"sens_1": 2.0}, {}, None, False, "answers.sens_1"),
        ({"sens_1": False}, {}, None, False, "answers.sens_1"),
        ({"nope": 3}, {}, None, False, "answers.nope"),
        ({}, {}, None, False, "answers"),
        ({"sens_1": None}, {}, None, False, "answers"),
        ({"sens_1": 3}, {"meteo": "x"}, None, False, "comments.meteo"),
        ({"sens_1": 3}, {"general": 12}, None, False, "comments.general"),
        ({"sens_1": 3}, {"general": "x" * 2001}, None, False, "comments.general"),
        ({"sens_1": 3}, {}, "soin", False, "staff_category"),
        ({"sens_1": 3}, {}, "direction", True, "staff_category"),
    ],
)
def test_bad_answer_sheets_name_each_field(
    answers: dict[str, object], comments: dict[str, object], category: str | None, ask: bool, field: str
) -> None:
    with pytest.raises(rules.AnswerError) as raised:
        rules.validate_answer_sheet(
            answers=answers, comments=comments, staff_category=category, questions=QUESTIONS, ask_staff_category=ask
        )
    assert field in {e["field"] for e in raised.value.errors}


def test_all_errors_are_reported_at_once() -> None:
    with pytest.raises(rules.AnswerError) as raised:
        rules.validate_answer_sheet(
            answers={"sens_1": 9, "rel_1": 0},
            comments={},
            staff_category=None,
            questions=QUESTIONS,
            ask_staff_category=False,
        )
    assert {e["field"] for e in raised.value.errors} == {"answers.sens_1", "answers.rel_1"}


def test_codes_carry_at_least_128_random_bits_in_an_unambiguous_alphabet() -> None:
    code = rules.new_code(secrets.token_bytes(18))
    assert len(code) == rules.CODE_LENGTH
    assert set(code) <= set(rules.CODE_ALPHABET)
    assert not set("ILOU") & set(rules.CODE_ALPHABET)
    assert rules.CODE_LENGTH * math.log2(len(rules.CODE_ALPHABET)) >= 128
    assert len({rules.new_code(secrets.token_bytes(18)) for _ in range(1000)}) == 1000


def test_too_little_randomness_is_refused() -> None:
    with pytest.raises(ValueError, match="18 octets"):
        rules.new_code(b"\x00" * 16)


def test_printed_codes_survive_typing_mistakes() -> None:
    code = rules.new_code(bytes(range(18)))
    printed = rules.format_code(code)
    assert printed.count("-") == 6
    typed = printed.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert rules.normalise_code(typed) == code
    assert rules.normalise_code(printed) == code


@pytest.mark.parametrize("text", ["", "abc", "Ü" * 28, "0" * 27, "0" * 29, "U" * 28])
def test_malformed_codes_are_refused(text: str) -> None:
    assert rules.normalise_code(text) is None


def test_only_a_digest_of_the_code_is_stored() -> None:
    code = rules.new_code(bytes(range(18)))
    digest = rules.code_digest(code)
    assert len(digest) == 64
    assert code not in digest
    assert digest == rules.code_digest(rules.normalise_code(rules.format_code(code).lower()) or "")


@pytest.mark.parametrize(
    ("current", "target"),
    [("proposed", "adopted"), ("proposed", "rejected"), ("adopted", "in_progress"), ("in_progress", "evaluated")],
)
def test_workflow_steps_allowed(current: str, target: str) -> None:
    rules.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("proposed", "in_progress"),
        ("proposed", "evaluated"),
        ("adopted", "rejected"),
        ("adopted", "evaluated"),
        ("rejected", "adopted"),
        ("in_progress", "adopted"),
        ("evaluated", "in_progress"),
        ("evaluated", "evaluated"),
    ],
)
def test_workflow_steps_refused(current: str, target: str) -> None:
    with pytest.raises(rules.TransitionError, match="ne peut pas passer"):
        rules.check_transition(current, target)


@pytest.mark.parametrize(
    ("changes", "consultation", "needed"), [(True, None, True), (True, 12, False), (False, None, False)]
)
def test_an_action_changing_working_conditions_waits_for_the_cse_consultation_l2312_8(
    changes: bool, consultation: int | None, needed: bool
) -> None:
    assert rules.needs_cse_consultation(changes_working_conditions=changes, consultation_id=consultation) is needed


def test_plan_progress_counts_statuses_and_late_milestones() -> None:
    progress = rules.plan_progress(
        ["proposed", "adopted", "in_progress", "evaluated", "evaluated", "rejected"],
        [(date(2026, 1, 31), date(2026, 1, 20)), (date(2026, 3, 1), None), (date(2026, 12, 1), None), (None, None)],
        today=date(2026, 6, 1),
    )
    assert progress.by_status == {"proposed": 1, "adopted": 1, "rejected": 1, "in_progress": 1, "evaluated": 2}
    assert progress.adopted_total == 4
    assert progress.progress == 0.5
    assert (progress.milestones_total, progress.milestones_done, progress.milestones_late) == (4, 1, 1)


def test_plan_progress_without_adopted_actions_is_not_zero() -> None:
    assert rules.plan_progress(["proposed"], [], today=date(2026, 1, 1)).progress is None


@pytest.mark.parametrize("seed", range(6))
def test_counts_summed_by_the_database_give_the_same_results_as_the_rows(seed: int) -> None:
    """aggregate_counts (cells summed in SQL) and aggregate (row by row) agree, suppression included."""
    import random
    from collections import Counter, defaultdict

    rng = random.Random(seed)
    sizes = {g: rng.randint(1, 12) for g in "ABCDE"}
    rows: list[rules.AnswerRow] = []
    for group, size in sizes.items():
        for i in range(size):
            profile = {"g": group}
            for theme in rules.THEMES:
                if rng.random() < 0.85:
                    rows.append((f"{group}{i}", profile, theme, rng.randint(1, 5)))
    answered = {r[0]: r[1]["g"] for r in rows}
    counts = Counter((r[1]["g"], r[2], r[3]) for r in rows)
    respondents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        respondents[(r[1]["g"], r[2])].add(str(r[0]))
    group_sizes = Counter(answered.values())
    invited = {g: n + 3 for g, n in sizes.items()}
    expected = rules.aggregate(rows, group_key="g", invited=invited)
    got = rules.aggregate_counts(
        [(g, t, v, n) for (g, t, v), n in counts.items()],
        {k: len(v) for k, v in respondents.items()},
        group_sizes,
        group_key="g",
        invited=invited,
    )
    assert got == expected


def test_inconsistent_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="incohérent"):
        rules.aggregate_counts([("A", "relations", 3, 6)], {("A", "relations"): 6}, {"A": 5}, group_key="g")
    with pytest.raises(ValueError, match="hors échelle"):
        rules.aggregate_counts([("A", "relations", 7, 6)], {("A", "relations"): 6}, {"A": 6}, group_key="g")
