"""identification_attempts_exhausted: an organisation with no standing relation to
a child gave a wrong date of birth for the child's UPN as many times as a day
allows (services/recording/first_contact.py), and is refused until tomorrow.

Basis: someone who holds a child's UPN and guesses at the date of birth may be
trying to locate a child who moved to escape them. The attempts are already on the
child's access log (UK GDPR art. 5(1)(f), integrity and confidentiality); the
child's LA is told the same day, as for any concern that a child may be at risk
(Working together to safeguard children 2023, ch. 2). Raised by the first-contact
check, not by a recorded movement. Window: the day, so one alert a child a day.
"""

from __future__ import annotations

from datetime import date

from events.alerts.signal import AlertSeverity, Signal

RULE = "identification_attempts_exhausted"


def fire(day: date) -> list[Signal]:
    """The signal for a child whose limit was reached on `day`."""
    return [Signal(RULE, AlertSeverity.HIGH, day.isoformat(), ())]


def recipients(las: list[str | None]) -> list[str]:
    """The LAs of the child's schools and of where it lives: not the schools,
    which may be where the attempts came from."""
    return [f"la:{la}" for la in dict.fromkeys(las) if la]
