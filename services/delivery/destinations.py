"""Where a webhook may point: parsed strictly, resolved, and kept off the inside.

A webhook is a URL an outside organisation gives the register, which then makes
requests to it: without care it is a way to reach the register's own network (the
database port, a cloud metadata service, the cluster's API). So a URL is refused when
it carries control characters or credentials, has no host, is not https (plain http
only to this machine outside production), or resolves to a loopback, private,
link-local, shared, multicast, reserved or metadata address, unless an operator names
the host in `PMR_WEBHOOK_ALLOWED_HOSTS`. Outside production loopback is allowed (a
developer's own receiver). The same check runs when the URL is registered and again
before each delivery, since a name can be re-pointed after registration.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

from events.errors import MovementRuleViolation
from services.app.config import Settings

# Cloud metadata endpoints (AWS, GCP, Azure, Alibaba; AWS's IPv6 one).
METADATA = {"169.254.169.254", "100.100.100.200", "fd00:ec2::254"}
Resolve = Callable[[str, int], list[str]]
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _refuse(message: str, rule: str) -> MovementRuleViolation:
    return MovementRuleViolation(message, field="url", rule=rule)


def check_destination(
    url: str,
    *,
    production: bool,
    allowed_hosts: Collection[str] = (),
    resolve: Resolve = _resolve,
) -> str:
    """The URL if the register may send to it; raises naming the rule otherwise."""
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        raise _refuse("a webhook URL has no spaces or control characters",
                      "webhook_url_malformed")  # fmt: skip
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as bad:
        raise _refuse(
            "a webhook URL is a well-formed URL", "webhook_url_malformed"
        ) from bad
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        raise _refuse("a webhook URL names a host and carries no credentials",
                      "webhook_url_malformed")  # fmt: skip
    local = host in LOOPBACK_NAMES
    if parts.scheme != "https" and not (parts.scheme == "http" and local
                                        and not production):  # fmt: skip
        raise _refuse(
            "a webhook URL is https (http only to this machine, outside production)",
            "webhook_url_insecure",
        )
    allowed = host in {h.lower() for h in allowed_hosts}
    try:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(
            host, port or (443 if parts.scheme == "https" else 80))]  # fmt: skip
    except (OSError, UnicodeError, ValueError) as unresolved:
        raise _refuse("the webhook's host does not resolve",
                      "webhook_host_unresolvable") from unresolved  # fmt: skip
    for found in addresses:
        mapped = getattr(found, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
        address = mapped or found
        if allowed or (address.is_loopback and not production):
            continue
        inside = (
            str(address) in METADATA
            or address.is_loopback
            or address.is_private
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
            or address in ipaddress.ip_network("100.64.0.0/10")  # shared (CGNAT)
        )
        if inside:
            raise _refuse(
                "a webhook may not point inside the register's network; an operator "
                "can allow a host with PMR_WEBHOOK_ALLOWED_HOSTS",
                "webhook_destination_internal",
            )
    return url


def destination_policy(settings: Settings) -> Callable[[str], str]:
    """The check as this deployment runs it (production or not, its allow-list):
    at registration and before each send."""
    return lambda url: check_destination(
        url,
        production=settings.env == "production",
        allowed_hosts=settings.webhook_allowed_hosts,
    )
