"""The identity vault: blind index, per-child keys, encrypted fields, shredding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from services.app.config import DEV_VAULT_KEY
from services.app.storage import SQLiteDatabase
from services.privacy.vault import IdentityVault
from tests.builders import random_upn


@pytest.fixture
def vault(tmp_path: Path) -> IdentityVault:
    vault = IdentityVault(
        SQLiteDatabase(str(tmp_path / "v.sqlite")), "secret", DEV_VAULT_KEY
    )
    vault.create_tables()
    return vault


def test_a_child_keeps_one_random_pupil_key(vault: IdentityVault):
    upn = random_upn()
    key = vault.enrol(upn, date(2010, 3, 14))
    assert vault.enrol(upn, None) == key == vault.find(upn)
    assert upn not in key and key != vault.enrol(random_upn(), None)


def test_identity_and_notes_are_readable_only_through_the_childs_key(vault):
    upn = random_upn()
    key = vault.enrol(upn, date(2010, 3, 14))
    vault.store_note(key, "m-1", "moved to grandmother's")
    identity = vault.identity(key)
    assert identity is not None and identity.upn == upn
    assert identity.date_of_birth == date(2010, 3, 14)
    assert vault.note(key, "m-1") == "moved to grandmother's"
    blob = b"".join(
        bytes(r[0]) for r in vault.db.query("SELECT ciphertext FROM vault_records")
    )
    assert upn.encode() not in blob and b"grandmother" not in blob


def test_the_blind_index_depends_on_the_secret(tmp_path: Path):
    db = SQLiteDatabase(str(tmp_path / "v.sqlite"))
    upn = random_upn()
    one = IdentityVault(db, "secret-one", DEV_VAULT_KEY).blind_index(upn)
    two = IdentityVault(db, "secret-two", DEV_VAULT_KEY).blind_index(upn)
    assert one != two and upn not in one


def test_shredding_forgets_the_child_and_destroys_the_key(vault: IdentityVault):
    upn = random_upn()
    key = vault.enrol(upn, date(2010, 3, 14))
    vault.store_note(key, "m-1", "note")
    vault.shred(key)
    assert vault.find(upn) is None
    assert vault.identity(key) is None and vault.note(key, "m-1") is None
    assert vault.enrol(upn, None) != key  # a later sighting is a new, unlinked key


def test_a_wrong_vault_key_cannot_unwrap_data_keys(tmp_path: Path):
    db = SQLiteDatabase(str(tmp_path / "v.sqlite"))
    vault = IdentityVault(db, "secret", DEV_VAULT_KEY)
    vault.create_tables()
    key = vault.enrol(random_upn(), None)
    other = IdentityVault(db, "secret", "b3RoZXItdmF1bHQta2V5LTMyLWJ5dGVzLWxvbmchISE=")
    with pytest.raises(InvalidTag):
        other.identity(key)
