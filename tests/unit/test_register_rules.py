"""Register rules: statutory fields, the tamper-evident ledger, L2315-22 / L4132 / L4133 / L2312-59 due dates."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogue.core.clock import add_months
from dialogue.registers.rules import (
    DGI_TRANSITIONS,
    GENESIS_HASH,
    ChainRecord,
    DeadlineAlert,
    DgiState,
    EntryStatus,
    IllegalDgiTransition,
    RecordKind,
    RegisterKind,
    ResponseAction,
    Side,
    VerifyResult,
    canonical_entry_bytes,
    check_dgi_transition,
    current_dgi_state,
    deadline_alert,
    dgi_cse_meeting_due_by,
    dgi_investigation_due_on,
    digest_found,
    entry_content,
    entry_due_on,
    entry_hash,
    entry_status,
    format_digest,
    invalid_entry_fields,
    is_answer_late,
    is_question_late,
    may_record_dgi_step,
    may_refer_to_prefet,
    parse_field_date,
    personal_rights_investigation_due_on,
    public_health_follow_up_due_on,
    question_answer_due_on,
    question_submission_deadline,
    response_content,
    response_hash,
    verify_chain,
)

PARIS = ZoneInfo("Europe/Paris")

# ------------------------------------------------------------------------------------------ required fields

VALID_FIELDS: dict[RegisterKind, dict[str, object]] = {
    RegisterKind.QUESTIONS: {"question": "Quand seront versées les primes ?", "meeting_on": "2026-07-10"},
    RegisterKind.DGI: {
        "workstations": "Lingerie, calandreuse n° 2",
        "danger_nature": "Écrasement des mains",
        "danger_cause": "Carter de protection démonté",
        "exposed_workers": ["A. Martin", "B. Durand"],
    },
    RegisterKind.PUBLIC_HEALTH: {
        "products_or_processes": "Désinfectant des sols à base d'ammonium quaternaire",
        "possible_consequences": "Rejets dans le réseau d'eaux pluviales",
    },
    RegisterKind.PERSONAL_RIGHTS: {
        "facts": "Vidéosurveillance de la salle de pause",
        "persons_concerned": ["Équipe de nuit"],
    },
    RegisterKind.DIALOGUE: {},
}


@pytest.mark.parametrize("kind", list(RegisterKind))
def test_complete_statutory_fields_are_accepted_for_every_register_kind(kind: RegisterKind) -> None:
    assert invalid_entry_fields(kind=kind, fields=VALID_FIELDS[kind]) == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (RegisterKind.QUESTIONS, ["question", "meeting_on"]),
        (RegisterKind.DGI, ["workstations", "danger_nature", "danger_cause", "exposed_workers"]),
        (RegisterKind.PUBLIC_HEALTH, ["products_or_processes"]),  # consequences: "le cas échéant" (D4133-1)
        (RegisterKind.PERSONAL_RIGHTS, ["facts", "persons_concerned"]),
        (RegisterKind.DIALOGUE, []),
    ],
)
def test_missing_statutory_fields_are_named_for_a_422(kind: RegisterKind, expected: list[str]) -> None:
    assert invalid_entry_fields(kind=kind, fields={}) == expected


def test_dgi_entry_must_name_the_exposed_workers_d4132_1() -> None:
    fields = {**VALID_FIELDS[RegisterKind.DGI], "exposed_workers": []}
    assert invalid_entry_fields(kind=RegisterKind.DGI, fields=fields) == ["exposed_workers"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("workstations", "   "),
        ("danger_cause", 42),
        ("exposed_workers", "A. Martin"),
        ("exposed_workers", ["A. Martin", " "]),
    ],
)
def test_blank_or_mistyped_dgi_fields_are_invalid(field: str, value: object) -> None:
    fields = {**VALID_FIELDS[RegisterKind.DGI], field: value}
    assert invalid_entry_fields(kind=RegisterKind.DGI, fields=fields) == [field]


def test_public_health_other_information_is_optional_but_must_be_text_d4133_1() -> None:
    base = VALID_FIELDS[RegisterKind.PUBLIC_HEALTH]
    assert invalid_entry_fields(kind=RegisterKind.PUBLIC_HEALTH, fields={**base, "other_information": None}) == []
    assert (
        invalid_entry_fields(kind=RegisterKind.PUBLIC_HEALTH, fields={**base, "other_information": "FDS jointe"}) == []
    )
    assert invalid_entry_fields(kind=RegisterKind.PUBLIC_HEALTH, fields={**base, "other_information": ""}) == [
        "other_information"
    ]


@pytest.mark.parametrize(
    ("meeting_on", "ok"),
    [("2026-07-10", True), (date(2026, 7, 10), True), ("10/07/2026", False), ("2026-02-30", False), (20260710, False)],
)
def test_question_must_give_the_date_of_the_meeting_it_is_for_l2315_22(meeting_on: object, ok: bool) -> None:
    fields = {"question": "Planning d'été ?", "meeting_on": meeting_on}
    assert invalid_entry_fields(kind=RegisterKind.QUESTIONS, fields=fields) == ([] if ok else ["meeting_on"])


def test_question_without_a_meeting_date_is_named_even_with_a_meeting_id() -> None:
    fields = {"question": "Planning d'été ?", "meeting_id": 12}
    assert invalid_entry_fields(kind=RegisterKind.QUESTIONS, fields=fields) == ["meeting_on"]


@pytest.mark.parametrize(("meeting_id", "ok"), [(12, True), (None, True), ("mtg-12", False), (0, False), (True, False)])
def test_question_meeting_id_is_optional_but_must_be_a_positive_integer(meeting_id: object, ok: bool) -> None:
    fields = {"question": "Planning d'été ?", "meeting_on": "2026-07-10", "meeting_id": meeting_id}
    assert invalid_entry_fields(kind=RegisterKind.QUESTIONS, fields=fields) == ([] if ok else ["meeting_id"])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("danger_nature", "x" * 20_001),
        ("exposed_workers", ["x" * 201]),
        ("exposed_workers", ["A"] * 501),
    ],
    ids=["text-too-long", "name-too-long", "too-many-names"],
)
def test_oversized_statutory_fields_are_invalid(field: str, value: object) -> None:
    fields = {**VALID_FIELDS[RegisterKind.DGI], field: value}
    assert invalid_entry_fields(kind=RegisterKind.DGI, fields=fields) == [field]


def test_unknown_fields_are_reported_rather_than_silently_dropped() -> None:
    fields = {**VALID_FIELDS[RegisterKind.QUESTIONS], "zz": 1, "colour": "red"}
    assert invalid_entry_fields(kind=RegisterKind.QUESTIONS, fields=fields) == ["colour", "zz"]


# ------------------------------------------------------------------------------------------ hash chain

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=PARIS)


def _entry(number: int, seq: int, prev: str, *, subject: str = "", at: datetime = T0) -> ChainRecord:
    content = {"subject": subject or f"Entrée {number}", "body": "Texte", "fields": {"question": "Q ?"}}
    fields = {
        "register_id": 7,
        "seq": seq,
        "number": number,
        "author_id": 3,
        "submitted_at": at + timedelta(days=seq),
        "content": content,
        "prev_hash": prev,
    }
    return ChainRecord(kind=RecordKind.ENTRY, hash=entry_hash(**fields), **fields)  # type: ignore[arg-type]


def _response(entry: ChainRecord, seq: int, prev: str, text: str = "Réponse motivée") -> ChainRecord:
    fields = {
        "register_id": 7,
        "seq": seq,
        "number": entry.number,
        "author_id": 1,
        "submitted_at": T0 + timedelta(days=seq),
        "content": {"body": text},
        "prev_hash": prev,
    }
    digest = response_hash(entry_hash=entry.hash, **fields)  # type: ignore[arg-type]
    return ChainRecord(kind=RecordKind.RESPONSE, hash=digest, **fields)  # type: ignore[arg-type]


def _ledger() -> list[ChainRecord]:
    """Entry 1, entry 2, answer to 1, entry 3, answer to 3 — in the order they were written."""
    e1 = _entry(1, 1, GENESIS_HASH)
    e2 = _entry(2, 2, e1.hash)
    r1 = _response(e1, 3, e2.hash)
    e3 = _entry(3, 4, r1.hash)
    r3 = _response(e3, 5, e3.hash)
    return [e1, e2, r1, e3, r3]


def test_genesis_previous_hash_is_64_zeros() -> None:
    assert GENESIS_HASH == "0" * 64


def test_canonical_bytes_are_sorted_key_compact_utf8_json_with_utc_microseconds() -> None:
    data = canonical_entry_bytes(
        register_id=7,
        seq=1,
        number=1,
        author_id=3,
        submitted_at=datetime(2026, 7, 8, 10, 0, tzinfo=PARIS),
        content={"subject": "Été", "count": 2.0},
        prev_hash=GENESIS_HASH,
    )
    text = data.decode("utf-8")
    assert '"submitted_at":"2026-07-08T08:00:00.000000+00:00"' in text
    assert '"count":2,' in text
    assert "Été" in text
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert ", " not in text


def test_hash_is_the_same_whatever_the_unicode_form_or_time_zone() -> None:
    nfc, nfd = "Sécurité", unicodedata.normalize("NFD", "Sécurité")
    assert nfc != nfd
    common = {"register_id": 7, "seq": 1, "number": 1, "author_id": 3, "prev_hash": GENESIS_HASH}
    a = entry_hash(**common, submitted_at=T0, content={"subject": nfc})  # type: ignore[arg-type]
    b = entry_hash(**common, submitted_at=T0.astimezone(UTC), content={"subject": nfd})  # type: ignore[arg-type]
    assert a == b
    assert len(a) == 64
    assert int(a, 16) >= 0


@pytest.mark.parametrize(
    ("content", "error"),
    [({"n": 1.5}, ValueError), ({"n": float("nan")}, ValueError), ({"n": object()}, TypeError)],
)
def test_non_integer_numbers_and_unknown_types_are_refused_in_hashed_content(
    content: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        entry_hash(
            register_id=7, seq=1, number=1, author_id=3, submitted_at=T0, content=content, prev_hash=GENESIS_HASH
        )


def test_naive_submission_time_is_refused_in_the_chain() -> None:
    with pytest.raises(ValueError, match="fuseau"):
        canonical_entry_bytes(
            register_id=7,
            seq=1,
            number=1,
            author_id=3,
            submitted_at=datetime(2026, 3, 2, 9, 30),
            content={},
            prev_hash=GENESIS_HASH,
        )


def test_intact_ledger_with_responses_verifies() -> None:
    result = verify_chain(_ledger())
    assert (result.valid, result.entries, result.first_broken, result.first_broken_seq) == (True, 3, None, None)


def test_empty_register_verifies() -> None:
    assert verify_chain([]) == VerifyResult(valid=True, entries=0, first_broken=None)


@pytest.mark.parametrize(
    "change",
    [
        {"content": {"subject": "Entrée 2 modifiée", "body": "Texte", "fields": {"question": "Q ?"}}},
        {"author_id": 4},
        {"submitted_at": T0 + timedelta(days=2, microseconds=1)},
        {"register_id": 8},
    ],
)
def test_a_changed_field_breaks_the_chain_at_that_entry(change: dict[str, object]) -> None:
    ledger = _ledger()
    ledger[1] = dataclasses.replace(ledger[1], **change)  # type: ignore[arg-type]
    result = verify_chain(ledger)
    assert (result.valid, result.first_broken, result.first_broken_seq) == (False, 2, 2)


def test_a_changed_answer_is_reported_at_the_entry_it_answers() -> None:
    ledger = _ledger()
    ledger[2] = dataclasses.replace(ledger[2], content={"body": "Réponse réécrite"})
    assert verify_chain(ledger).first_broken == 1
    assert verify_chain(ledger).first_broken_seq == 3


def test_editing_an_entry_also_invalidates_its_recomputed_answer() -> None:
    ledger = _ledger()
    forged = _entry(1, 1, GENESIS_HASH, subject="Autre question")
    ledger[0] = forged  # rehashed, but entry 2 still links to the original
    assert verify_chain(ledger).first_broken == 2


def test_a_deleted_entry_is_a_gap_reported_at_the_missing_number() -> None:
    e1 = _entry(1, 1, GENESIS_HASH)
    e2 = _entry(2, 2, e1.hash)
    e3 = _entry(3, 3, e2.hash)
    result = verify_chain([e1, e3])
    assert (result.valid, result.entries, result.first_broken) == (False, 2, 2)


def test_a_deleted_answer_breaks_the_next_link() -> None:
    ledger = _ledger()
    del ledger[2]
    result = verify_chain(ledger)
    assert (result.valid, result.first_broken) == (False, 3)


def test_swapped_entries_break_the_chain() -> None:
    e1 = _entry(1, 1, GENESIS_HASH)
    e2 = _entry(2, 2, e1.hash)
    e3 = _entry(3, 3, e2.hash)
    assert verify_chain([e1, e3, e2]).first_broken == 2
    swapped_numbers = [e1, dataclasses.replace(e3, number=2, seq=2), dataclasses.replace(e2, number=3, seq=3)]
    assert verify_chain(swapped_numbers).first_broken == 2


def test_an_answer_moved_to_another_entry_is_detected() -> None:
    ledger = _ledger()
    ledger[2] = dataclasses.replace(ledger[2], number=2)
    assert verify_chain(ledger).first_broken == 2


def test_an_answer_to_an_entry_not_yet_written_is_detected() -> None:
    e1 = _entry(1, 1, GENESIS_HASH)
    ghost = _response(e1, 2, e1.hash)
    ghost = dataclasses.replace(ghost, number=5)
    assert verify_chain([e1, ghost]).first_broken == 5


def test_a_wrong_genesis_link_breaks_the_first_entry() -> None:
    e1 = _entry(1, 1, "f" * 64)
    assert verify_chain([e1]).first_broken == 1


def test_a_fully_rehashed_forgery_passes_verify_but_loses_the_kept_head_digest() -> None:
    original = _ledger()
    head = original[-1]
    assert digest_found(original, number=3, hash=head.hash)
    # Entry 3 and its answer deleted, then nothing else: the chain alone still looks valid …
    truncated = original[:3]
    assert verify_chain(truncated).valid
    # … but the digest a member noted is gone.
    assert not digest_found(truncated, number=3, hash=head.hash)


def test_kept_digest_may_be_an_entry_hash_in_upper_case() -> None:
    ledger = _ledger()
    assert digest_found(ledger, number=2, hash=ledger[1].hash.upper())


def test_kept_digest_is_not_found_when_the_prefix_before_it_was_tampered() -> None:
    ledger = _ledger()
    ledger[0] = dataclasses.replace(ledger[0], author_id=99)
    assert not digest_found(ledger, number=2, hash=ledger[1].hash)


def test_unknown_digest_is_not_found() -> None:
    assert not digest_found(_ledger(), number=1, hash="a" * 64)


# ------------------------------------------------------------------------------------------ due dates


@pytest.mark.parametrize(
    ("meeting_on", "alsace_moselle", "deadline"),
    [
        # Friday 10 July 2026: Thursday 9 (1), Wednesday 8 (2).
        (date(2026, 7, 10), False, date(2026, 7, 8)),
        # Monday 13 July 2026: the Sunday does not count, Saturday is ouvrable.
        (date(2026, 7, 13), False, date(2026, 7, 10)),
        # Wednesday 15 July 2026: 14 July is a holiday, so Monday 13 (1), Saturday 11 (2).
        (date(2026, 7, 15), False, date(2026, 7, 11)),
        # Tuesday 7 April 2026: Easter Monday and Sunday skipped → Friday 3 April …
        (date(2026, 4, 7), False, date(2026, 4, 3)),
        # … but Good Friday is a holiday in Alsace-Moselle (L3134-13) → Thursday 2 April.
        (date(2026, 4, 7), True, date(2026, 4, 2)),
    ],
)
def test_questions_are_due_two_jours_ouvrables_before_the_meeting_l2315_22(
    meeting_on: date, alsace_moselle: bool, deadline: date
) -> None:
    assert question_submission_deadline(meeting_on=meeting_on, alsace_moselle=alsace_moselle) == deadline


@pytest.mark.parametrize(
    ("submitted_on", "late"),
    [(date(2026, 7, 7), False), (date(2026, 7, 8), False), (date(2026, 7, 9), True), (date(2026, 7, 10), True)],
)
def test_question_handed_in_less_than_two_jours_ouvrables_before_the_meeting_is_late(
    submitted_on: date, late: bool
) -> None:
    assert is_question_late(submitted_on=submitted_on, meeting_on=date(2026, 7, 10)) is late


def test_answer_for_a_meeting_on_friday_10_july_2026_is_due_saturday_18_july_skipping_14_july() -> None:
    # Sat 11 (1), Mon 13 (2), Tue 14 holiday, Wed 15 (3), Thu 16 (4), Fri 17 (5), Sat 18 (6).
    assert question_answer_due_on(meeting_on=date(2026, 7, 10)) == date(2026, 7, 18)


@pytest.mark.parametrize(("alsace_moselle", "due"), [(False, date(2026, 12, 26)), (True, date(2026, 12, 28))])
def test_answer_due_date_skips_saint_stephen_only_in_alsace_moselle(alsace_moselle: bool, due: date) -> None:
    # Meeting Friday 18 Dec. 2026: 19, 21, 22, 23, 24, (25 Christmas), 26 — a holiday in Alsace-Moselle.
    assert question_answer_due_on(meeting_on=date(2026, 12, 18), alsace_moselle=alsace_moselle) == due


@pytest.mark.parametrize(("answered_on", "late"), [(date(2026, 7, 18), False), (date(2026, 7, 20), True)])
def test_question_answered_after_six_jours_ouvrables_is_late(answered_on: date, late: bool) -> None:
    due = question_answer_due_on(meeting_on=date(2026, 7, 10))
    assert is_answer_late(due_on=due, answered_on=answered_on) is late


def test_free_dialogue_register_has_no_due_date_so_an_answer_is_never_late() -> None:
    assert entry_due_on(kind=RegisterKind.DIALOGUE, submitted_on=date(2026, 1, 5)) is None
    assert not is_answer_late(due_on=None, answered_on=date(2030, 1, 1))


def test_dgi_alert_is_investigated_the_same_day_l4132_2() -> None:
    assert dgi_investigation_due_on(alerted_on=date(2026, 7, 14)) == date(2026, 7, 14)
    assert entry_due_on(kind=RegisterKind.DGI, submitted_on=date(2026, 7, 14)) == date(2026, 7, 14)


def test_dgi_disagreement_convenes_the_cse_within_24_hours_even_across_the_dst_change_l4132_3() -> None:
    disagreement = datetime(2026, 3, 28, 10, 0, tzinfo=PARIS)  # clocks go forward on 29 March
    due = dgi_cse_meeting_due_by(disagreement_at=disagreement)
    assert due - disagreement == timedelta(hours=24)
    assert due.astimezone(PARIS) == datetime(2026, 3, 29, 11, 0, tzinfo=PARIS)


def test_dgi_disagreement_time_must_be_aware() -> None:
    with pytest.raises(ValueError, match="fuseau"):
        dgi_cse_meeting_due_by(disagreement_at=datetime(2026, 3, 28, 10, 0))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 15), 1, date(2026, 4, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 5, 31), 13, date(2027, 6, 30)),
    ],
)
def test_months_are_calendar_months_ending_on_the_last_day_when_missing(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_public_health_alert_follow_up_is_due_one_month_later_l4133_3() -> None:
    assert public_health_follow_up_due_on(alerted_on=date(2026, 1, 31)) == date(2026, 2, 28)
    assert entry_due_on(kind=RegisterKind.PUBLIC_HEALTH, submitted_on=date(2026, 5, 4)) == date(2026, 6, 4)


@pytest.mark.parametrize(
    ("followed_up_on", "disagreement", "today", "may_refer"),
    [
        (None, False, date(2026, 6, 4), False),  # the month is not over yet
        (None, False, date(2026, 6, 5), True),  # no follow-up within the month
        (date(2026, 5, 20), False, date(2026, 7, 1), False),  # followed up in time
        (date(2026, 6, 10), False, date(2026, 7, 1), True),  # followed up too late
        (date(2026, 5, 20), True, date(2026, 5, 21), True),  # disagreement on the merits
    ],
)
def test_public_health_alert_may_go_to_the_prefet_after_a_month_without_follow_up_or_on_disagreement(
    followed_up_on: date | None, disagreement: bool, today: date, may_refer: bool
) -> None:
    result = may_refer_to_prefet(
        alerted_on=date(2026, 5, 4), followed_up_on=followed_up_on, disagreement=disagreement, today=today
    )
    assert result is may_refer


def test_personal_rights_alert_is_investigated_without_delay_l2312_59() -> None:
    assert personal_rights_investigation_due_on(alerted_on=date(2026, 2, 2)) == date(2026, 2, 2)
    assert entry_due_on(kind=RegisterKind.PERSONAL_RIGHTS, submitted_on=date(2026, 2, 2)) == date(2026, 2, 2)


def test_question_entry_due_date_follows_the_meeting_and_the_alsace_moselle_flag() -> None:
    kwargs = {"kind": RegisterKind.QUESTIONS, "submitted_on": date(2026, 12, 10), "meeting_on": date(2026, 12, 18)}
    assert entry_due_on(**kwargs) == date(2026, 12, 26)  # type: ignore[arg-type]
    assert entry_due_on(**kwargs, alsace_moselle=True) == date(2026, 12, 28)  # type: ignore[arg-type]


def test_question_entry_without_a_meeting_has_no_computable_due_date() -> None:
    with pytest.raises(ValueError, match="L2315-22"):
        entry_due_on(kind=RegisterKind.QUESTIONS, submitted_on=date(2026, 12, 10))


# ------------------------------------------------------------------------------------------ statuses

DUE = date(2026, 7, 18)
ANSWERED = datetime(2026, 7, 16, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("answered_at", "closed_at", "today", "status"),
    [
        (None, None, date(2026, 7, 18), EntryStatus.OPEN),
        (None, None, date(2026, 7, 19), EntryStatus.OVERDUE),
        (ANSWERED, None, date(2026, 7, 19), EntryStatus.ANSWERED),
        (date(2026, 7, 25), None, date(2026, 7, 26), EntryStatus.ANSWERED),
        (ANSWERED, date(2026, 7, 20), date(2026, 7, 21), EntryStatus.CLOSED),
        (None, date(2026, 7, 20), date(2026, 7, 21), EntryStatus.CLOSED),
    ],
)
def test_status_is_computed_from_dates_never_typed_in(
    answered_at: date | None, closed_at: date | None, today: date, status: EntryStatus
) -> None:
    assert entry_status(due_on=DUE, answered_at=answered_at, closed_at=closed_at, today=today) is status


def test_entry_without_due_date_never_becomes_overdue() -> None:
    assert entry_status(due_on=None, answered_at=None, closed_at=None, today=date(2099, 1, 1)) is EntryStatus.OPEN


LEGAL_DGI = [
    (DgiState.ALERTED, DgiState.INVESTIGATING),
    (DgiState.INVESTIGATING, DgiState.MEASURES_TAKEN),
    (DgiState.INVESTIGATING, DgiState.DISAGREEMENT),
    (DgiState.DISAGREEMENT, DgiState.MEASURES_TAKEN),
    (DgiState.DISAGREEMENT, DgiState.CLOSED),
    (DgiState.MEASURES_TAKEN, DgiState.CLOSED),
    (DgiState.DISAGREEMENT, DgiState.INSPECTOR_INFORMED),
    (DgiState.INSPECTOR_INFORMED, DgiState.MEASURES_TAKEN),
    (DgiState.INSPECTOR_INFORMED, DgiState.CLOSED),
]


@pytest.mark.parametrize(("current", "target"), LEGAL_DGI)
def test_dgi_lifecycle_follows_l4132_2_and_l4132_3(current: DgiState, target: DgiState) -> None:
    check_dgi_transition(current=current, target=target)


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in DgiState for t in DgiState if (c, t) not in LEGAL_DGI],
)
def test_any_other_dgi_transition_is_refused_with_a_french_message(current: DgiState, target: DgiState) -> None:
    with pytest.raises(IllegalDgiTransition, match="L4132-2") as caught:
        check_dgi_transition(current=current, target=target)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.current, caught.value.target) == (current, target)


def test_dgi_alert_cannot_be_closed_without_an_investigation() -> None:
    assert DgiState.CLOSED not in DGI_TRANSITIONS[DgiState.ALERTED]
    with pytest.raises(IllegalDgiTransition, match="« alerte » → « clos »"):
        check_dgi_transition(current=DgiState.ALERTED, target=DgiState.CLOSED)


# ------------------------------------------------------------------------------------------ who records DGI steps


@pytest.mark.parametrize(
    ("target", "side", "allowed"),
    [
        (DgiState.INVESTIGATING, Side.EMPLOYER, True),
        (DgiState.INVESTIGATING, Side.STAFF, False),
        (DgiState.MEASURES_TAKEN, Side.EMPLOYER, True),
        (DgiState.MEASURES_TAKEN, Side.STAFF, False),
        (DgiState.DISAGREEMENT, Side.EMPLOYER, True),
        (DgiState.DISAGREEMENT, Side.STAFF, True),
        (DgiState.CLOSED, Side.EMPLOYER, True),
        (DgiState.CLOSED, Side.STAFF, False),
        (DgiState.ALERTED, Side.EMPLOYER, False),
        (DgiState.ALERTED, Side.STAFF, False),
    ],
)
def test_employer_investigates_and_acts_while_either_side_may_disagree_l4132_2_l4132_3(
    target: DgiState, side: Side, allowed: bool
) -> None:
    assert may_record_dgi_step(target=target, side=side) is allowed


def test_dgi_state_is_the_last_recorded_step_or_alerted() -> None:
    assert current_dgi_state([]) is DgiState.ALERTED
    assert current_dgi_state([DgiState.INVESTIGATING, DgiState.DISAGREEMENT]) is DgiState.DISAGREEMENT


# ------------------------------------------------------------------------------------------ ledger content


def _content(**change: object) -> dict[str, object]:
    base: dict[str, object] = {
        "subject": "Plannings",
        "body": "",
        "fields": {"question": "Q ?"},
        "confidential": False,
        "confidentiality_reason": None,
        "corrects": None,
        "meeting_id": None,
        "meeting_on": date(2026, 7, 10),
        "due_on": date(2026, 7, 18),
        "late_submission": False,
    }
    return entry_content(**{**base, **change})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change",
    [
        {"subject": "Autre"},
        {"body": "x"},
        {"fields": {"question": "R ?"}},
        {"confidential": True},
        {"corrects": 1},
        {"meeting_id": 3},
        {"meeting_on": date(2026, 7, 11)},
        {"due_on": date(2026, 7, 20)},
        {"late_submission": True},
    ],
)
def test_every_displayed_field_of_an_entry_is_covered_by_its_hash(change: dict[str, object]) -> None:
    common = {"register_id": 1, "seq": 1, "number": 1, "author_id": 2, "submitted_at": T0, "prev_hash": GENESIS_HASH}
    original = entry_hash(**common, content=_content())  # type: ignore[arg-type]
    assert entry_hash(**common, content=_content(**change)) != original  # type: ignore[arg-type]


def test_response_content_covers_the_action_the_dgi_step_and_the_24_hour_limit() -> None:
    due = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    content = response_content(
        action=ResponseAction.DGI_STEP, body="Désaccord", dgi_state=DgiState.DISAGREEMENT, meeting_due_by=due
    )
    assert content == {"action": "dgi_step", "body": "Désaccord", "dgi_state": "disagreement", "meeting_due_by": due}


def test_head_digest_is_printed_with_number_position_and_hash() -> None:
    assert format_digest(number=12, seq=15, hash="ab" * 32) == f"n° 12 (enregistrement 15) — HMAC-SHA256 {'ab' * 32}"


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2026-07-10", date(2026, 7, 10)),
        (" 2026-07-10 ", date(2026, 7, 10)),
        (date(2026, 7, 10), date(2026, 7, 10)),
        (datetime(2026, 7, 10, 9, 0, tzinfo=UTC), None),
        ("2026-07-10T09:00", None),
        ("20260710", None),
        (None, None),
    ],
)
def test_field_dates_are_iso_calendar_days(value: object, parsed: date | None) -> None:
    assert parse_field_date(value) == parsed


# ------------------------------------------------------------------------------------------ reminders


@pytest.mark.parametrize(
    ("status", "today", "alert"),
    [
        (EntryStatus.OPEN, date(2026, 7, 15), None),
        (EntryStatus.OPEN, date(2026, 7, 16), DeadlineAlert.NEAR),
        (EntryStatus.OPEN, date(2026, 7, 18), DeadlineAlert.NEAR),
        (EntryStatus.OVERDUE, date(2026, 7, 19), DeadlineAlert.OVERDUE),
        (EntryStatus.ANSWERED, date(2026, 7, 19), None),
        (EntryStatus.CLOSED, date(2026, 7, 17), None),
    ],
)
def test_reminders_fire_two_days_before_the_due_date_and_once_it_passed(
    status: EntryStatus, today: date, alert: DeadlineAlert | None
) -> None:
    assert deadline_alert(due_on=date(2026, 7, 18), status=status, today=today) is alert


def test_entries_without_due_date_never_get_reminders() -> None:
    assert deadline_alert(due_on=None, status=EntryStatus.OPEN, today=date(2030, 1, 1)) is None
    with pytest.raises(ValueError, match="near_days"):
        deadline_alert(due_on=date(2026, 7, 18), status=EntryStatus.OPEN, today=date(2026, 7, 1), near_days=-1)


# --- issue 12: holidays worked, deadlines not moved, public-health consequences, L4132-4, rescheduled meetings


def test_d4133_1_public_health_alert_without_consequences_is_valid_le_cas_echeant() -> None:
    assert invalid_entry_fields(kind=RegisterKind.PUBLIC_HEALTH, fields={"products_or_processes": "Biocide X"}) == []
    assert invalid_entry_fields(
        kind=RegisterKind.PUBLIC_HEALTH, fields={"products_or_processes": "Biocide X", "possible_consequences": " "}
    ) == ["possible_consequences"]


def test_l2315_22_answer_due_counts_a_holiday_worked_in_the_establishment_as_ouvrable() -> None:
    # Meeting Thursday 2 April 2026; Easter Monday 6 April is worked in the EHPAD.
    assert question_answer_due_on(meeting_on=date(2026, 4, 2)) == date(2026, 4, 10)
    worked = frozenset({"easter_monday"})
    assert question_answer_due_on(meeting_on=date(2026, 4, 2), worked_holidays=worked) == date(2026, 4, 9)
    assert entry_due_on(
        kind=RegisterKind.QUESTIONS, submitted_on=date(2026, 3, 25), meeting_on=date(2026, 4, 2), worked_holidays=worked
    ) == date(2026, 4, 9)
    # Meeting Wednesday 8 April: 2 jours ouvrables before is Saturday 4 April; with Easter Monday worked, Monday 6.
    assert question_submission_deadline(meeting_on=date(2026, 4, 8)) == date(2026, 4, 4)
    assert question_submission_deadline(meeting_on=date(2026, 4, 8), worked_holidays=worked) == date(2026, 4, 6)
    assert is_question_late(submitted_on=date(2026, 4, 6), meeting_on=date(2026, 4, 8))
    assert not is_question_late(submitted_on=date(2026, 4, 6), meeting_on=date(2026, 4, 8), worked_holidays=worked)


def test_l4133_3_due_date_on_a_sunday_is_not_moved_but_warned() -> None:
    from dialogue.registers.rules import due_on_warning

    # Alert on Thursday 5 March 2026: one month later is Sunday 5 April, and it stays there.
    due = public_health_follow_up_due_on(alerted_on=date(2026, 3, 5))
    assert due == date(2026, 4, 5)
    assert due_on_warning(due) == "L'échéance tombe un dimanche : aucun texte ne la reporte."
    assert due_on_warning(date(2026, 4, 6)) == (
        "L'échéance tombe un jour férié (lundi de Pâques) : aucun texte ne la reporte."
    )
    assert due_on_warning(date(2026, 4, 7)) is None
    assert due_on_warning(None) is None


def test_l4132_4_inspector_information_due_once_the_24_hour_meeting_is_past_and_disagreement_stands() -> None:
    from dialogue.registers.rules import inspector_information_due

    due_by = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert not inspector_information_due(state=DgiState.DISAGREEMENT, meeting_due_by=due_by, now=due_by - timedelta(1))
    assert inspector_information_due(state=DgiState.DISAGREEMENT, meeting_due_by=due_by, now=due_by)
    for settled in (DgiState.MEASURES_TAKEN, DgiState.INSPECTOR_INFORMED, DgiState.CLOSED):
        assert not inspector_information_due(state=settled, meeting_due_by=due_by, now=due_by + timedelta(1))
    assert may_record_dgi_step(target=DgiState.INSPECTOR_INFORMED, side=Side.EMPLOYER)
    assert not may_record_dgi_step(target=DgiState.INSPECTOR_INFORMED, side=Side.STAFF)


def test_l4132_4_inspector_informed_date_between_disagreement_and_now() -> None:
    from dialogue.registers.rules import check_inspector_informed_at

    disagreement = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    check_inspector_informed_at(informed_at=now - timedelta(hours=1), disagreement_at=disagreement, now=now)
    with pytest.raises(ValueError, match="futur"):
        check_inspector_informed_at(informed_at=now + timedelta(hours=1), disagreement_at=disagreement, now=now)
    with pytest.raises(ValueError, match="après"):
        check_inspector_informed_at(informed_at=disagreement - timedelta(1), disagreement_at=disagreement, now=now)


def test_l4132_3_deadline_text_is_local_time_with_its_zone() -> None:
    from dialogue.registers.rules import local_deadline_text

    paris = ZoneInfo("Europe/Paris")
    winter = local_deadline_text(datetime(2026, 12, 1, 13, 30, tzinfo=UTC), tz=paris)
    assert winter == "mardi 1er décembre 2026 à 14 h 30 (heure locale, Europe/Paris, UTC+01:00)"
    summer = local_deadline_text(datetime(2026, 7, 2, 13, 5, tzinfo=UTC), tz=paris)
    assert summer == "jeudi 2 juillet 2026 à 15 h 05 (heure locale, Europe/Paris, UTC+02:00)"


def test_l2315_22_rescheduled_meeting_moves_the_answer_due_date() -> None:
    from dialogue.registers.rules import rescheduled_question_due_on

    assert rescheduled_question_due_on(current_meeting_on=date(2026, 4, 2), new_meeting_on=date(2026, 4, 2)) is None
    assert rescheduled_question_due_on(current_meeting_on=date(2026, 4, 2), new_meeting_on=date(2026, 4, 9)) == date(
        2026, 4, 16
    )


def test_response_hash_of_older_records_is_unchanged_by_the_new_keys() -> None:
    old = response_content(action=ResponseAction.ANSWER, body="b", dgi_state=None, meeting_due_by=None)
    assert set(old) == {"action", "body", "dgi_state", "meeting_due_by"}
    moved = response_content(
        action=ResponseAction.DUE_DATE_CHANGED,
        body="b",
        dgi_state=None,
        meeting_due_by=None,
        due_on=date(2026, 4, 16),
        meeting_on=date(2026, 4, 9),
    )
    assert moved["due_on"] == date(2026, 4, 16) and moved["meeting_on"] == date(2026, 4, 9)
