"""Accounts and the login throttle."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.organizations.tables import Organization


class User(Table, tablename="app_user"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.restrict, index=True, null=False)
    email = Varchar(
        length=320, unique=True, help_text="Adresse stockée en minuscules : unique sans tenir compte de la casse"
    )
    full_name = Varchar(length=200)
    password_hash = Varchar(length=255, null=True, default=None, help_text="argon2id ; vide pour un compte invité")
    is_org_admin = Boolean(default=False, help_text="Administre les instances et les membres de l'organisation")
    is_active = Boolean(default=True)
    created_at = Timestamptz()


class LoginThrottle(Table, tablename="login_throttle"):
    """Failed logins per key ("email:…" or "ip:…"), shared by every server process."""

    id = Serial(primary_key=True)
    key = Varchar(length=400, unique=True)
    window_start = Timestamptz()
    failures = Integer(default=0)
