"""`dialogue worker`: claim due outbox rows, send them over one reused SMTP connection per batch, and
record the outcome. Several workers may run at once: on PostgreSQL a claim is `FOR UPDATE SKIP LOCKED`
plus a lease; on SQLite claims go through the single writer lock of `core.db.transaction()`.

Delivery is at-least-once: a worker that crashes after the server's 250 but before recording it leaves
the row `sending`; once its lease expires another worker sends it again, with the same Message-ID.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import re
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from html import escape
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
from piccolo.querystring import QueryString

from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, is_sqlite, transaction
from dialogue.notifications.fanout import fan_out_pending
from dialogue.notifications.messages import PERSONAL_LINK
from dialogue.notifications.mime import POLICY, build_message
from dialogue.notifications.rules import (
    LEASE,
    MAX_ATTEMPTS,
    Category,
    Failure,
    Status,
    classify_error,
    is_optional,
    next_attempt_at,
)
from dialogue.notifications.service import recipient_opted_out
from dialogue.settings import Settings

logger = logging.getLogger("dialogue.notifications.worker")

#: Outcomes (sent, retry, dead) are committed together every FLUSH_EVERY messages or FLUSH_SECONDS: one
#: commit per message would cap delivery at the disk's fsync rate. It bounds what a crash may resend.
FLUSH_EVERY = 25
FLUSH_SECONDS = 1.0
#: How often a looping worker enqueues the scheduled notices (reminders, deadlines): `notify-due`.
SCHEDULE_EVERY = timedelta(hours=1)


class SmtpNotConfigured(RuntimeError):
    """DIALOGUE_SMTP_URL is not set: nothing can be sent, and nothing is dropped."""


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where to send: `smtp://[user:password@]host[:port]` (STARTTLS when offered) or `smtps://` (TLS)."""

    hostname: str
    port: int
    use_tls: bool
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0) -> SmtpConfig:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("expected smtp://host:port or smtps://user:password@host:port")
        use_tls = parts.scheme == "smtps"
        return cls(
            hostname=parts.hostname,
            port=parts.port or (465 if use_tls else 25),
            use_tls=use_tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=timeout,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        if settings.smtp_url is None:
            raise SmtpNotConfigured("DIALOGUE_SMTP_URL n'est pas configuré")
        return cls.from_url(settings.smtp_url.get_secret_value())

    def client(self) -> aiosmtplib.SMTP:
        return aiosmtplib.SMTP(
            hostname=self.hostname,
            port=self.port,
            use_tls=self.use_tls,
            start_tls=None if not self.use_tls else False,
            username=self.username,
            password=self.password,
            timeout=self.timeout,
        )


@dataclass
class RunSummary:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    skipped: int = 0

    def add(self, other: RunSummary) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.dead += other.dead
        self.skipped += other.skipped

    def __str__(self) -> str:
        return (
            f"{self.sent} envoyé(s), {self.retried} à réessayer plus tard, "
            f"{self.dead} en échec définitif, {self.skipped} ignoré(s) (désabonnement)"
        )


# Constant SQL; every value is a bound parameter.
_CLAIM_SQL = (
    "UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, locked_until = {}, locked_by = {} "
    "WHERE %s "
    "RETURNING id, organization, recipient_user, recipient_email, recipient_name, kind, category, message_id, "
    "thread_root, sender_name, subject, body_text, body_html, ics, ics_method, list_unsubscribe_url, attempts, "
    "created_at, secret, dedupe_key"
)


_DUE = (
    "SELECT id FROM outbox_message "
    "WHERE (status = 'pending' AND next_attempt_at <= {}) OR (status = 'sending' AND locked_until < {}) "
    "ORDER BY next_attempt_at, id LIMIT {}"
)
#: SQLite serialises writers: a plain `IN (subquery)` takes each row once.
_CLAIMABLE_SQLITE = f"id IN ({_DUE})"
#: PostgreSQL may run an `IN (… FOR UPDATE SKIP LOCKED)` subquery more than once inside one UPDATE (its plan may
#: rescan it, and each scan skips other rows), so a claim could take more than `LIMIT` rows: seen in CI as 30 rows
#: claimed by five workers of four. `ARRAY(subquery)` is an InitPlan, evaluated exactly once.
_CLAIMABLE_POSTGRES = f"id = ANY(ARRAY({_DUE} FOR UPDATE SKIP LOCKED))"


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


AfterSend = Callable[[dict[str, Any]], Awaitable[None]]


_CONVOCATION_KEY = re.compile(r"^convocation:m\d+:s\d+:c(\d+)$")


def convocation_of(dedupe_key: str | None) -> int | None:
    """The meetings' `convocation` row a convocation e-mail was sent for (its dedupe key names it)."""
    match = _CONVOCATION_KEY.match(dedupe_key or "")
    return int(match.group(1)) if match else None


def personalise(row: dict[str, Any]) -> tuple[str, str | None]:
    """Text and HTML with the row's single-use secret (a barometer link) put in place of `PERSONAL_LINK`.

    A message that needs its secret after it was wiped (a dead message retried) cannot be sent: ValueError,
    which `render` turns into a permanent failure.
    """
    text: str = row["body_text"]
    html: str | None = row["body_html"]
    if PERSONAL_LINK not in text and (html is None or PERSONAL_LINK not in html):
        return text, html
    secret = row.get("secret")
    if not secret:
        raise ValueError("lien personnel effacé : faites générer une nouvelle invitation")
    text = text.replace(PERSONAL_LINK, secret)
    if html is not None:
        html = html.replace(PERSONAL_LINK, escape(secret, quote=True))
    return text, html


@dataclass
class Worker:
    """One sender. `clock` and `rand` are injectable so tests can check the backoff exactly."""

    settings: Settings
    smtp: SmtpConfig
    clock: Callable[[], datetime] = utcnow
    rand: random.Random = field(default_factory=random.Random)
    batch_size: int = 50
    lease: timedelta = LEASE
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{random.getrandbits(24):06x}")
    after_send: AfterSend | None = None
    #: Run once per `schedule_every` by `run_forever` (the `notify-due` notices), before sending.
    scheduled: Callable[[], Awaitable[object]] | None = None
    schedule_every: timedelta = SCHEDULE_EVERY
    _scheduled_at: float | None = field(default=None, init=False, repr=False)
    _outcomes: list[tuple[int, dict[str, Any]]] = field(default_factory=list, init=False, repr=False)
    _convocations_sent: list[tuple[int, datetime]] = field(default_factory=list, init=False, repr=False)
    _flushed_at: float = field(default_factory=time.monotonic, init=False, repr=False)

    async def claim(self) -> list[dict[str, Any]]:
        """Take up to `batch_size` due rows (and rows whose lease expired), oldest due first."""
        now = self.clock()
        sql = _CLAIM_SQL % (_CLAIMABLE_SQLITE if is_sqlite() else _CLAIMABLE_POSTGRES)
        async with transaction():
            rows: list[dict[str, Any]] = await get_engine().run_querystring(
                QueryString(sql, now + self.lease, self.name[:80], now, now, self.batch_size)
            )
        return sorted(rows, key=lambda r: r["id"])

    def build(self, row: dict[str, Any], *, eight_bit: bool = True) -> EmailMessage:
        thread = row["thread_root"]
        text, html = personalise(row)
        return build_message(
            from_addr=self.settings.mail_from,
            from_name=row["sender_name"],
            to_addr=row["recipient_email"],
            to_name=row["recipient_name"],
            subject=row["subject"],
            text=text,
            html=html,
            ics=row["ics"],
            ics_method=row["ics_method"],
            message_id=row["message_id"],
            in_reply_to=thread,
            references=[thread] if thread else [],
            list_unsubscribe_url=row["list_unsubscribe_url"],
            date=_as_datetime(row["created_at"]),
            eight_bit=eight_bit,
        )

    async def _finish(self, row_id: int, values: dict[str, Any]) -> None:
        """Queue an outcome; outcomes are written together (one commit) every few messages."""
        self._outcomes.append((row_id, values))
        if len(self._outcomes) >= FLUSH_EVERY or time.monotonic() - self._flushed_at >= FLUSH_SECONDS:
            await self.flush()

    async def flush(self) -> None:
        """Record queued outcomes in one transaction. Until then a crash leaves those rows `sending`: they
        are sent again after the lease, with the same Message-ID (at-least-once, bounded by FLUSH_EVERY)."""
        outcomes, self._outcomes = self._outcomes, []
        convocations, self._convocations_sent = self._convocations_sent, []
        self._flushed_at = time.monotonic()
        if not outcomes:
            return
        engine = get_engine()
        async with transaction():
            for convocation_id, sent_at in convocations:
                # Proof of sending for the convocation delay (L2315-30): the first delivery counts.
                await engine.run_querystring(
                    QueryString(
                        "UPDATE convocation SET sent_at = {} WHERE id = {} AND sent_at IS NULL", sent_at, convocation_id
                    )
                )
            for row_id, values in outcomes:
                assignments = ", ".join(f"{name} = {{}}" for name in values)
                await engine.run_querystring(
                    QueryString(
                        f"UPDATE outbox_message SET {assignments} WHERE id = {{}} AND status = 'sending'",  # noqa: S608
                        *values.values(),
                        row_id,
                    )
                )

    async def _mark_sent(self, row: dict[str, Any]) -> None:
        convocation = convocation_of(row.get("dedupe_key"))
        if convocation is not None:
            self._convocations_sent.append((convocation, self.clock()))
        # The single-use secret (a barometer link) is wiped with the outcome: once sent, no row says who
        # received which code.
        await self._finish(
            row["id"],
            {
                "status": Status.sent.value,
                "sent_at": self.clock(),
                "locked_until": None,
                "last_error": None,
                "secret": None,
            },
        )

    async def _mark_failed(self, row: dict[str, Any], failure: Failure, summary: RunSummary) -> None:
        attempts = int(row["attempts"])
        error = failure.message[:4000]
        if failure.permanent or attempts >= MAX_ATTEMPTS:
            if not failure.permanent:
                error = f"abandon après {attempts} essais : {error}"
            logger.warning("outbox %s dead: %s", row["id"], error)
            await self._finish(
                row["id"], {"status": Status.dead.value, "last_error": error, "locked_until": None, "secret": None}
            )
            summary.dead += 1
            return
        retry_at = next_attempt_at(now=self.clock(), attempts=attempts, jitter=self.rand.uniform(-1.0, 1.0))
        logger.info("outbox %s will be retried at %s: %s", row["id"], retry_at.isoformat(), error)
        await self._finish(
            row["id"],
            {"status": Status.pending.value, "next_attempt_at": retry_at, "last_error": error, "locked_until": None},
        )
        summary.retried += 1

    def render(self, row: dict[str, Any], *, eight_bit: bool = True) -> bytes | Failure:
        """The message's wire bytes, or a permanent failure when the stored parts cannot form a message.

        `eight_bit`: the server advertised 8BITMIME (RFC 6152); without it the bytes are 7-bit only.
        """
        try:
            return self.build(row, eight_bit=eight_bit).as_bytes(policy=POLICY)
        except ValueError as exc:
            return Failure(permanent=True, message=f"message invalide : {exc}")

    async def deliver(self, rows: list[dict[str, Any]]) -> RunSummary:
        """Send claimed rows over one SMTP connection, reconnecting once if the server drops it."""
        summary = RunSummary()
        client = self.smtp.client()
        connection_error: Failure | None = None
        try:
            for row in rows:
                if connection_error is not None:
                    # The server is unreachable: do not hammer it once per message.
                    await self._mark_failed(row, connection_error, summary)
                    continue
                category = Category(row["category"])
                if is_optional(category) and await recipient_opted_out(
                    organization_id=row["organization"],
                    user_id=row["recipient_user"],
                    email=row["recipient_email"],
                    category=category,
                ):
                    await self._finish(
                        row["id"], {"status": Status.skipped.value, "locked_until": None, "secret": None}
                    )
                    summary.skipped += 1
                    continue
                if not client.is_connected:
                    try:
                        await client.connect()
                        if client.is_ehlo_or_helo_needed:
                            await client.ehlo()
                    except (aiosmtplib.SMTPException, OSError) as exc:
                        connection_error = classify_error(exc)
                        # Refused authentication or an unreachable server: the same for every row left.
                        await self._mark_failed(row, connection_error, summary)
                        continue
                # Non-ASCII bodies go 8bit only to a server that advertises 8BITMIME, declared with
                # BODY=8BITMIME (RFC 6152 §3); otherwise the message is encoded 7-bit (quoted-printable).
                eight_bit = client.supports_extension("8bitmime")
                rendered = self.render(row, eight_bit=eight_bit)
                if isinstance(rendered, Failure):
                    await self._mark_failed(row, rendered, summary)
                    continue
                options = ["BODY=8BITMIME"] if eight_bit and not rendered.isascii() else []
                try:
                    await client.sendmail(
                        self.settings.mail_from, [row["recipient_email"]], rendered, mail_options=options
                    )
                except Exception as exc:
                    await self._mark_failed(row, classify_error(exc), summary)
                    if isinstance(exc, aiosmtplib.SMTPServerDisconnected | ConnectionError | TimeoutError):
                        client.close()
                    continue
                if self.after_send is not None:
                    await self.after_send(row)
                await self._mark_sent(row)
                summary.sent += 1
        finally:
            await self.flush()
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()
        return summary

    async def run_once(self) -> RunSummary:
        """Render the deferred events into the outbox, then drain it: claim and send until no row is due
        (rows waiting for a retry stay queued)."""
        fanned = await fan_out_pending()
        if fanned.done or fanned.retried or fanned.dead:
            logger.info(
                "worker: %s event(s) fanned out, %s to retry, %s dead", fanned.done, fanned.retried, fanned.dead
            )
        total = RunSummary()
        while True:
            rows = await self.claim()
            if not rows:
                return total
            total.add(await self.deliver(rows))

    async def run_scheduled(self) -> bool:
        """Run the scheduled job when it is due (at start, then every `schedule_every`); True if it ran."""
        if self.scheduled is None:
            return False
        moment = time.monotonic()
        if self._scheduled_at is not None and moment - self._scheduled_at < self.schedule_every.total_seconds():
            return False
        self._scheduled_at = moment
        try:
            result = await self.scheduled()
            logger.info("worker: scheduled notices: %s", result)
        except Exception:
            logger.exception("worker: scheduled notices failed; next try in %s", self.schedule_every)
        return True

    async def run_forever(self, *, stop: asyncio.Event, poll_seconds: float = 5.0) -> None:
        while not stop.is_set():
            await self.run_scheduled()
            try:
                summary = await self.run_once()
                if summary.sent or summary.dead or summary.retried:
                    logger.info("worker: %s", summary)
            except Exception:
                logger.exception("worker: batch failed; retrying after the poll interval")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll_seconds)


async def pending_count() -> int:
    rows = await get_engine().run_querystring(
        QueryString("SELECT COUNT(*) AS n FROM outbox_message WHERE status IN ('pending', 'sending')")
    )
    return int(rows[0]["n"])
