"""A counting SMTP sink in its own process (so its parsing does not share the benchmark's GIL).

Usage: _smtp_sink.py PORT — prints "messages=N sessions=S bytes=B" when terminated.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

from aiosmtpd.controller import Controller


class CountingSink:
    def __init__(self) -> None:
        self.count = 0
        self.sessions = 0
        self.bytes = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        self.bytes += len(envelope.content)
        return "250 OK"


def main() -> None:
    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print("ready", flush=True)
    done.wait()
    controller.stop()
    print(f"messages={sink.count} sessions={sink.sessions} bytes={sink.bytes}", flush=True)


if __name__ == "__main__":
    main()
