"""The providers reference: education providers without a URN.

Section 19 provision and alternative provision are often at unregistered providers
or with tutors, who have no GIAS record. Each is named here once (PUT
/v1/providers/{provider_id}) and then by id on movements. Reference data, not events.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from enum import StrEnum

from events.errors import InvalidIdentifier
from projections.view import Database

COLUMNS = ("provider_id", "name", "kind", "ofsted_urn", "la_code")
PROVIDER_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,63}", re.ASCII)


class ProviderKind(StrEnum):
    """What sort of provision it is."""

    UNREGISTERED_AP = "unregistered_ap"
    REGISTERED_AP = "registered_ap"
    TUTOR = "tutor"
    ONLINE = "online"
    HOSPITAL = "hospital"
    OTHER = "other"


@dataclass(frozen=True)
class Provider:
    """One provider: its name, kind, Ofsted URN if registered, and LA."""

    provider_id: str
    name: str
    kind: ProviderKind
    ofsted_urn: str | None
    la_code: str


def parse_provider_id(raw: str, field: str = "provider_id") -> str:
    """A provider id: 3-64 lower-case ASCII letters, digits and hyphens."""
    if not PROVIDER_ID.fullmatch(raw):
        raise InvalidIdentifier(
            "a provider id is 3-64 lower-case letters, digits and hyphens",
            field=field,
            rule="provider_id_format",
        )
    return raw


class ProvidersReference:
    """The `providers` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS providers (provider_id TEXT PRIMARY KEY, "
                "name TEXT NOT NULL, kind TEXT NOT NULL, ofsted_urn TEXT, "
                "la_code TEXT NOT NULL)"
            )

    def upsert(self, provider: Provider) -> None:
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])
        with self.db.transaction() as cur:
            cur.execute(
                f"INSERT INTO providers ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?) "
                f"ON CONFLICT (provider_id) DO UPDATE SET {updates}",
                astuple(provider),
            )

    def get(self, provider_id: str) -> Provider | None:
        rows = self.db.query(
            f"SELECT {', '.join(COLUMNS)} FROM providers WHERE provider_id = ?",
            (provider_id,),
        )
        if not rows:
            return None
        pid, name, kind, ofsted_urn, la_code = rows[0]
        return Provider(pid, name, ProviderKind(kind), ofsted_urn, la_code)
