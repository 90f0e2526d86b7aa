"""Single-use links sent by mail: setting a password after an invitation, or after « Mot de passe oublié »."""

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User


class AccountToken(Table, tablename="account_token"):
    """One link mailed to an account; only the SHA-256 of its secret is stored, so a copy of the database
    opens no account. Used once (`used_at`), then useless; useless too after `expires_at`."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    purpose = Varchar(length=20, help_text="invitation (premier mot de passe) ou reset (mot de passe oublié)")
    token_hash = Varchar(length=64, unique=True, help_text="Empreinte SHA-256 (hex) du secret du lien")
    created_at = Timestamptz()
    expires_at = Timestamptz(index=True, help_text="Le lien ne sert plus après cet instant")
    used_at = Timestamptz(null=True, default=None, help_text="Utilisé (ou annulé par un lien plus récent) alors")
