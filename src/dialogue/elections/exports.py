"""The election's PV as PDF, and its figures in the shape of the CERFA 15822 (titulaires) / 15823 (suppléants)
that the CTEP receives (R2314-22, D2122-7; 15248 for a PV de carence).

What public documentation shows (elections-professionnelles.travail.gouv.fr, questions-réponses): the CTEP takes
the paper CERFA or the online téléservice, which asks for the employer's SIRET, the IDCC, the PAP, the lists of
candidates of each round and the polling station. No file format for employers to upload is published (only
e-voting providers transmit data, by a channel not documented publicly): the CSV below carries, one row per list
and per college, the figures the CERFA asks for, to fill the téléservice — its column names are ours (unverified)."""

from __future__ import annotations

import csv
import io

from dialogue.core.documents import Section, Table, french_date, render_pdf, signatures_block
from dialogue.elections.schemas import KIND_LABELS, ElectionDetail

CTEP_COLUMNS = (
    "cerfa",
    "college",
    "tour",
    "inscrits",
    "votants",
    "blancs_nuls",
    "suffrages_valablement_exprimes",
    "liste",
    "voix",
    "sieges",
    "elus",
)


def ctep_csv(election: ElectionDetail) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CTEP_COLUMNS)
    seats = {(s.college, s.kind, s.round): s for s in election.seats}
    for tally in election.results:
        allocation = seats.get((tally.college, tally.kind, tally.round))
        for entry in tally.lists:
            won = (
                (allocation.by_quotient.get(entry.union, 0) + allocation.by_average.get(entry.union, 0))
                if allocation
                else 0
            )
            names = [e.full_name for e in election.elected if e.list_id == entry.list_id and e.round == tally.round]
            writer.writerow(
                (
                    "15822" if tally.kind.value == "titulaires" else "15823",
                    tally.college,
                    tally.round,
                    tally.registered,
                    tally.voters,
                    tally.blank_null,
                    f"{tally.valid_votes:.2f}".replace(".", ","),
                    entry.union,
                    f"{entry.votes:.2f}".replace(".", ","),
                    won,
                    " | ".join(names),
                )
            )
    return out.getvalue()


def pv_pdf(election: ElectionDetail, *, organization: str) -> bytes:
    """Procès-verbal of the election: calendar, per college and round the count, the seats and the élus."""
    sections = [
        Section(
            "Élection",
            (
                f"{KIND_LABELS[election.kind.value]} — effectif {election.headcount} "
                f"({election.legal_titulaires} titulaires selon R2314-1).",
                f"Protocole d'accord préélectoral : {election.pap.reason}",
                Table(
                    header=("Étape", "Article", "Date"),
                    rows=tuple(
                        (s.label, s.article, french_date(s.done_on) if s.done_on else "—") for s in election.calendar
                    ),
                ),
            ),
        )
    ]
    for tally in election.results:
        kind = "titulaires" if tally.kind.value == "titulaires" else "suppléants"
        blocks: list[str | Table] = [
            f"Inscrits : {tally.registered} — votants : {tally.voters} — blancs et nuls : {tally.blank_null} — "
            f"suffrages valablement exprimés : {tally.valid_votes:.2f}"
            + ("" if tally.quorum_reached or tally.round == 2 else " — quorum non atteint (L2314-29)."),
            Table(
                header=("Liste", "Bulletins", "Voix (moyenne)"),
                rows=tuple((e.union, str(e.ballots), f"{e.votes:.2f}") for e in tally.lists),
            ),
        ]
        elected = [
            e
            for e in election.elected
            if e.college == tally.college and e.kind is tally.kind and e.round == tally.round
        ]
        if elected:
            blocks.append(
                Table(
                    header=("Élu(e)", "Liste", "Voix"),
                    rows=tuple((e.full_name, e.union, str(e.votes)) for e in elected),
                )
            )
        sections.append(Section(f"{tally.college} — {kind}, tour {tally.round}", tuple(blocks)))
    if election.carence_on:
        sections.append(
            Section("Carence", (f"Procès-verbal de carence du {french_date(election.carence_on)} (L2314-9).",))
        )
    sections.append(
        Section("Signatures", (signatures_block(signers=("Président du bureau", "Assesseur", "Assesseur")),))
    )
    return render_pdf(
        title=f"Procès-verbal — {election.title}",
        subtitle=organization,
        sections=sections,
        footer_text="À transmettre au CTEP dans les 15 jours (R2314-22)",
    )


def carence_pdf(election: ElectionDetail, *, organization: str, establishment: str | None) -> bytes:
    """Procès-verbal de carence shaped after cerfa 15248 (the fields the form asks: employer, establishment, SIRET,
    dates of the rounds, colleges and registered electors, the reason, the signature). L2314-9: made known to the
    staff and sent within 15 days to the labour inspector; D2122-7 / R2314-22: a copy to the CTEP."""
    carence = election.carence
    if carence is None:
        raise ValueError("aucun procès-verbal de carence")
    registered = sum(c.women + c.men for c in election.colleges)
    dates = {s.key: s.done_on for s in election.calendar}
    rounds = [("Premier tour", dates.get("round1")), ("Second tour", dates.get("round2"))]
    sections = [
        Section(
            "Employeur",
            (
                Table(
                    header=("Rubrique", "Valeur"),
                    rows=(
                        ("Raison sociale", organization),
                        ("Établissement", establishment or "Entreprise (établissement unique)"),
                        ("SIRET", election.siret or "non renseigné"),
                        ("Effectif", str(election.headcount)),
                        ("Élection", f"{KIND_LABELS[election.kind.value]} — {election.title}"),
                    ),
                ),
            ),
        ),
        Section(
            "Scrutin",
            (
                Table(
                    header=("Tour", "Date"),
                    rows=tuple((label, french_date(day) if day else "—") for label, day in rounds),
                ),
                Table(
                    header=("Collège", "Électrices inscrites", "Électeurs inscrits", "Inscrits"),
                    rows=tuple((c.name, str(c.women), str(c.men), str(c.women + c.men)) for c in election.colleges),
                ),
                f"Nombre total d'électeurs inscrits : {registered}.",
            ),
        ),
        Section(
            "Motif de la carence",
            (
                carence.reason_label or "Motif non renseigné.",
                f"Procès-verbal de carence établi le {french_date(carence.drawn_on)}.",
            ),
        ),
        Section(
            "Publicité et transmission (L2314-9)",
            (
                "Porté à la connaissance du personnel le "
                + (french_date(carence.published_on) if carence.published_on else "— (à faire)")
                + ".",
                f"À transmettre à l'agent de contrôle de l'inspection du travail au plus tard le "
                f"{french_date(carence.send_by)}"
                + (f" : {election.inspector}" if election.inspector else "")
                + ". Il en communique une copie aux organisations syndicales du département.",
                "Transmis le " + (french_date(carence.sent_on) if carence.sent_on else "— (à faire)") + ".",
                f"Une nouvelle élection ne peut être demandée par un salarié ou un syndicat qu'à partir du "
                f"{french_date(carence.request_possible_from)} (L2314-8).",
            ),
        ),
        Section("Signature", (signatures_block(signers=("L'employeur ou son représentant",)),)),
    ]
    return render_pdf(
        title=f"Procès-verbal de carence — {election.title}",
        subtitle=organization,
        sections=sections,
        footer_text="Cerfa 15248 — inspection du travail (L2314-9) et CTEP (D2122-7)",
    )
