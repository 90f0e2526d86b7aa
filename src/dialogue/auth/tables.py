"""Accounts, the sign-in throttle and revoked access tokens."""

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
    token_version = Integer(
        default=0,
        help_text="Version des sessions : incrémentée au changement de mot de passe et à la désactivation, "
        "elle invalide d'un coup tous les jetons émis avant (vérifiée à chaque requête)",
    )


class LoginThrottle(Table, tablename="login_throttle"):
    """Failed logins per key ("email:…" or "client:…"), shared by every server process."""

    id = Serial(primary_key=True)
    key = Varchar(length=400, unique=True)
    window_start = Timestamptz()
    failures = Integer(default=0)
    blocked_until = Timestamptz(
        null=True, default=None, help_text="Aucune évaluation de mot de passe pour cette clé avant cet instant"
    )


class RevokedToken(Table, tablename="revoked_token"):
    """Access tokens ended before their expiry (sign-out); a row is useless once `expires_at` has passed."""

    id = Serial(primary_key=True)
    jti = Varchar(length=64, unique=True, help_text="Identifiant du jeton (claim jti)")
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    expires_at = Timestamptz(index=True, help_text="Expiration du jeton : la ligne peut être purgée ensuite")
