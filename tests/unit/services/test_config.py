"""Settings: validated once, refusing dev secrets in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.app.config import Settings


def test_production_refuses_the_development_secrets():
    with pytest.raises(ValidationError, match="PMR_JWT_SECRET"):
        Settings(env="production")


def test_production_starts_with_real_secrets():
    key = "cmVhbC12YXVsdC1rZXktMzItYnl0ZXMtbG9uZyEhISE="
    settings = Settings(
        env="production",
        jwt_secret="q7Hk2mZp9WvX4rTn8LbC5sDf1GjY6uEa",
        pseudonym_secret="N3xQ8wR5tY2uI9oP4aS7dF1gH6jK0lZc",
        vault_key=key,
    )
    assert settings.env == "production"


@pytest.mark.parametrize(
    "secret", ["j" * 40, "short-but-varied-9", "abababababababababababababababababab"]
)
def test_production_refuses_a_weak_secret_without_echoing_it(secret: str) -> None:
    key = "cmVhbC12YXVsdC1rZXktMzItYnl0ZXMtbG9uZyEhISE="
    with pytest.raises(ValidationError) as refused:
        Settings(
            env="production",
            jwt_secret=secret,
            pseudonym_secret="N3xQ8wR5tY2uI9oP4aS7dF1gH6jK0lZc",
            vault_key=key,
        )
    text = str(refused.value)
    assert "PMR_JWT_SECRET" in text
    assert secret not in text and secret[-6:] not in text


def test_a_vault_key_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationError, match="32 bytes"):
        Settings(vault_key="c2hvcnQ=")


def test_the_default_store_is_a_sqlite_file_under_the_data_dir(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'pmr.sqlite'}"
    assert settings.eventsourcing_env()["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"


def test_a_postgres_url_becomes_the_librarys_settings():
    env = Settings(
        database_url="postgresql://app:s%40cret@db:6543/pmr"
    ).eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db",
        "6543",
        "pmr",
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("app", "s@cret")
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"


def test_commencement_dates_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(
        "PMR_COMMENCEMENTS", '{"cwsa_2026_s37_ehe_consent": "2027-01-05"}'
    )

    settings = Settings()

    assert str(settings.commencements["cwsa_2026_s37_ehe_consent"]) == "2027-01-05"


def test_an_unknown_commencement_key_refuses_to_start():
    with pytest.raises(ValidationError, match="unknown keys"):
        Settings(commencements={"cwsa_2026_s99": None})
