"""Refusals of a caller: outside its scope (403), or asking for what it may not know
exists (404). Raised by the scopes and the routes; the API answers each as a
problem (services/api/problems.py)."""

from __future__ import annotations


class Forbidden(Exception):
    """A valid token acting outside its scope (HTTP 403)."""

    def __init__(self, detail: str, field: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(Exception):
    """Nothing at this address that the caller may know of (HTTP 404)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
