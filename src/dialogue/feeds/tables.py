"""Personal calendar feeds (webcal/https subscriptions)."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.meetings.tables import Meeting
from dialogue.organizations.tables import Organization


class CalendarFeed(Table, tablename="calendar_feed"):
    """A secret feed URL: only the SHA-256 of its token is stored; the URL is shown once, at creation."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(
        Body, on_delete=OnDelete.cascade, null=True, default=None, index=True, help_text="Vide : toutes mes instances"
    )
    name = Varchar(length=200, help_text="Nom du calendrier (NAME / X-WR-CALNAME)")
    token_digest = Varchar(length=64, unique=True, help_text="SHA-256 hexadécimal du jeton (jamais le jeton)")
    content_etag = Varchar(length=80, null=True, default=None, help_text="ETag du dernier contenu servi")
    content_changed_at = Timestamptz(
        null=True, default=None, help_text="Premier service d'un contenu différent (Last-Modified après suppressions)"
    )
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None, index=True)


class MeetingIcs(Table, tablename="meeting_ics"):
    """Each meeting's VEVENT for the feeds, rendered once per change and served as stored text.

    `source_key` fingerprints what the text was rendered from (the meeting's `updated_at`, `sequence`,
    status, body name and configuration): a feed re-renders only rows whose key no longer matches.
    """

    id = Serial(primary_key=True)
    meeting = ForeignKey(Meeting, on_delete=OnDelete.cascade, unique=True, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    uid = Varchar(length=300, help_text="UID iCalendar de la réunion, jamais régénéré (partagé avec les invitations)")
    vevent = Text(help_text="BEGIN:VEVENT … END:VEVENT, lignes CRLF pliées à 75 octets")
    sequence = Integer(help_text="SEQUENCE écrite dans le texte")
    source_key = Varchar(length=64, help_text="Empreinte des données rendues (re-rendu quand elle change)")
    rendered_at = Timestamptz()
