"""Personal calendar feeds (webcal/https subscriptions)."""

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
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
