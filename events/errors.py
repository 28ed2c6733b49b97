"""The domain's error tree: each error names the field and the rule it enforces.

Services turn these into RFC 9457 problem+json responses in one place; the domain
never knows about HTTP.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal the domain makes."""

    status_hint = 422
    rule = "domain_rule"

    def __init__(self, message: str, *, field: str = "", rule: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if rule:
            self.rule = rule


class InvalidIdentifier(DomainError):
    """Raised when a UPN, URN, LA code or LAESTAB is malformed (DfE data standards)."""

    rule = "identifier_format"


class InvalidDate(DomainError):
    """Raised when a date is impossible or forbidden for this movement (e.g. future)."""

    rule = "date_rule"


class MovementRuleViolation(DomainError):
    """Raised when a movement breaks a rule of law or guidance."""

    rule = "movement_rule"


class GroundNotLawful(MovementRuleViolation):
    """Raised when a roll deletion lacks a lawful reg 9(1) ground (2024 Regulations)."""

    rule = "deletion_ground"


class ReasonCodeInvalid(MovementRuleViolation):
    """Raised when exclusion/suspension reason codes are missing, unknown or > 3."""

    rule = "reason_code"


class DuplicateMovement(MovementRuleViolation):
    """Raised when the same movement of the same child is sent again without the
    Idempotency-Key that would have made it a replay; names the movement on record."""

    rule = "movement_duplicate"
    status_hint = 409

    def __init__(self, message: str, *, movement_id: str) -> None:
        super().__init__(message, field="body")
        self.movement_id = movement_id


class RollStateConflict(MovementRuleViolation):
    """Raised when a movement contradicts the child's roll (e.g. a second deletion)."""

    rule = "roll_state"


class RecorderNotPermitted(MovementRuleViolation):
    """Raised when this kind of recorder may not record this movement type."""

    rule = "recorder_not_permitted"
    status_hint = 403


class MovementNotFound(DomainError):
    """Raised when a correction names a movement the child's record does not hold."""

    rule = "movement_not_found"
    status_hint = 404


class MovementAlreadyWithdrawn(MovementRuleViolation):
    """Raised when a withdrawn movement is corrected or withdrawn again."""

    rule = "movement_withdrawn"


class PupilNotFound(DomainError):
    """Raised when no stream exists for a pupil_key."""

    rule = "pupil_not_found"
    status_hint = 404


class IdempotencyConflict(DomainError):
    """Raised when an Idempotency-Key is reused with a different request body."""

    rule = "idempotency_key_reused"
    status_hint = 409


class ConcurrencyExhausted(DomainError):
    """Raised when optimistic-concurrency retries on one child ran out."""

    rule = "concurrency_retry_exhausted"
    status_hint = 503


class FirstSightingRaced(DomainError):
    """Raised when a child first seen by this request was enrolled by another
    request meanwhile; the recording service then records against that child."""

    rule = "first_sighting_raced"
    status_hint = 503


class CaseNotFound(DomainError):
    """Raised when no case has this id."""

    rule = "case_not_found"
    status_hint = 404


class AlertAlreadyResolved(DomainError):
    """Raised when an alert is acted on after it was resolved (a state conflict)."""

    rule = "alert_resolved"
    status_hint = 409


class TransitionNotAllowed(DomainError):
    """Raised when a case cannot make this transition from its current state; names
    the state and the transitions it allows (the case type's transition map)."""

    rule = "transition_not_allowed"
    status_hint = 409

    def __init__(self, message: str, *, state: str, allowed: list[str]) -> None:
        super().__init__(message, field="transition")
        self.state = state
        self.allowed = allowed


class AlertNotFound(DomainError):
    """Raised when no alert has this id."""

    rule = "alert_not_found"
    status_hint = 404


class FirstContactLimited(DomainError):
    """Raised when an organisation has used up its attempts to identify a child today:
    the right date of birth is refused too, so stepping through dates finds nothing."""

    rule = "first_contact_attempts_exhausted"
    status_hint = 429
    retry_after_seconds = 86_400
