"""One check's outcome, as DfE's screener reports it: PASS, FAIL (the file is
refused) or WARNING (it may be published; a warning in the API stage means it is
not suitable for the EES API)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

PASS, FAIL, WARNING = "PASS", "FAIL", "WARNING"


@dataclass(frozen=True)
class Result:
    check: str
    result: str
    message: str
    stage: str = ""


def outcome(
    check: str, failures: Iterable[object], message: str, kind: str = FAIL
) -> Result:
    """PASS when nothing failed, else `kind` with the message naming what did."""
    found = [str(f) for f in failures]
    if not found:
        return Result(check, PASS, "")
    listed = "', '".join(found)
    return Result(check, kind, f"{message}: '{listed}'.")


Check = Callable[..., Result]
