"""Follow every link and form target a signed-in person is shown, as a new user would (issue 17).

Only same-site page addresses are followed (no `/api/`, `/static/`, downloads are fetched but not parsed).
A page is parsed for `<a href>` and `<form action>`; GET forms are followed with their action, POST forms are
only checked to be reachable targets (never submitted: a crawl must change nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

HTML = {"accept": "text/html"}
#: Addresses a crawl never opens: they act (sign out, switch language) or are machine outputs.
SKIP_PREFIXES = ("/deconnexion", "/langue", "/api/", "/static/", "/assets/", "/schema", "/health", "/feeds/")
SKIP_SCHEMES = ("mailto:", "tel:", "webcal:", "javascript:", "data:")
#: Files, not pages: their own tests read them back (a PDF costs a second to build; a crawl reads pages).
FILE_SUFFIXES = (".pdf", ".ics", ".csv", ".zip", ".odt", ".docx", ".json", ".txt", ".png", ".svg")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.post_targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        elif tag == "form":
            action = values.get("action") or ""
            if (values.get("method") or "get").lower() == "post":
                self.post_targets.append(action)
            elif action:
                self.links.append(action)


@dataclass
class CrawlReport:
    pages: dict[str, int] = field(default_factory=dict)
    post_targets: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _local(base: str, href: str) -> str | None:
    if href.startswith(SKIP_SCHEMES) or href.startswith("#"):
        return None
    absolute = urljoin(base, urldefrag(href)[0])
    parts = urlsplit(absolute)
    if parts.netloc and parts.netloc not in ("test", "testserver", "localhost", "127.0.0.1"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES) or parts.path.endswith(FILE_SUFFIXES):
        return None
    if "/telecharger" in parts.path or "/download" in parts.path:
        return None
    return path


async def crawl(client: Any, start: str = "/", *, limit: int = 400) -> CrawlReport:
    """Breadth-first over the pages reachable from `start` with the client's session."""
    report = CrawlReport()
    queue = [start]
    seen = {start}
    origin: dict[str, str] = {}
    while queue and len(report.pages) < limit:
        path = queue.pop(0)
        response = await client.get(path, headers=HTML)
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = _local(f"http://test{path}", response.headers.get("location", ""))
            report.pages[path] = status
            if target and target.split("?")[0] in ("/connexion",):
                report.failures.append(f"{path}: redirected to sign-in (linked from {origin.get(path)})")
            elif target and target not in seen:
                seen.add(target)
                origin[target] = path
                queue.append(target)
            continue
        report.pages[path] = status
        if status >= 400:
            report.failures.append(f"{path}: {status} (linked from {origin.get(path)})")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Links()
        parser.feed(response.text)
        for href in parser.links:
            target = _local(f"http://test{path}", href)
            if target and target not in seen:
                seen.add(target)
                origin[target] = path
                queue.append(target)
        for action in parser.post_targets:
            target = _local(f"http://test{path}", action or path)
            if target:
                report.post_targets.add(target)
    return report
