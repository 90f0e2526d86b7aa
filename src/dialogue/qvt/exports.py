"""Renderings of the QVT module: public answer pages, printable codes, results as CSV and SVG, experience sheets.

Pure functions of read schemas (no database): the controllers call the service, then one of these.
Templates live in `templates/pages/` at the repository root, autoescaped (user text is never markup).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dialogue.core.clock import to_local
from dialogue.core.documents import (
    FONT_FAMILY,
    FONTS_DIR,
    BulletList,
    Paragraph,
    Section,
    french_date,
    render_pdf,
)
from dialogue.core.svg import bar_chart, format_number
from dialogue.core.templating import environment
from dialogue.qvt import rules
from dialogue.qvt.barometer import AnswerForm
from dialogue.qvt.schemas import ActionProposalRead, BarometerResultsRead, ExperienceSheet, InvitationsRead


def render(template: str, **context: Any) -> str:
    return environment("document").get_template(template).render(**context)


# ---------------------------------------------------------------- public pages


def answer_page(
    form: AnswerForm,
    *,
    action: str,
    submitted: Mapping[str, str] | None = None,
    errors: Sequence[Mapping[str, str]] = (),
) -> str:
    """The questionnaire; after a refused submission, the answers given are kept and errors shown by field."""
    values = submitted or {}
    by_field = {e["field"]: e["message"] for e in errors}
    labels = {q.code: q.label for q in form.questions}
    themes: list[dict[str, Any]] = []
    for code, label in rules.THEMES.items():
        questions = [q for q in form.questions if q.theme.value == code]
        if not questions:
            continue
        themes.append(
            {
                "code": code,
                "label": label,
                "comment": values.get(f"c_{code}", ""),
                "questions": [
                    {
                        "code": q.code,
                        "label": q.label,
                        "value": _int_or_none(values.get(f"q_{q.code}")),
                        "error": by_field.get(f"answers.{q.code}"),
                    }
                    for q in questions
                ],
            }
        )
    error_items = [{"label": _field_label(e["field"], labels), "message": e["message"]} for e in errors]
    return render(
        "barometer/form.html.j2",
        form=form,
        action=action,
        themes=themes,
        likert=list(rules.LIKERT_LABELS.items()),
        categories=list(rules.STAFF_CATEGORIES.items()),
        staff_category=values.get("staff_category", ""),
        general_comment=values.get("c_general", ""),
        errors=error_items,
        max_comment=rules.COMMENT_MAX_LENGTH,
        closes_on=french_date(to_local(form.closes_at).date()) if form.closes_at else "",
    )


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def _field_label(field: str, labels: Mapping[str, str]) -> str:
    kind, _, key = field.partition(".")
    if kind == "answers" and key in labels:
        return f"« {labels[key]} »"
    if kind == "comments":
        return f"Commentaire « {rules.THEMES.get(key, 'général')} »"
    if field == "staff_category":
        return "Catégorie professionnelle"
    return "Questionnaire"


def message_page(*, heading: str, message: str, ok: bool, show_code_form: bool = False) -> str:
    return render("barometer/message.html.j2", heading=heading, message=message, ok=ok, show_code_form=show_code_form)


def code_page(*, error: str | None = None, action: str = "/barometer") -> str:
    return render("barometer/code.html.j2", error=error, code_action=action)


# ---------------------------------------------------------------- printable codes


def invitations_csv(invitations: InvitationsRead) -> str:
    """One line per printed code (semicolon-separated, as French spreadsheets expect)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["etablissement", "service", "code", "lien"])
    for c in invitations.codes:
        writer.writerow([c.establishment or "", c.department or "", c.code, c.url])
    return "\ufeff" + out.getvalue()


def invitations_html(invitations: InvitationsRead, *, title: str, year: int, base_url: str) -> str:
    """Slips to print and cut: each carries the entry address and one code."""
    return render(
        "barometer/codes.html.j2",
        title=title,
        year=year,
        codes=invitations.codes,
        notice=invitations.notice,
        entry_url=f"{base_url.rstrip('/')}/barometre",
    )


def _draw_qr(pdf: FPDF, data: str, *, x: float, y: float, size: float) -> None:
    """The QR code of `data` drawn as vector squares (segno computes the modules; nothing is rasterised)."""
    qr = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    module = size / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
            else:
                c += 1


