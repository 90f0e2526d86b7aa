"""Keyed chain (issue 13, tamper evidence that survives a database writer): plain SQL accepted by SQLite and
PostgreSQL, then the seals, computed with the chain key (DIALOGUE_CHAIN_KEY, else HKDF of DIALOGUE_SECRET_KEY),
which is never stored in the database.

- register_entry / register_response: `chain_version` (1 = plain SHA-256, every record written so far; new
  records are 2 = HMAC-SHA256 with the register's identity and the author's name) and `author_name` (the name
  shown when the record was written, chained in version 2).
- register: the keyed head seal (`chain_head_*`, moved by every write) and the legacy seal (`chain_legacy_*`,
  made here once): plain SHA-256 records verify only inside that sealed prefix, so a writer cannot rewrite the
  register in the old formula.
- minutes: `sha256_mac`, the keyed seal of an adopted text's SHA-256 (existing adopted minutes sealed here).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-07T00:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "keyed chain: chain_version and author_name on register records, register seals, minutes seal"

STATEMENTS = [
    "ALTER TABLE register_entry ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE register_entry ADD COLUMN author_name VARCHAR(200) NULL",
    "ALTER TABLE register_response ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE register_response ADD COLUMN author_name VARCHAR(200) NULL",
    "ALTER TABLE register ADD COLUMN chain_head_seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE register ADD COLUMN chain_head_number INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE register ADD COLUMN chain_head_mac VARCHAR(64) NULL",
    "ALTER TABLE register ADD COLUMN chain_legacy_seq INTEGER NULL",
    "ALTER TABLE register ADD COLUMN chain_legacy_number INTEGER NULL",
    "ALTER TABLE register ADD COLUMN chain_legacy_mac VARCHAR(64) NULL",
    "ALTER TABLE minutes ADD COLUMN sha256_mac VARCHAR(64) NULL",
]

_LAST_RECORD = """
SELECT seq, number, hash FROM register_entry WHERE register = {}
UNION ALL
SELECT seq, number, hash FROM register_response WHERE register = {}
ORDER BY seq DESC LIMIT 1
"""


async def seal_existing(engine: object, *, key: bytes) -> None:
    """Seal what exists, once: each register's plain-SHA-256 prefix and head, each adopted text's SHA-256."""
    from dialogue.meetings.rules import minutes_seal
    from dialogue.registers.rules import GENESIS_HASH, RegisterIdentity, head_seal, legacy_seal

    run = engine.run_querystring  # type: ignore[attr-defined]
    for register in await run(QueryString("SELECT id, organization, body, kind FROM register ORDER BY id")):
        identity = RegisterIdentity(
            id=register["id"], organization_id=register["organization"], body_id=register["body"], kind=register["kind"]
        )
        rows = await run(QueryString(_LAST_RECORD, register["id"], register["id"]))
        seq, number, hash = (rows[0]["seq"], rows[0]["number"], rows[0]["hash"]) if rows else (0, 0, GENESIS_HASH)
        head = head_seal(key, register=identity, seq=seq, number=number, hash=hash)
        if seq:
            legacy = legacy_seal(key, register=identity, seq=seq, number=number, hash=hash)
            await run(
                QueryString(
                    "UPDATE register SET chain_head_seq = {}, chain_head_number = {}, chain_head_mac = {}, "
                    "chain_legacy_seq = {}, chain_legacy_number = {}, chain_legacy_mac = {} WHERE id = {}",
                    seq,
                    number,
                    head,
                    seq,
                    number,
                    legacy,
                    register["id"],
                )
            )
        else:
            await run(QueryString("UPDATE register SET chain_head_mac = {} WHERE id = {}", head, register["id"]))
    adopted = await run(QueryString("SELECT id, meeting, sha256 FROM minutes WHERE sha256 IS NOT NULL ORDER BY id"))
    for row in adopted:
        mac = minutes_seal(key, minutes_id=row["id"], meeting_id=row["meeting"], sha256=row["sha256"])
        await run(QueryString("UPDATE minutes SET sha256_mac = {} WHERE id = {}", mac, row["id"]))


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogue", description=DESCRIPTION)

    async def run() -> None:
        from dialogue.integrity import migration_key

        key = migration_key().key  # before any change: without the key, nothing is altered
        engine = engine_finder()
        assert engine is not None
        for statement in STATEMENTS:
            await engine.run_ddl(statement)
        await seal_existing(engine, key=key)

    manager.add_raw(run)
    return manager
