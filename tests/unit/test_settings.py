"""Configuration from DIALOGUE_* variables: validated once, a bad value names the variable."""

from __future__ import annotations

import pytest

from dialogue.settings import Settings, SettingsError, load_settings


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DIALOGUE_DATABASE_URL", "mysql://x"),
        ("DIALOGUE_DATABASE_URL", "sqlite://relative.db"),
        ("DIALOGUE_SMTP_URL", "http://mail:25"),
        ("DIALOGUE_MAIL_FROM", "no-at-sign"),
        ("DIALOGUE_BASE_URL", "not a url"),
        ("DIALOGUE_TIMEZONE", "Europe/Atlantis"),
        ("DIALOGUE_TOKEN_TTL_SECONDS", "-1"),
    ],
)
def test_bad_variable_stops_with_one_line_naming_it(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert variable in message
    assert "\n" not in message


def test_defaults_are_embedded_sqlite_and_paris(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DIALOGUE_DATABASE_URL", "DIALOGUE_TIMEZONE", "DIALOGUE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.is_sqlite
    assert settings.timezone == "Europe/Paris"
    assert settings.base_url == "http://127.0.0.1:8000"


def test_postgres_url_and_smtp_secret_are_accepted_and_not_echoed() -> None:
    settings = Settings(
        database_url="postgresql://u:p@db:5432/dialogue",
        smtp_url="smtps://user:s3cret@mail.example:465",  # type: ignore[arg-type]
        secret_key="k" * 40,  # type: ignore[arg-type]
    )
    assert not settings.is_sqlite
    assert "s3cret" not in repr(settings)
    assert "kkkk" not in repr(settings)


def test_demo_mandate_never_expires() -> None:
    from datetime import date

    from dialogue.bodies.demo import current_mandate

    assert current_mandate(date(2026, 11, 28)) == (date(2024, 3, 18), date(2028, 3, 17))
    assert current_mandate(date(2028, 3, 18)) == (date(2028, 3, 18), date(2032, 3, 17))
    assert current_mandate(date(2031, 1, 1)) == (date(2028, 3, 18), date(2032, 3, 17))