def invitations_pdf(
    invitations: InvitationsRead, *, title: str, year: int, entry_url: str, organization: str | None = None
) -> bytes:
    """One A5 sheet per printed code: the entry address, the code, and a QR code of the personal link.

    Nothing on a sheet names a person (the group only), and the file is built in memory and never stored:
    the codes exist nowhere else once it is downloaded (only their digest is kept)."""
    pdf = FPDF(orientation="portrait", unit="mm", format=(148, 210))  # A5
    pdf.add_font(FONT_FAMILY, "", str(FONTS_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT_FAMILY, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{title} — codes d'accès")
    pdf.set_lang("fr-FR")
    pdf.set_creator("dialogue")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(left=12, top=12, right=12)
    for c in invitations.codes:
        pdf.add_page()
        pdf.set_font(FONT_FAMILY, "B", 15)
        heading = f"Baromètre QVT {year}"
        pdf.multi_cell(0, 7, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT_FAMILY, "", 10.5)
        lines = ([title] if title != heading else []) + ([organization] if organization else [])
        group = c.establishment or "Siège et services communs"
        lines.append(group + (f" — {c.department}" if c.department else ""))
        pdf.multi_cell(0, 5.5, "\n".join(lines), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        pdf.multi_cell(
            0,
            5.5,
            "Questionnaire anonyme sur la qualité de vie au travail. Ce code ne sert qu'une fois et "
            "n'est relié à aucun nom.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(3)
        pdf.multi_cell(
            0, 5.5, f"Rendez-vous sur {entry_url} et saisissez le code :", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(2)
        pdf.set_font(FONT_FAMILY, "B", 13)
        pdf.multi_cell(0, 8, c.code, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font(FONT_FAMILY, "", 10.5)
        pdf.multi_cell(0, 5.5, "Ou scannez ce code avec votre téléphone :", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        size = 60.0
        _draw_qr(pdf, c.url, x=(pdf.w - size) / 2, y=pdf.get_y() + 2, size=size)
        pdf.set_y(pdf.h - 22)
        pdf.set_font(FONT_FAMILY, "", 7.5)
        pdf.set_text_color(80, 80, 80)
        pdf.multi_cell(0, 3.5, c.url, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())


# ---------------------------------------------------------------- results


def _fr(value: float | None, decimals: int = 2) -> str:
    return "" if value is None else f"{value:.{decimals}f}".replace(".", ",")


def results_csv(results: BarometerResultsRead) -> str:
    """Overall then each group, one line per theme; withheld cells are empty with their reason."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    low, high = results.scale["low"], results.scale["high"]
    writer.writerow(
        [
            "groupe",
            "theme",
            "repondants",
            "moyenne",
            *[f"reponses_{v}" for v in range(low, high + 1)],
            "participation",
            "masque",
        ]
    )
    for group in [results.overall, *results.groups]:
        for theme in group.themes:
            distribution: list[int | None] = (
                list(theme.distribution) if theme.distribution is not None else [None] * (high - low + 1)
            )
            writer.writerow(
                [
                    group.label,
                    theme.label,
                    "" if theme.respondents is None else theme.respondents,
                    _fr(theme.mean),
                    *["" if d is None else d for d in distribution],
                    _fr(group.participation * 100, 1) if group.participation is not None else "",
                    theme.withheld_reason or "",
                ]
            )
    return "\ufeff" + out.getvalue()


def results_svg(results: BarometerResultsRead, *, theme: str | None) -> str:
    """Without `theme`: the overall mean of each theme. With it: that theme's mean per group."""
    if theme is None:
        bars = [(t.label, t.mean) for t in results.overall.themes]
        title = f"{results.title} — moyenne par thème (sur 5)"
        desc = None
    else:
        label = rules.THEMES.get(theme, theme)
        bars = []
        for group in results.groups:
            stats = next((t for t in group.themes if t.theme == theme), None)
            hidden = group.withheld is not None or (stats is not None and stats.withheld is not None)
            bars.append((f"{group.label} (masqué)" if hidden else group.label, stats.mean if stats else None))
        title = f"{results.title} — « {label} » par groupe (sur 5)"
        desc = (
            f"Moyenne du thème {label} par groupe, de 1 à 5. Groupes masqués : moins de "
            f"{results.min_group_size} répondants, ou masqués pour l'anonymat. Valeurs : "
            + " ; ".join(f"{name} : {format_number(value, decimals=2)}" for name, value in bars)
            + "."
        )
    return bar_chart(bars, title=title, max_value=float(results.scale["high"]), desc=desc)


# ---------------------------------------------------------------- experience sheet


def _day(value: date | None) -> str:
    return french_date(value) if value else ""


def _sheet_dates(a: ActionProposalRead) -> list[tuple[str, str]]:
    dates = [("Proposée", _day(to_local(a.created_at).date()))]
    for label, value in (("adoptée", a.adopted_on), ("lancée", a.started_on), ("évaluée", a.evaluated_on)):
        if value is not None:
            dates.append((label.capitalize(), _day(value)))
    return dates


def _milestone_lines(a: ActionProposalRead) -> list[str]:
    lines = []
    for m in a.milestones:
        due = f" — prévue le {_day(date.fromisoformat(m['due_on']))}" if m.get("due_on") else ""
        done = f", réalisée le {_day(date.fromisoformat(m['done_on']))}" if m.get("done_on") else ""
        lines.append(f"{m['label']}{due}{done}")
    return lines


def _sheet_sections(data: ExperienceSheet) -> list[tuple[str, str | list[str]]]:
    a = data.action
    sections: list[tuple[str, str | list[str]]] = [
        ("Le problème à traiter", a.problem),
        ("L'action menée", a.proposal),
        ("Les conditions de réussite", a.success_conditions),
        ("Le calendrier", a.calendar),
    ]
    milestones = _milestone_lines(a)
    if milestones:
        sections.append(("Les étapes", milestones))
    sections.append(("Le public visé", a.target_population or "Toutes les catégories de personnel."))
    if a.complementary_actions:
        sections.append(("Les actions complémentaires", a.complementary_actions))
    criteria = a.evaluation_criteria + (f"\nMesure : {a.evaluation_method}" if a.evaluation_method else "")
    sections.append(("Les critères d'évaluation", criteria))
    verdict = {True: "Objectifs atteints.", False: "Objectifs non atteints.", None: ""}[a.criteria_met]
    sections.append(("Les résultats", f"{verdict}\n{a.evaluation_results}".strip()))
    sections.append(("Le bilan", a.evaluation_summary))
    if a.lessons_learned:
        sections.append(("Les enseignements pour d'autres établissements", a.lessons_learned))
    if a.changes_working_conditions:
        sections.append(
            (
                "Le dialogue social",
                "L'action modifiait les conditions de travail : le CSE a été consulté (art. L2312-8 du Code du "
                "travail)" + (f", consultation n° {a.consultation_id}." if a.consultation_id else "."),
            )
        )
    return sections


def experience_sheet_html(data: ExperienceSheet) -> str:
    a = data.action
    return render(
        "qvt/experience_sheet.html.j2",
        a=a,
        establishment=data.establishment,
        working_group=data.working_group,
        theme_label=data.theme_label,
        priorities=data.priorities,
        dates=_sheet_dates(a),
        sections=_sheet_sections(data),
    )


def experience_sheet_pdf(data: ExperienceSheet, *, organization: str | None = None) -> bytes:
    a = data.action
    context = [
        f"{label} : {value}"
        for label, value in (
            ("Établissement", data.establishment),
            ("Groupe de travail", data.working_group),
            ("Thème du baromètre", data.theme_label),
            ("Priorités du comité", " ; ".join(data.priorities) if data.priorities else None),
            ("Pilote de l'action", a.owner.full_name if a.owner else None),
        )
        if value
    ]
    context.append("Étapes : " + " ; ".join(f"{label} le {day}" for label, day in _sheet_dates(a)))
    sections = [Section(heading="Repères", blocks=(BulletList(items=tuple(context)),))]
    for heading, body in _sheet_sections(data):
        block = Paragraph(body) if isinstance(body, str) else BulletList(items=tuple(body))
        sections.append(Section(heading=heading, blocks=(block,)))
    evaluated = a.evaluated_on or to_local(a.updated_at).date()
    return render_pdf(
        title=f"Fiche de retour d'expérience — {a.title}",
        subtitle="Démarche qualité de vie au travail" + (f" — {organization}" if organization else ""),
        sections=sections,
        footer_text=f"Fiche établie à partir de l'évaluation du {french_date(evaluated)}.",
        created_at=a.updated_at,
    )
