"""The notification outbox and each user's notification preferences."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Organization


class OutboxMessage(Table, tablename="outbox_message"):
    """One e-mail to one recipient, written in the business transaction and sent later by the worker."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    recipient_user = ForeignKey(
        User, on_delete=OnDelete.set_null, null=True, default=None, index=True, help_text="Destinataire (compte)"
    )
    recipient_email = Varchar(length=320, help_text="Adresse au moment de l'envoi (gardée si le compte disparaît)")
    recipient_name = Varchar(length=200, null=True, default=None)
    kind = Varchar(length=40, help_text="convocation, update, cancellation, reminder, minutes_published, …")
    category = Varchar(length=20, help_text="convocation, notice (obligatoires) ; reminder, digest (facultatifs)")
    dedupe_key = Varchar(length=300, unique=True, help_text="Clé d'idempotence : un second enqueue rend la ligne")
    message_id = Varchar(length=300, help_text="Message-ID déterministe, le même à chaque nouvel essai")
    thread_root = Varchar(
        length=300, null=True, default=None, help_text="Message-ID racine du fil (In-Reply-To/References)"
    )
    sender_name = Varchar(length=200, null=True, default=None, help_text="Nom affiché de l'expéditeur")
    subject = Varchar(length=400)
    body_text = Text()
    body_html = Text(null=True, default=None)
    ics = Text(null=True, default=None, help_text="Partie text/calendar (iTIP), rendue à l'enqueue")
    ics_method = Varchar(length=10, null=True, default=None, help_text="REQUEST ou CANCEL")
    secret = Text(
        null=True,
        default=None,
        help_text="Donnée personnelle à usage unique (lien du baromètre) insérée à l'envoi, effacée une fois envoyé",
    )
    list_unsubscribe_url = Varchar(
        length=600, null=True, default=None, help_text="Désabonnement en un clic (RFC 8058), catégories facultatives"
    )
    status = Varchar(length=10, default="pending", index=True, help_text="pending, sending, sent, dead, skipped")
    attempts = Integer(default=0, help_text="Essais commencés (compté à la prise en charge)")
    next_attempt_at = Timestamptz(index=True, help_text="Pas d'envoi avant cet instant (retour exponentiel)")
    locked_until = Timestamptz(null=True, default=None, help_text="Bail du worker qui envoie ; repris après expiration")
    locked_by = Varchar(length=80, null=True, default=None)
    last_error = Text(null=True, default=None, help_text="Dernière erreur SMTP, visible des administrateurs")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class NotificationPreference(Table, tablename="notification_preference"):
    """Optional categories a user has turned off; no row means everything on."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, unique=True, index=True, null=False)
    reminders = Boolean(default=True, help_text="Rappels la veille des réunions")
    digests = Boolean(default=True, help_text="Récapitulatifs périodiques")
    updated_at = Timestamptz()


class NotificationOptOut(Table, tablename="notification_opt_out"):
    """An address without an account (labour inspector, CARSAT, médecin du travail) that unsubscribed from an
    optional category of one organisation's mails (RFC 8058 one-click). Keeps a digest, not the address."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    category = Varchar(length=20, help_text="Catégorie désactivée (agenda : ordre du jour communiqué)")
    address_digest = Varchar(length=64, help_text="Empreinte SHA-256 (tronquée) de l'adresse, en minuscules")
    created_at = Timestamptz()


class NotificationEvent(Table, tablename="notification_event"):
    """A domain event whose e-mails the worker renders and fans out (one row written in the business
    transaction, so a busy writer such as a register holds its lock only for its own rows)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=60, help_text="Classe de l'événement (EntrySubmitted…) : choisit le rendu")
    payload = Text(help_text="L'événement en JSON, tel qu'émis dans la transaction métier")
    status = Varchar(length=10, default="pending", index=True, help_text="pending, done, dead")
    attempts = Integer(default=0, help_text="Essais de rendu échoués")
    next_attempt_at = Timestamptz(help_text="Pas de rendu avant cet instant (retour exponentiel après un échec)")
    last_error = Text(null=True, default=None, help_text="Dernière erreur de rendu, visible des administrateurs")
    created_at = Timestamptz()
    processed_at = Timestamptz(null=True, default=None, help_text="Destinataires mis en file d'envoi à cet instant")
