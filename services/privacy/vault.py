"""Identity vault: the only place a child's UPN, date of birth and notes are kept.

A keyed HMAC of the normalised UPN (the blind index) finds the child's random
`pupil_key`; personal fields are encrypted with a per-child data key (AES-GCM),
itself wrapped by the vault key from the environment. Erasure deletes the index row
and the data key: the child's events remain as anonymous facts, and nothing links
them back (a key derived from the UPN could always be recomputed; a random one can't).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from projections.view import Cursor, Database
from services.app.side_writes import SideWrite
from services.app.storage import INTEGRITY_ERRORS

NONCE_BYTES = 12

DDL = (
    """CREATE TABLE IF NOT EXISTS vault_index (
        blind_index TEXT PRIMARY KEY,
        pupil_key TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS vault_keys (
        pupil_key TEXT PRIMARY KEY,
        wrapped_key BYTEA NOT NULL
    )""",
    # The consistent identifier (NHS number) has its own blind index: a lookup by
    # it, and a second child claiming it, are found without decrypting anything.
    """CREATE TABLE IF NOT EXISTS vault_nhs_index (
        blind_index TEXT PRIMARY KEY,
        pupil_key TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS vault_records (
        pupil_key TEXT NOT NULL,
        purpose TEXT NOT NULL,
        ref TEXT NOT NULL,
        ciphertext BYTEA NOT NULL,
        PRIMARY KEY (pupil_key, purpose, ref)
    )""",
)


@dataclass(frozen=True)
class Identity:
    """What the vault holds about a child, decrypted for an authorised reader."""

    upn: str
    date_of_birth: date | None


@dataclass(frozen=True)
class Enrolment:
    """A child about to be enrolled: its key, its data key and the rows to write."""

    pupil_key: str
    data_key: bytes
    writes: tuple[SideWrite, ...]


def new_pupil_key() -> str:
    """A random, URL-safe pseudonym with no relation to the UPN."""
    return "pk_" + base64.b32encode(secrets.token_bytes(15)).decode().lower()


class IdentityVault:
    """Blind index, per-child keys and encrypted personal fields."""

    def __init__(self, db: Database, pseudonym_secret: str, vault_key_b64: str) -> None:
        self.db = db
        self._hmac_key = pseudonym_secret.encode()
        self._kek = AESGCM(base64.b64decode(vault_key_b64))

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            for statement in DDL:
                cur.execute(_dialect(statement, self.db.dialect))

    def blind_index(self, upn: str) -> str:
        return hmac.new(
            self._hmac_key, b"upn:" + upn.encode(), hashlib.sha256
        ).hexdigest()

    def nhs_blind_index(self, nhs_number: str) -> str:
        return hmac.new(
            self._hmac_key, b"nhs:" + nhs_number.encode(), hashlib.sha256
        ).hexdigest()

    def find_by_nhs_number(self, nhs_number: str) -> str | None:
        """The pupil_key holding this NHS number, or None."""
        rows = self.db.query(
            "SELECT pupil_key FROM vault_nhs_index WHERE blind_index = ?",
            (self.nhs_blind_index(nhs_number),),
        )
        return str(rows[0][0]) if rows else None

    def nhs_writes(
        self,
        pupil_key: str,
        nhs_number: str | None,
        not_included: str | None,
        data_key: bytes | None = None,
    ) -> tuple[SideWrite, ...]:
        """The child's NHS number (sealed, and indexed unless another child holds
        it already), or the s16LC reason it was left out. Nothing if neither."""
        if not nhs_number and not not_included:
            return ()
        data_key = data_key or self.data_key(pupil_key)
        if data_key is None:
            return ()
        value = {"nhs_number": nhs_number, "not_included": not_included}
        writes = [self._sealed(pupil_key, data_key, "nhs_number", "-", value)]
        if nhs_number:
            writes.append(
                SideWrite(
                    "INSERT INTO vault_nhs_index (blind_index, pupil_key) "
                    "VALUES (?, ?) ON CONFLICT (blind_index) DO NOTHING",
                    (self.nhs_blind_index(nhs_number), pupil_key),
                )
            )
        return tuple(writes)

    def nhs_number(self, pupil_key: str) -> dict[str, Any] | None:
        """The NHS number held, or the reason it was left out (callers log each
        reading)."""
        return self._get(pupil_key, "nhs_number", "-")

    def find(self, upn: str) -> str | None:
        """The pupil_key for a UPN, or None if the register never saw the child."""
        rows = self.db.query(
            "SELECT pupil_key FROM vault_index WHERE blind_index = ?",
            (self.blind_index(upn),),
        )
        return str(rows[0][0]) if rows else None

    def find_many(self, upns: Sequence[str]) -> dict[str, str]:
        """The pupil_keys the register holds for many UPNs, in one query."""
        if not upns:
            return {}
        by_index = {self.blind_index(upn): upn for upn in upns}
        marks = ", ".join("?" for _ in by_index)
        rows = self.db.query(
            f"SELECT blind_index, pupil_key FROM vault_index "
            f"WHERE blind_index IN ({marks})",
            tuple(by_index),
        )
        return {by_index[str(index)]: str(key) for index, key in rows}

    def enrolment(self, upn: str, date_of_birth: date | None) -> Enrolment:
        """A new child's pupil_key, data key and the rows that enrol it, to be written
        in the transaction of its first events. A plain INSERT into the index: a
        concurrent enrolment of the same UPN makes that transaction fail, never
        splits the child in two."""
        key = new_pupil_key()
        data_key = AESGCM.generate_key(bit_length=256)
        identity = {"upn": upn, "date_of_birth": _iso(date_of_birth)}
        writes = [
            SideWrite(
                "INSERT INTO vault_index (blind_index, pupil_key) VALUES (?, ?)",
                (self.blind_index(upn), key),
            ),
            SideWrite(
                "INSERT INTO vault_keys (pupil_key, wrapped_key) VALUES (?, ?)",
                (key, self._wrap(key, data_key)),
            ),
            self._sealed(key, data_key, "identity", "-", identity),
        ]
        return Enrolment(key, data_key, tuple(writes))

    def alias_write(self, upn: str, pupil_key: str) -> SideWrite:
        """Index a child's new UPN beside its former one (a temporary UPN replaced
        by the permanent one, or a duplicate retired): both find the same child.
        Written with the child's next events; a UPN indexed meanwhile keeps its
        own child."""
        return SideWrite(
            "INSERT INTO vault_index (blind_index, pupil_key) VALUES (?, ?) "
            "ON CONFLICT (blind_index) DO NOTHING",
            (self.blind_index(upn), pupil_key),
        )

    def enrol(self, upn: str, date_of_birth: date | None) -> str:
        """Find or enrol the child on its own (tools and tests; recording enrols
        in the events' transaction through `enrolment`)."""
        for _ in range(3):
            if (found := self.find(upn)) is not None:
                return found
            enrolment = self.enrolment(upn, date_of_birth)
            try:
                self.apply(enrolment.writes)
            except INTEGRITY_ERRORS:  # a concurrent enrolment won: find it
                continue
            return enrolment.pupil_key
        raise RuntimeError("could not enrol the child")

    def note_writes(
        self, pupil_key: str, ref: str, text: str | None, data_key: bytes | None = None
    ) -> tuple[SideWrite, ...]:
        """The row holding a note, encrypted under the child's data key (none for an
        empty note or an erased child)."""
        if not text:
            return ()
        data_key = data_key or self.data_key(pupil_key)
        if data_key is None:
            return ()
        return (self._sealed(pupil_key, data_key, "note", ref, {"text": text}),)

    def name_writes(
        self, pupil_key: str, name: str | None, data_key: bytes | None = None
    ) -> tuple[SideWrite, ...]:
        """The row holding the child's name as the school last gave it, encrypted
        under the child's data key (none for no name or an erased child). The
        name is held nowhere else: not in events, read models, logs or streams."""
        if not name or not name.strip():
            return ()
        data_key = data_key or self.data_key(pupil_key)
        if data_key is None:
            return ()
        return (self._sealed(pupil_key, data_key, "name", "-", {"name": name.strip()}),)

    def name(self, pupil_key: str) -> str | None:
        """The child's name, if a school gave one (callers log each reading)."""
        record = self._get(pupil_key, "name", "-")
        return None if record is None else str(record["name"])

    def cnis_writes(
        self, pupil_key: str, la_code: str, information: dict[str, Any]
    ) -> tuple[SideWrite, ...]:
        """What the parents gave an LA's register of children not in school
        (s436C), encrypted under the child's data key (none once erased)."""
        data_key = self.data_key(pupil_key)
        if data_key is None:
            return ()
        return (self._sealed(pupil_key, data_key, "cnis", la_code, information),)

    def cnis_information(self, pupil_key: str, la_code: str) -> dict[str, Any] | None:
        """What the LA holds for its register (callers log each reading)."""
        return self._get(pupil_key, "cnis", la_code)

    def cnis_records(self, pupil_key: str) -> list[tuple[str, dict[str, Any]]]:
        """Every LA's register information about the child, as (LA code, items)."""
        refs = self.db.query(
            "SELECT ref FROM vault_records WHERE pupil_key = ? AND purpose = 'cnis' "
            "ORDER BY ref",
            (pupil_key,),
        )
        found = ((str(r[0]), self.cnis_information(pupil_key, str(r[0]))) for r in refs)
        return [(la, items) for la, items in found if items is not None]

    def data_key(self, pupil_key: str) -> bytes | None:
        """The child's unwrapped data key, or None once erased."""
        with self.db.transaction() as cur:
            return self._data_key(cur, pupil_key)

    def note_attachment(
        self, pupil_key: str, text: str | None, ref: Callable[[Any, str], str]
    ) -> Callable[[Any, str], tuple[SideWrite, ...]]:
        """A command's `attach`: the note, named by `ref(aggregate, id)` once the
        command has decided, written in the transaction of its events."""
        if not text:
            return lambda _aggregate, _id: ()
        data_key = self.data_key(pupil_key)
        return lambda aggregate, id_: self.note_writes(
            pupil_key, ref(aggregate, id_), text, data_key
        )

    def store_note(self, pupil_key: str, ref: str, text: str) -> None:
        """A note on its own transaction (tools and tests)."""
        self.apply(self.note_writes(pupil_key, ref, text))

    def apply(self, writes: Sequence[SideWrite]) -> None:
        with self.db.transaction() as cur:
            for write in writes:
                cur.execute(write.sql, write.params)

    def notes(self, pupil_key: str) -> list[tuple[str, str]]:
        """Every note held about the child, decrypted, as (ref, text)."""
        refs = self.db.query(
            "SELECT ref FROM vault_records WHERE pupil_key = ? AND purpose = 'note' "
            "ORDER BY ref",
            (pupil_key,),
        )
        found = ((str(r[0]), self.note(pupil_key, str(r[0]))) for r in refs)
        return [(ref, text) for ref, text in found if text is not None]

    def identity(self, pupil_key: str) -> Identity | None:
        """The child's UPN and date of birth, or None once erased."""
        record = self._get(pupil_key, "identity", "-")
        if record is None:
            return None
        dob = record.get("date_of_birth")
        return Identity(record["upn"], date.fromisoformat(dob) if dob else None)

    def note(self, pupil_key: str, ref: str) -> str | None:
        record = self._get(pupil_key, "note", ref)
        return None if record is None else str(record["text"])

    def shred(self, pupil_key: str) -> None:
        """Erase: forget the index and destroy the key; ciphertext becomes noise."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM vault_index WHERE pupil_key = ?", (pupil_key,))
            cur.execute("DELETE FROM vault_nhs_index WHERE pupil_key = ?", (pupil_key,))
            cur.execute("DELETE FROM vault_keys WHERE pupil_key = ?", (pupil_key,))
            cur.execute("DELETE FROM vault_records WHERE pupil_key = ?", (pupil_key,))

    # --- encryption -----------------------------------------------------------

    def _wrap(self, pupil_key: str, data_key: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._kek.encrypt(nonce, data_key, pupil_key.encode())

    def _data_key(self, cur: Cursor, pupil_key: str) -> bytes | None:
        rows = cur.execute(
            "SELECT wrapped_key FROM vault_keys WHERE pupil_key = ?", (pupil_key,)
        )
        if not rows:
            return None
        wrapped = bytes(rows[0][0])
        return self._kek.decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], pupil_key.encode()
        )

    def _sealed(
        self,
        pupil_key: str,
        data_key: bytes,
        purpose: str,
        ref: str,
        value: dict[str, Any],
    ) -> SideWrite:
        nonce = secrets.token_bytes(NONCE_BYTES)
        aad = f"{pupil_key}/{purpose}/{ref}".encode()
        sealed = nonce + AESGCM(data_key).encrypt(
            nonce, json.dumps(value).encode(), aad
        )
        return SideWrite(
            "INSERT INTO vault_records (pupil_key, purpose, ref, ciphertext) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (pupil_key, purpose, ref) "
            "DO UPDATE SET ciphertext = excluded.ciphertext",
            (pupil_key, purpose, ref, sealed),
        )

    def _get(self, pupil_key: str, purpose: str, ref: str) -> dict[str, Any] | None:
        with self.db.transaction() as cur:
            data_key = self._data_key(cur, pupil_key)
            rows = cur.execute(
                "SELECT ciphertext FROM vault_records "
                "WHERE pupil_key = ? AND purpose = ? AND ref = ?",
                (pupil_key, purpose, ref),
            )
        if data_key is None or not rows:
            return None
        sealed = bytes(rows[0][0])
        aad = f"{pupil_key}/{purpose}/{ref}".encode()
        plain = AESGCM(data_key).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad
        )
        value: dict[str, Any] = json.loads(plain)
        return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dialect(statement: str, dialect: str) -> str:
    return statement if dialect == "postgresql" else statement.replace("BYTEA", "BLOB")
