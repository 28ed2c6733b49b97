"""Erasure by crypto-shredding: the child's identity goes; anonymous facts stay.

The erasure is recorded as an event on the child's stream first, then the vault
forgets the blind index and destroys the child's data key (and its ciphertexts):
the UPN, date of birth and notes cannot be read again, from the store, any read
model, the topic or the logs (none of which ever held them in clear), and the same
UPN seen later is a new child. Reasons are data, each with its source.
"""

from __future__ import annotations

from events.errors import MovementRuleViolation
from services.app.bootstrap import Container

REASONS = {
    "subject_request_upheld": "UK GDPR art 17: an erasure request upheld",
    "retention_expired": "the retention period has run",
    "recorded_in_error": "the child was never a pupil of a school in England",
}


def erase(
    container: Container, pupil_key: str, reason: str, by: dict[str, str | None]
) -> None:
    """Record the erasure (once), then shred the identity (idempotent)."""
    if reason not in REASONS:
        raise MovementRuleViolation(
            f"reason is one of {', '.join(sorted(REASONS))}",
            field="reason",
            rule="erasure_reason_unknown",
        )
    pupil = container.registry.get_pupil(pupil_key)
    if not pupil.erased:
        container.registry.erase(pupil_key, reason, by)
    container.vault.shred(pupil_key)
    container.follower.wake()
