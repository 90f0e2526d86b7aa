"""Pure text building for the procès-verbal: the pre-filled Markdown draft and the HTML export.

D2315-26 (no agreement): the PV holds at least a summary of the deliberations and the employer's reasoned
decision on the proposals of the previous meeting; statements are recorded in it (L2315-34).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from dialogue.core.documents import french_date, markdown_to_html

KIND_LABELS = {"ordinary": "ordinaire", "extraordinary": "extraordinaire", "ssct": "consacrée à la SSCT"}
ROLE_LABELS = {
    "president": "président",
    "secretary": "secrétaire",
    "deputy_secretary": "secrétaire adjoint(e)",
    "treasurer": "trésorier(ère)",
    "titular": "titulaire",
    "substitute": "suppléant(e)",
    "union_representative": "représentant(e) syndical(e)",
    "guest": "invité(e)",
}
STATUS_LABELS = {"present": "présent(e)", "absent": "absent(e)", "excused": "excusé(e)", "replaced": "remplacé(e)"}
ITEM_KIND_LABELS = {
    "information": "information",
    "consultation": "consultation",
    "vote": "délibération",
    "question": "question",
    "ssct": "santé, sécurité et conditions de travail",
}
PRESENCE_GROUPS = (("present", "Présents"), ("replaced", "Remplacés"), ("excused", "Excusés"), ("absent", "Absents"))
OPINION_LABELS = {"positive": "favorable", "negative": "défavorable"}


@dataclass(frozen=True, slots=True, kw_only=True)
class PresenceLine:
    name: str
    role: str
    status: str
    replaces: str | None = None

    @property
    def label(self) -> str:
        text = f"{self.name} ({ROLE_LABELS.get(self.role, self.role)}"
        if self.replaces:
            text += f", remplace {self.replaces}"
        return text + ")"


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteLine:
    question: str
    secret: bool
    voters: int
    votes_for: int
    votes_against: int
    abstentions: int
    blank: int
    required_majority: int
    adopted: bool
    motion: str | None = None
    opinion_text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemLine:
    position: int
    title: str
    kind: str
    presenter: str | None = None
    votes: Sequence[VoteLine] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingHeader:
    """What every document about a meeting states first: the body, the title, when and where (shared with the
    calendar feeds' facts, which carry the same head)."""

    body_name: str
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    location: str | None
    visio_url: str | None
    #: The meeting's own zone (IANA name); empty: the organisation's.
    timezone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingFacts(MeetingHeader):
    """The head plus what the minutes record: officers, attendance, items and their votes."""

    president: str | None
    secretary: str | None
    presence: Sequence[PresenceLine]
    items: Sequence[ItemLine]
    voters_on_opinions: int


def _when(facts: MeetingFacts) -> str:
    start, end = facts.starts_at, facts.ends_at
    place = " ; ".join(
        p for p in (facts.location, f"visioconférence ({facts.visio_url})" if facts.visio_url else None) if p
    )
    text = f"le {french_date(start.date())} de {start:%H:%M} à {end:%H:%M}"
    return f"{text}, {place}" if place else text


def vote_sentence(vote: VoteLine) -> str:
    """One line stating the result the way a PV does (L2315-32: majority of the members present)."""
    result = "adoptée" if vote.adopted else "rejetée"
    text = (
        f"**Vote** : « {vote.question} » — pour {vote.votes_for}, contre {vote.votes_against}, "
        f"abstentions {vote.abstentions}, blancs {vote.blank} ({vote.voters} votants, majorité requise "
        f"{vote.required_majority}) : résolution **{result}**"
    )
    if vote.secret:
        text += " (scrutin secret)"
    text += "."
    if vote.motion and vote.adopted:
        text += f" Le comité rend un **avis {OPINION_LABELS.get(vote.motion, vote.motion)}**."
        if vote.opinion_text:
            text += f" Avis motivé : {vote.opinion_text}"
    return text


def draft_minutes(facts: MeetingFacts) -> str:
    """The pre-filled PV in Markdown: presence, agenda, one section per item with its votes, statements,
    and the employer's reasoned decisions on the previous meeting's proposals (D2315-26, L2315-34)."""
    lines = [
        f"# Procès-verbal — {facts.title}",
        "",
        f"Réunion {KIND_LABELS.get(facts.kind, facts.kind)} du {facts.body_name}, {_when(facts)}.",
        "",
    ]
    if facts.president or facts.secretary:
        lines += [f"Présidence : {facts.president or '—'}. Secrétaire : {facts.secretary or '—'}.", ""]
    lines += ["## Présences", ""]
    for status, title in (
        ("present", "Présents"),
        ("replaced", "Remplacés"),
        ("excused", "Excusés"),
        ("absent", "Absents"),
    ):
        names = [p.label for p in facts.presence if p.status == status]
        if names:
            lines.append(f"- **{title}** : " + ", ".join(names) + ".")
    lines += [f"- Membres ayant voix délibérative sur les avis : {facts.voters_on_opinions}.", ""]
    lines += ["## Ordre du jour", ""]
    lines += [f"{i.position}. {i.title} ({ITEM_KIND_LABELS.get(i.kind, i.kind)})" for i in facts.items]
    lines.append("")
    for item in facts.items:
        lines += [f"## {item.position}. {item.title}", ""]
        if item.presenter:
            lines += [f"Présenté par {item.presenter}.", ""]
        lines += ["Synthèse des échanges : …", ""]
        for vote in item.votes:
            lines += [vote_sentence(vote), ""]
    lines += [
        "## Déclarations",
        "",
        "Déclarations des membres à annexer ou reproduire (art. L2315-34).",
        "",
        "## Décisions motivées de l'employeur",
        "",
        "Réponses motivées de l'employeur aux propositions de la réunion précédente (art. L2315-34 et D2315-26).",
        "",
    ]
    return "\n".join(lines)


def minutes_html(
    *,
    facts: MeetingFacts,
    text: str,
    status_label: str,
    digest: str | None,
    adopted_on: datetime | None,
    integrity_warning: str | None = None,
) -> str:
    """A standalone HTML page of the PV: header, the Markdown rendered safely, attendance list, signatures;
    an integrity warning first when the adopted text no longer matches its sealed SHA-256."""
    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td>{escape(ROLE_LABELS.get(p.role, p.role))}</td>"
        f"<td>{escape(STATUS_LABELS.get(p.status, p.status))}"
        f"{escape(' par un suppléant') if p.status == 'replaced' else ''}"
        f"{escape(f' — remplace {p.replaces}') if p.replaces else ''}</td></tr>"
        for p in facts.presence
    )
    footer = (
        f"<p class='digest'>Adopté le {escape(french_date(adopted_on.date()))} — empreinte SHA-256 : "
        f"<code>{escape(digest)}</code></p>"
        if digest and adopted_on
        else f"<p class='digest'>{escape(status_label)}</p>"
    )
    return (
        "<!DOCTYPE html>\n<html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{escape(facts.title)} — procès-verbal</title>"
        "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;text-align:left}"
        ".signatures{display:flex;gap:2rem;margin-top:2rem}.signatures div{flex:1;border:1px solid #999;"
        "height:6rem;padding:.5rem}.digest{color:#555;font-size:.85rem}"
        ".integrity-mismatch{border:2px solid #b91c1c;padding:.5rem;color:#b91c1c}</style></head><body>"
        f"<header><p>{escape(facts.body_name)}</p><p>Réunion {escape(_when(facts))}</p>"
        f"<p><strong>{escape(status_label)}</strong></p></header>"
        + (
            "<p class='integrity-mismatch' role='alert' data-integrity='mismatch'>"
            f"<strong>{escape(integrity_warning)}</strong></p>"
            if integrity_warning
            else ""
        )
        + f"<main>{markdown_to_html(text)}</main>"
        "<section><h2>Liste de présence</h2><table><thead><tr><th>Nom</th><th>Qualité</th><th>Présence</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
        "<section class='signatures'>"
        f"<div>Le président<br>{escape(facts.president or '')}</div>"
        f"<div>Le secrétaire<br>{escape(facts.secretary or '')}</div></section>"
        f"<footer>{footer}</footer></body></html>"
    )
