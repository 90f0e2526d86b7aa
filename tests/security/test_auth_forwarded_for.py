"""X-Forwarded-For spoofing: the header is believed only from DIALOGUE_TRUSTED_PROXIES (none by default),
and then only the hops those proxies added (RFC 7239 §5.2): rotating a forged header buys no new budget."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from dialogue.app import create_app
from dialogue.auth.rules import client_ip, parse_networks
from dialogue.settings import Settings
from tests.helpers.problems import assert_problem
from tests.security._auth_helpers import DEMO_PASSWORD, TOKEN_URL, client_at


async def test_forged_forwarded_for_is_ignored_without_trusted_proxies(client: Any, app: Any) -> None:
    async with client_at(app, "203.0.113.9") as attacker:
        for i in range(20):
            forged = {"X-Forwarded-For": f"10.9.{i}.1"}
            response = await attacker.post(
                TOKEN_URL, json={"email": f"victim{i}@demo.example", "password": "x"}, headers=forged
            )
            assert_problem(response, 401)
        refused = await attacker.post(
            TOKEN_URL,
            json={"email": "elu@demo.example", "password": DEMO_PASSWORD},
            headers={"X-Forwarded-For": "10.9.99.1"},
        )
        assert_problem(refused, 429)


@pytest.fixture(scope="module")
def proxied_app(settings: Settings) -> Any:
    """The service behind a reverse proxy at 10.0.0.2 (DIALOGUE_TRUSTED_PROXIES=10.0.0.0/24)."""
    return create_app(
        settings.model_copy(update={"trusted_proxies": parse_networks(["10.0.0.0/24"])}), manage_engine=False
    )


async def test_behind_a_trusted_proxy_the_left_part_of_the_header_cannot_be_forged(
    client: Any, proxied_app: Any
) -> None:
    async with client_at(proxied_app, "10.0.0.2") as proxy:
        for i in range(20):
            # The client forges a left-most hop; the proxy appends the real address 198.51.100.4.
            headers = {"X-Forwarded-For": f"192.0.2.{i}, 198.51.100.4"}
            response = await proxy.post(
                TOKEN_URL, json={"email": f"victim{i}@demo.example", "password": "x"}, headers=headers
            )
            assert_problem(response, 401)
        blocked = await proxy.post(
            TOKEN_URL,
            json={"email": "elu@demo.example", "password": DEMO_PASSWORD},
            headers={"X-Forwarded-For": "192.0.2.200, 198.51.100.4"},
        )
        assert_problem(blocked, 429)
        # Another real client behind the same proxy is not blocked by the first one's failures.
        other = await proxy.post(
            TOKEN_URL,
            json={"email": "elu@demo.example", "password": DEMO_PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.5"},
        )
        assert other.status_code == 200, other.text


TRUSTED = parse_networks(["10.0.0.0/8", "::1"])


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        ("203.0.113.1", ["1.2.3.4"], "203.0.113.1"),  # untrusted peer: header ignored
        ("10.0.0.2", ["1.2.3.4"], "1.2.3.4"),
        ("10.0.0.2", ["6.6.6.6, 1.2.3.4"], "1.2.3.4"),  # forged left part ignored
        ("10.0.0.2", ["6.6.6.6", "1.2.3.4, 10.0.0.3"], "1.2.3.4"),  # two headers, two proxies
        ("10.0.0.2", ["garbage, 1.2.3.4"], "1.2.3.4"),
        ("10.0.0.2", ["1.2.3.4, garbage"], "10.0.0.2"),  # a proxy never writes garbage: stop at the peer
        ("10.0.0.2", [], "10.0.0.2"),
        ("::1", ["2001:db8::7"], "2001:db8::7"),
    ],
)
def test_client_ip_believes_only_hops_added_by_trusted_proxies(peer: str, header: list[str], expected: str) -> None:
    assert client_ip(peer, header, TRUSTED) == expected


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_ip("10.0.0.2", ["1.2.3.4"], ()) == "10.0.0.2"


def test_trusted_proxies_setting_reads_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGUE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    assert Settings().trusted_proxies == (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1/32"))
    monkeypatch.delenv("DIALOGUE_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == ()


def test_a_bad_trusted_proxy_is_a_one_line_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from dialogue.settings import SettingsError, load_settings

    monkeypatch.setenv("DIALOGUE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith("configuration error: DIALOGUE_TRUSTED_PROXIES:")
    assert "proxy.internal" in str(error.value)
