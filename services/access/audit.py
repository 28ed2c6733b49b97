"""One place that writes a read of a child's record to the access log."""

from __future__ import annotations

from collections.abc import Iterable

from services.access.tokens import Principal
from services.app.bootstrap import Container
from services.privacy.access_log import Access

PUBLIC_TASK = "public task"  # UK GDPR art 6(1)(e): the register's statutory purpose


def audit(
    container: Container,
    principal: Principal,
    pupil_keys: Iterable[str],
    action: str,
    purpose: str = PUBLIC_TASK,
) -> None:
    """Who (role, organisation, token subject) read which children, what and why."""
    organisation = principal.urn or principal.la or principal.project or principal.sub
    container.access_log.record_many(
        [
            Access(
                key, principal.role.value, organisation, action, purpose, principal.sub
            )
            for key in dict.fromkeys(pupil_keys)
        ]
    )
