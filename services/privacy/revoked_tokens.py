"""Tokens revoked before they expire (sign-out), shared by every replica.

A revoked token's id (services.access.tokens.token_id) is kept until the token would
have expired anyway. Each process holds the ids in memory and reads the new ones at
most once a second, so a token signed out on one replica stops working on the
others within a second, and on this one at once; requests cost no query in between.
"""

from __future__ import annotations

import threading
import time

from projections.view import Database

DDL = """
CREATE TABLE IF NOT EXISTS revoked_tokens (
    token_id TEXT PRIMARY KEY,
    expires_at DOUBLE PRECISION NOT NULL,
    revoked_at DOUBLE PRECISION NOT NULL
)
"""
REFRESH_SECONDS = 1.0
OVERLAP_SECONDS = 30.0  # reread a little of the past: replicas' clocks differ


class RevokedTokens:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._ids: dict[str, float] = {}
        self._read_up_to = 0.0
        self._refreshed = float("-inf")
        self._lock = threading.Lock()

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(DDL)

    def revoke(self, token_id: str, expires_at: float) -> None:
        now = time.time()
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM revoked_tokens WHERE expires_at < ?", (now,))
            cur.execute(
                "INSERT INTO revoked_tokens (token_id, expires_at, revoked_at) "
                "VALUES (?, ?, ?) ON CONFLICT (token_id) DO NOTHING",
                (token_id, expires_at, now),
            )
        with self._lock:
            self._ids[token_id] = expires_at

    def is_revoked(self, token_id: str) -> bool:
        if time.monotonic() - self._refreshed >= REFRESH_SECONDS:
            self._refresh()
        return token_id in self._ids

    def _refresh(self) -> None:
        now = time.time()
        rows = self.db.query(
            "SELECT token_id, expires_at, revoked_at FROM revoked_tokens "
            "WHERE revoked_at >= ? AND expires_at >= ?",
            (self._read_up_to - OVERLAP_SECONDS, now),
        )
        with self._lock:
            for token_id, expires_at, revoked_at in rows:
                self._ids[str(token_id)] = float(expires_at)
                self._read_up_to = max(self._read_up_to, float(revoked_at))
            self._ids = {t: e for t, e in self._ids.items() if e >= now}
            self._refreshed = time.monotonic()
