"""The keyed chain (version 2) and its seals, pure. D8113-2: a register kept on another medium must give
every entry "sans risque d'altération"; the HMAC key, kept outside the database, is what makes an alteration
by a database writer detectable."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogue.meetings.rules import MinutesIntegrity, minutes_digest, minutes_integrity, minutes_seal
from dialogue.registers.rules import (
    GENESIS_HASH,
    BreakReason,
    ChainKeys,
    ChainRecord,
    ChainSeal,
    RecordKind,
    RegisterIdentity,
    chained_bytes,
    digest_found,
    entry_hash,
    head_seal,
    keyed_hash,
    legacy_seal,
    verify_chain,
)
from dialogue.settings import Settings, SettingsError, load_settings

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
REGISTER = RegisterIdentity(id=7, organization_id=1, body_id=2, kind="dialogue")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def _keyed(kind: RecordKind, seq: int, number: int, prev: str, *, entry: ChainRecord | None = None) -> ChainRecord:
    fields = {
        "seq": seq,
        "number": number,
        "author_id": 3,
        "author_name": "Camille Lefèvre",
        "submitted_at": T0 + timedelta(hours=seq),
        "content": {"subject": f"Demande {number}", "body": "Texte"},
        "prev_hash": prev,
    }
    entry_id = entry.entry_id if entry else 100 + number
    data = chained_bytes(
        kind=kind,
        register=REGISTER,
        entry_id=entry_id if entry else None,
        entry_hash=entry.hash if entry else None,
        **fields,  # type: ignore[arg-type]
    )
    return ChainRecord(
        kind=kind,
        register_id=REGISTER.id,
        hash=keyed_hash(KEY, data),
        chain_version=2,
        entry_id=entry_id,
        **fields,  # type: ignore[arg-type]
    )


def _ledger() -> list[ChainRecord]:
    e1 = _keyed(RecordKind.ENTRY, 1, 1, GENESIS_HASH)
    e2 = _keyed(RecordKind.ENTRY, 2, 2, e1.hash)
    r1 = _keyed(RecordKind.RESPONSE, 3, 1, e2.hash, entry=e1)
    return [e1, e2, r1]


def _keys(records: list[ChainRecord], *, key: bytes = KEY, legacy: ChainSeal | None = None) -> ChainKeys:
    last = records[-1]
    mac = head_seal(KEY, register=REGISTER, seq=last.seq, number=last.number, hash=last.hash)
    return ChainKeys(
        key=key, register=REGISTER, head=ChainSeal(seq=last.seq, number=last.number, mac=mac), legacy=legacy
    )


def test_d8113_2_keyed_ledger_verifies_with_its_key() -> None:
    ledger = _ledger()
    assert verify_chain(ledger, keys=_keys(ledger)).valid


def test_d8113_2_the_same_ledger_fails_under_another_key() -> None:
    ledger = _ledger()
    result = verify_chain(ledger, keys=_keys(ledger, key=OTHER_KEY))
    assert (result.valid, result.first_broken_seq, result.reason) == (False, 1, BreakReason.HASH)


def test_d8113_2_a_keyed_record_is_never_valid_without_the_key() -> None:
    result = verify_chain(_ledger())
    assert (result.valid, result.reason) == (False, BreakReason.HASH)


def test_keyed_hash_is_not_the_plain_sha256_of_the_same_bytes() -> None:
    data = b"{}"
    assert keyed_hash(KEY, data) != hashlib.sha256(data).hexdigest()
    with pytest.raises(ValueError, match="32 octets"):
        keyed_hash(b"short", data)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"author_name": "Quelqu'un d'autre"}, BreakReason.HASH),
        ({"author_id": 4}, BreakReason.HASH),
        ({"entry_id": 102}, BreakReason.ENTRY),
    ],
)
def test_an_answer_renamed_reattributed_or_moved_breaks_the_keyed_chain(change: dict[str, object], reason: str) -> None:
    ledger = _ledger()
    ledger[2] = dataclasses.replace(ledger[2], **change)  # type: ignore[arg-type]
    result = verify_chain(ledger, keys=_keys(_ledger()))
    assert (result.valid, result.first_broken_seq, result.reason) == (False, 3, reason)


def test_a_record_moved_to_another_register_identity_breaks_the_chain() -> None:
    ledger = _ledger()
    moved = dataclasses.replace(_keys(ledger), register=dataclasses.replace(REGISTER, body_id=9))
    assert verify_chain(ledger, keys=moved).first_broken_seq == 1


def test_truncation_is_caught_by_the_keyed_head_seal_naming_the_missing_entry() -> None:
    ledger = _ledger()
    keys = _keys(ledger)
    result = verify_chain(ledger[:2], keys=keys)
    # the answer to entry 1 (record 3) was deleted: the seal still names it
    assert (result.valid, result.reason, result.first_broken, result.first_broken_seq) == (
        False,
        BreakReason.HEAD,
        1,
        3,
    )
    assert digest_found(ledger[:2], number=2, hash=ledger[1].hash, keys=keys)  # the prefix itself is intact


def _plain(number: int, seq: int, prev: str) -> ChainRecord:
    fields = {
        "register_id": REGISTER.id,
        "seq": seq,
        "number": number,
        "author_id": 3,
        "submitted_at": T0,
        "content": {"subject": f"Ancienne {number}"},
        "prev_hash": prev,
    }
    return ChainRecord(kind=RecordKind.ENTRY, hash=entry_hash(**fields), **fields)  # type: ignore[arg-type]


def test_plain_records_verify_inside_the_sealed_legacy_prefix_and_keyed_ones_follow() -> None:
    p1 = _plain(1, 1, GENESIS_HASH)
    p2 = _plain(2, 2, p1.hash)
    k3 = _keyed(RecordKind.ENTRY, 3, 3, p2.hash)
    legacy = ChainSeal(seq=2, number=2, mac=legacy_seal(KEY, register=REGISTER, seq=2, number=2, hash=p2.hash))
    assert verify_chain([p1, p2, k3], keys=_keys([p1, p2, k3], legacy=legacy)).valid


def test_plain_records_without_a_legacy_seal_or_past_it_are_refused() -> None:
    p1 = _plain(1, 1, GENESIS_HASH)
    p2 = _plain(2, 2, p1.hash)
    unsealed = verify_chain([p1, p2], keys=_keys([p1, p2]))
    assert (unsealed.valid, unsealed.first_broken_seq, unsealed.reason) == (False, 1, BreakReason.LEGACY)
    legacy = ChainSeal(seq=1, number=1, mac=legacy_seal(KEY, register=REGISTER, seq=1, number=1, hash=p1.hash))
    past = verify_chain([p1, p2], keys=_keys([p1, p2], legacy=legacy))
    assert (past.valid, past.first_broken_seq, past.reason) == (False, 2, BreakReason.LEGACY)


def test_a_forged_legacy_seal_is_refused() -> None:
    p1 = _plain(1, 1, GENESIS_HASH)
    forged = ChainSeal(seq=1, number=1, mac="0" * 64)
    result = verify_chain([p1], keys=_keys([p1], legacy=forged))
    assert (result.valid, result.reason) == (False, BreakReason.LEGACY)


def test_an_empty_register_needs_its_genesis_seal() -> None:
    genesis = ChainSeal(seq=0, number=0, mac=head_seal(KEY, register=REGISTER, seq=0, number=0, hash=GENESIS_HASH))
    assert verify_chain([], keys=ChainKeys(key=KEY, register=REGISTER, head=genesis)).valid
    assert verify_chain([], keys=ChainKeys(key=KEY, register=REGISTER, head=None)).reason is BreakReason.HEAD


# ------------------------------------------------------------------------------------------------ key handling


def test_chain_key_is_derived_from_the_secret_key_by_hkdf_and_differs_from_it() -> None:
    a = Settings(secret_key="a" * 48)
    b = Settings(secret_key="b" * 48)
    assert a.chain_key_source == "DIALOGUE_SECRET_KEY"
    assert len(a.chain_hmac_key) == 32
    assert a.chain_hmac_key not in (b"a" * 32, b.chain_hmac_key)
    assert a.chain_hmac_key == Settings(secret_key="a" * 48).chain_hmac_key


def test_an_explicit_chain_key_wins_and_survives_a_secret_key_change() -> None:
    a = Settings(secret_key="a" * 48, chain_key="c" * 40)
    b = Settings(secret_key="b" * 48, chain_key="c" * 40)
    assert (a.chain_key_source, a.chain_hmac_key) == ("DIALOGUE_CHAIN_KEY", b.chain_hmac_key)


def test_no_key_configured_is_reported_as_ephemeral(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIALOGUE_SECRET_KEY", raising=False)
    monkeypatch.delenv("DIALOGUE_CHAIN_KEY", raising=False)
    assert Settings().chain_key_source == "ephemeral"


def test_a_short_chain_key_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGUE_CHAIN_KEY", "too-short")
    with pytest.raises(SettingsError, match="DIALOGUE_CHAIN_KEY"):
        load_settings()


# ------------------------------------------------------------------------------------------------ minutes


def test_l2315_34_adopted_minutes_are_intact_only_with_their_text_and_sealed_digest() -> None:
    text = "# PV\nAdopté."
    digest = minutes_digest(text)
    mac = minutes_seal(KEY, minutes_id=5, meeting_id=9, sha256=digest)
    common = {"key": KEY, "minutes_id": 5, "meeting_id": 9}
    assert minutes_integrity(**common, text=text, sha256=digest, mac=mac) == (MinutesIntegrity.INTACT, None)  # type: ignore[arg-type]
    assert minutes_integrity(**common, text=text, sha256=None, mac=None) == (None, None)  # type: ignore[arg-type]
    edited = minutes_integrity(**common, text=text + " Modifié.", sha256=digest, mac=mac)  # type: ignore[arg-type]
    assert edited[0] is MinutesIntegrity.MISMATCH
    rewritten = minutes_digest(text + " Modifié.")
    both = minutes_integrity(**common, text=text + " Modifié.", sha256=rewritten, mac=mac)  # type: ignore[arg-type]
    assert both[0] is MinutesIntegrity.MISMATCH
    moved = minutes_integrity(key=KEY, minutes_id=6, meeting_id=9, text=text, sha256=digest, mac=mac)
    assert moved[0] is MinutesIntegrity.MISMATCH
