"""Dialogue registers (questions L2315-22, DGI L4132-2, public health L4133-1, personal rights L2312-59, free).

Entries and responses are append-only: the service only ever inserts them. Composite unique indexes
(register + number, register + seq, body + kind) are in the `*_registers_indexes.py` migration.
"""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.organizations.tables import Organization


class Register(Table, tablename="register"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.restrict, index=True, null=False)
    body = ForeignKey(
        Body, on_delete=OnDelete.restrict, index=True, null=False, help_text="Instance tenant le registre"
    )
    kind = Varchar(length=30, help_text="questions, dgi, public_health, personal_rights, dialogue")
    title = Varchar(length=200, help_text="Intitulé imprimé en tête du registre")
    created_by = ForeignKey(User, on_delete=OnDelete.restrict, null=True, default=None)
    created_at = Timestamptz()
    chain_head_seq = Integer(default=0, help_text="Scellé de tête : nombre d'enregistrements du registre")
    chain_head_number = Integer(default=0, help_text="Scellé de tête : numéro de l'entrée du dernier enregistrement")
    chain_head_mac = Varchar(
        length=64, null=True, default=None, help_text="Scellé de tête : HMAC-SHA256 (clé hors base) du dernier hash"
    )
    chain_legacy_seq = Integer(
        null=True, default=None, help_text="Enregistrements chaînés en SHA-256 simple avant la clé (préfixe scellé)"
    )
    chain_legacy_number = Integer(null=True, default=None, help_text="Numéro d'entrée à la fin du préfixe scellé")
    chain_legacy_mac = Varchar(
        length=64, null=True, default=None, help_text="HMAC-SHA256 de la fin du préfixe en SHA-256 simple"
    )


class RegisterEntry(Table, tablename="register_entry"):
    """One entry; never updated nor deleted (corrections are later entries with `corrects`)."""

    id = Serial(primary_key=True)
    register = ForeignKey(Register, on_delete=OnDelete.restrict, index=True, null=False)
    seq = Integer(help_text="Position dans le registre, entrées et réponses confondues (1, 2, 3…)")
    number = Integer(help_text="Numéro de l'entrée dans le registre (1, 2, 3…, sans trou)")
    author = ForeignKey(User, on_delete=OnDelete.restrict, index=True, null=False)
    submitted_at = Timestamptz(help_text="Horodatage serveur (UTC)")
    subject = Varchar(length=300)
    body = Text(default="", help_text="Texte libre de l'entrée")
    fields = JSON(default="{}", help_text="Mentions propres au registre (D4132-1, D4133-1, L2315-22…)")
    confidential = Boolean(default=False, help_text="Présentée comme confidentielle (L2315-3)")
    confidentiality_reason = Text(null=True, default=None)
    corrects = Integer(null=True, default=None, help_text="Numéro de l'entrée que cet additif rectifie")
    meeting_id = Integer(null=True, default=None, help_text="Réunion visée par une question (module réunions)")
    meeting_on = Date(null=True, default=None, help_text="Date de la réunion visée par une question (L2315-22)")
    due_on = Date(null=True, default=None, index=True, help_text="Échéance calculée au dépôt")
    late_submission = Boolean(default=False, help_text="Question remise moins de 2 jours ouvrables avant (L2315-22)")
    author_name = Varchar(length=200, null=True, default=None, help_text="Nom de l'auteur affiché à l'inscription")
    attachments = JSON(
        null=True,
        default=None,
        help_text="Pièces jointes (photos, rapports) : document, version, nom, SHA-256 ; couvertes par le hash",
    )
    chain_version = Integer(default=1, help_text="Calcul du hash : 1 = SHA-256 simple (ancien), 2 = HMAC-SHA256")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64, help_text="Hash (HMAC-SHA256 en version 2) de l'entrée et de l'enregistrement précédent")


class RegisterResponse(Table, tablename="register_response"):
    """An answer, a DGI step or a closing, appended to the register's ledger after the entry it concerns."""

    id = Serial(primary_key=True)
    register = ForeignKey(Register, on_delete=OnDelete.restrict, index=True, null=False)
    entry = ForeignKey(RegisterEntry, on_delete=OnDelete.restrict, index=True, null=False)
    seq = Integer(help_text="Position dans le registre, entrées et réponses confondues")
    number = Integer(help_text="Numéro de l'entrée concernée")
    author = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    submitted_at = Timestamptz()
    action = Varchar(length=20, help_text="answer, dgi_step, close, due_date_changed")
    body = Text(default="")
    dgi_state = Varchar(length=20, null=True, default=None, help_text="Étape DGI enregistrée (L4132-2, L4132-3)")
    meeting_due_by = Timestamptz(
        null=True, default=None, help_text="Désaccord DGI : CSE à réunir au plus tard (24 h, L4132-3)"
    )
    due_on = Date(null=True, default=None, help_text="due_date_changed : nouvelle échéance (réunion reportée)")
    meeting_on = Date(null=True, default=None, help_text="due_date_changed : nouvelle date de la réunion")
    informed_at = Timestamptz(
        null=True, default=None, help_text="Désaccord DGI persistant : inspecteur du travail informé le (L4132-4)"
    )
    author_name = Varchar(length=200, null=True, default=None, help_text="Nom de l'auteur affiché à la réponse")
    chain_version = Integer(default=1, help_text="Calcul du hash : 1 = SHA-256 simple (ancien), 2 = HMAC-SHA256")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)
