"""One validated Settings object, read from PMR_* environment variables.

It refuses the development secrets when PMR_ENV=production, and it produces the
environment dict the eventsourcing library reads (PERSISTENCE_MODULE, POSTGRES_*,
SQLITE_*) rather than inventing names of its own.
"""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from events.lawfulness import LawInForce

DEV_JWT_SECRET = "dev-only-jwt-secret-do-not-use-in-production"
DEV_PSEUDONYM_SECRET = "dev-only-pseudonym-secret-do-not-use-in-production"
DEV_VAULT_KEY = "ZGV2LW9ubHktdmF1bHQta2V5LTMyLWJ5dGVzLWxvbmc="  # 32 bytes, dev only


MIN_SECRET_LENGTH = 32
MIN_DISTINCT = 10


class Settings(BaseSettings):
    """Configuration of every pmr process."""

    # hide_input_in_errors: a refusal must never print a secret (or its tail).
    model_config = SettingsConfigDict(
        env_prefix="PMR_", extra="ignore", hide_input_in_errors=True
    )

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    kafka_bootstrap: str | None = None
    jwt_secret: str = DEV_JWT_SECRET
    pseudonym_secret: str = DEV_PSEUDONYM_SECRET
    vault_key: str = DEV_VAULT_KEY  # base64 of a 32-byte key
    log_level: str = "INFO"
    postgres_lock_timeout: int = 5
    postgres_pool_size: int = 10
    # Seconds to wait for a connection (or a pooled one) before answering 503.
    postgres_connect_timeout: int = 3
    # False: the schema is migrated apart (`pmr migrate`, as the owner) and this
    # process runs as a role that may not change it; it runs no DDL at all.
    migrate_on_start: bool = True
    # Group joins on some brokers take about half this long (tech-notes §4.3).
    kafka_session_timeout_ms: int = 10_000
    # Seconds between full verifications of the event log's hash chain (0: never;
    # `pmr audit verify` checks on demand).
    chain_verify_seconds: float = 900
    # One writer thread batches concurrent commands into one transaction.
    group_commit: bool = True
    # Web sign-in through an OpenID Connect provider (services/web/oidc.py); unset:
    # tokens only. The provider puts the register's role and scope in the ID token.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # Commencement dates set (or unset, null) over events/lawfulness/commencements.json
    commencements: dict[str, date | None] = {}
    # Hosts a webhook may reach although they resolve inside the network (a JSON
    # list); services/delivery/destinations.py.
    webhook_allowed_hosts: list[str] = []

    @model_validator(mode="after")
    def _known_commencements(self) -> Settings:
        unknown = set(self.commencements) - set(LawInForce().commencements)
        if unknown:
            raise ValueError(f"PMR_COMMENCEMENTS names unknown keys: {sorted(unknown)}")
        return self

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env == "production":
            dev = {
                "PMR_JWT_SECRET": self.jwt_secret == DEV_JWT_SECRET,
                "PMR_PSEUDONYM_SECRET": self.pseudonym_secret == DEV_PSEUDONYM_SECRET,
                "PMR_VAULT_KEY": self.vault_key == DEV_VAULT_KEY,
            }
            if missing := [name for name, is_dev in dev.items() if is_dev]:
                raise ValueError(f"set {', '.join(missing)} in production")
            weak = [
                name
                for name, value in (
                    ("PMR_JWT_SECRET", self.jwt_secret),
                    ("PMR_PSEUDONYM_SECRET", self.pseudonym_secret),
                )
                if len(value) < MIN_SECRET_LENGTH or len(set(value)) < MIN_DISTINCT
            ]
            if weak:  # named, never echoed
                raise ValueError(
                    f"{', '.join(weak)} must be at least {MIN_SECRET_LENGTH} "
                    f"characters with {MIN_DISTINCT} different ones in production"
                )
        try:
            key_length = len(base64.b64decode(self.vault_key, validate=True))
        except ValueError:
            key_length = 0
        if key_length != 32:
            raise ValueError("PMR_VAULT_KEY must be base64 of exactly 32 bytes")
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'pmr.sqlite'}"
        return self

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    def eventsourcing_env(self) -> dict[str, str]:
        """The env the eventsourcing Application reads, from PMR_DATABASE_URL."""
        if self.database_url == "memory://":
            return {}
        if self.database_url.startswith("sqlite:///"):
            path = self.database_url.removeprefix("sqlite:///")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": path,
                "SQLITE_LOCK_TIMEOUT": "30",
                # Notes and vault enrolments commit with their events.
                "APPLICATION_RECORDER_TOPIC": "services.app.side_writes:SQLiteRecorder",
            }
        if self.is_postgres:
            return self._postgres_env()
        raise ValueError("PMR_DATABASE_URL must be sqlite:///PATH or postgresql://…")

    def _postgres_env(self) -> dict[str, str]:
        url = urlsplit(self.database_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            # Writers fail fast instead of queueing for ever behind the table lock.
            "POSTGRES_LOCK_TIMEOUT": str(self.postgres_lock_timeout),
            "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
            "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_connect_timeout),
            "POSTGRES_MAX_OVERFLOW": str(self.postgres_pool_size),
            # Keep the LOCK TABLE insert path: the DB-function path lets a tailing
            # reader skip events under concurrent writers (tech-notes §1.5).
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "CREATE_TABLE": "y" if self.migrate_on_start else "n",
            # Notes and vault enrolments commit with their events.
            "APPLICATION_RECORDER_TOPIC": "services.app.side_writes:PostgresRecorder",
        }
