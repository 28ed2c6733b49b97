"""A webhook cannot reach inside the register's network, nor break delivery."""

from __future__ import annotations

import pytest

from events.errors import MovementRuleViolation
from services.delivery.destinations import check_destination

PUBLIC = "93.184.215.14"


def resolver(*addresses: str):  # type: ignore[no-untyped-def]
    return lambda _host, _port: list(addresses)


def refused(url: str, production: bool = True, *addresses: str, **kw: object) -> str:
    with pytest.raises(MovementRuleViolation) as refusal:
        check_destination(
            url, production=production, resolve=resolver(*addresses or (PUBLIC,)),
            **kw,  # type: ignore[arg-type]
        )  # fmt: skip
    assert refusal.value.field == "url"
    return refusal.value.rule


@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.org/a\r\nX-Injected: 1", "https://[::1", "https://",
     "https://user:pw@hooks.example.org/", "https://hooks.example.org:99999/",
     "https://hooks example.org/"],
)  # fmt: skip
def test_a_malformed_url_is_refused(url: str) -> None:
    assert refused(url) == "webhook_url_malformed"


@pytest.mark.parametrize(
    ("url", "address"),
    [("https://127.0.0.1:5432/", "127.0.0.1"),
     ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),
     ("https://kubernetes.default.svc/api", "10.96.0.1"),
     ("https://db.internal/", "192.168.1.20"),
     ("https://mapped.example.org/", "::ffff:10.0.0.1"),
     ("https://cgnat.example.org/", "100.64.3.4"),
     ("https://v6.example.org/", "fd00:ec2::254")],
)  # fmt: skip
def test_an_address_inside_the_network_is_refused_in_production(
    url: str, address: str
) -> None:
    assert refused(url, True, address) == "webhook_destination_internal"


def test_a_name_resolving_to_one_inside_address_among_public_ones_is_refused() -> None:
    assert (
        refused("https://rebind.example.org/", True, PUBLIC, "10.0.0.5")
        == "webhook_destination_internal"
    )


def test_an_operator_can_allow_an_inside_host() -> None:
    url = "https://hooks.partner.internal/alerts"
    assert (
        check_destination(
            url,
            production=True,
            allowed_hosts=["hooks.partner.internal"],
            resolve=resolver("10.1.2.3"),
        )
        == url
    )


def test_plain_http_only_to_this_machine_outside_production() -> None:
    local = "http://127.0.0.1:8123/hook"
    assert check_destination(local, production=False, resolve=resolver("127.0.0.1"))
    assert refused(local, True, "127.0.0.1") == "webhook_url_insecure"
    assert refused("http://hooks.example.org/", False) == "webhook_url_insecure"


def test_a_public_https_url_is_accepted() -> None:
    url = "https://hooks.example.org/pmr"
    assert check_destination(url, production=True, resolve=resolver(PUBLIC)) == url


def test_an_unresolvable_host_is_refused() -> None:
    def nowhere(_host: str, _port: int) -> list[str]:
        raise OSError("no such host")

    with pytest.raises(MovementRuleViolation) as refusal:
        check_destination("https://nowhere.invalid/", production=True, resolve=nowhere)
    assert refusal.value.rule == "webhook_host_unresolvable"
