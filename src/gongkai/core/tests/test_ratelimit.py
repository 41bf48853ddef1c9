"""The fixed-window rate limiter and the client address it counts under (``gongkai.core.ratelimit``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from gongkai.core.ratelimit import FixedWindow, client_ip, client_key, trusted_proxies

rf = RequestFactory()


def req(remote: str = "203.0.113.5", forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.post("/requests/apply/", **extra)


@pytest.fixture
def proxies(settings):  # type: ignore[no-untyped-def]
    def set_to(value: object) -> None:
        settings.GONGKAI = {**settings.GONGKAI, "TRUSTED_PROXIES": value}

    return set_to


# --- the client address ------------------------------------------------------------------------


def test_without_trusted_proxies_forwarded_for_is_ignored(proxies):
    proxies("")
    assert str(client_ip(req("203.0.113.5", "198.51.100.1"))) == "203.0.113.5"
    # Even from the loopback address a forged header does not choose the window.
    assert str(client_ip(req("127.0.0.1", "198.51.100.1"))) == "127.0.0.1"


def test_trusted_proxy_nearest_hop_is_the_client(proxies):
    proxies("127.0.0.1")
    assert str(client_ip(req("127.0.0.1", "198.51.100.7"))) == "198.51.100.7"
    # The client wrote "6.6.6.6" itself; nginx appended the address it saw: the right-most entry.
    assert str(client_ip(req("127.0.0.1", "6.6.6.6, 198.51.100.7"))) == "198.51.100.7"
    # A request that did not come through the proxy: its header is not believed.
    assert str(client_ip(req("192.0.2.44", "198.51.100.7"))) == "192.0.2.44"
    # Behind the proxy but no header (e.g. a health check): the proxy's address.
    assert str(client_ip(req("127.0.0.1"))) == "127.0.0.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(proxies):
    proxies(["127.0.0.1", "10.0.0.0/8"])
    request = req("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3")
    assert str(client_ip(request)) == "203.0.113.9"
    # Every hop trusted: the left-most trusted one is as far as we can see.
    assert str(client_ip(req("127.0.0.1", "10.9.9.9, 10.1.2.3"))) == "10.9.9.9"


def test_unreadable_hop_stops_the_walk(proxies):
    proxies("127.0.0.1,10.0.0.0/8")
    assert str(client_ip(req("127.0.0.1", "198.51.100.7, unknown"))) == "127.0.0.1"
    assert str(client_ip(req("127.0.0.1", "198.51.100.7, 10.0.0.2, garbage"))) == "127.0.0.1"


def test_ports_and_mapped_addresses(proxies):
    proxies("127.0.0.1")
    assert str(client_ip(req("127.0.0.1", "198.51.100.7:51234"))) == "198.51.100.7"
    assert str(client_ip(req("127.0.0.1", "[2001:db8::9]:443"))) == "2001:db8::9"
    assert str(client_ip(req("::ffff:203.0.113.5"))) == "203.0.113.5"


def test_ipv6_clients_are_counted_per_64(proxies):
    proxies("")
    a = client_key(req("2001:db8:1:2::5"))
    b = client_key(req("2001:db8:1:2:ffff:ffff:ffff:1"))
    c = client_key(req("2001:db8:1:3::5"))
    assert a == b == "2001:db8:1:2::/64"
    assert c == "2001:db8:1:3::/64"
    assert client_key(req("203.0.113.5")) == "203.0.113.5"
    assert client_key(req("")) == "unknown"


def test_environment_variable_when_settings_do_not_say(settings, monkeypatch):
    settings.GONGKAI = {k: v for k, v in settings.GONGKAI.items() if k != "TRUSTED_PROXIES"}
    monkeypatch.setenv("GONGKAI_TRUSTED_PROXIES", " 127.0.0.1 , ::1 ")
    assert [str(n) for n in trusted_proxies()] == ["127.0.0.1/32", "::1/128"]
    assert str(client_ip(req("::1", "198.51.100.8"))) == "198.51.100.8"
    monkeypatch.delenv("GONGKAI_TRUSTED_PROXIES")
    assert trusted_proxies() == ()


def test_a_bad_proxy_entry_is_a_configuration_error(proxies):
    proxies("127.0.0.1,localhost")
    with pytest.raises(ImproperlyConfigured, match="localhost"):
        client_ip(req("127.0.0.1", "198.51.100.7"))


# --- the window --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_fixed_window_counts_per_client_and_resets_each_period(clock):
    window = FixedWindow("test", lambda: 3, period=3600)
    alice, bob = req("198.51.100.1"), req("198.51.100.2")
    # 10:20:00 UTC: the window that started at 10:00 ends in 40 minutes.
    clock.set(dt.datetime(2025, 9, 22, 10, 20, tzinfo=dt.UTC))
    assert [window.hit(alice) for _ in range(3)] == [1, 2, 3]
    assert window.exceeded(alice)
    assert window.count(alice) == 3
    assert not window.exceeded(bob)
    assert window.retry_after() == 40 * 60
    clock.shift(dt.timedelta(minutes=39, seconds=59))
    assert window.exceeded(alice)
    assert window.retry_after() == 1
    clock.shift(dt.timedelta(seconds=1))  # 11:00:00, a new window
    assert window.count(alice) == 0
    assert not window.exceeded(alice)
    assert window.retry_after() == 3600


@pytest.mark.django_db
def test_scopes_are_independent_and_the_limit_is_read_each_time(settings):
    apply = FixedWindow("apply", lambda: int(settings.GONGKAI["REQUEST_FORM_PER_HOUR"]))
    lookup = FixedWindow("lookup", lambda: 100)
    client = req("198.51.100.3")
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 1}
    apply.hit(client)
    assert apply.exceeded(client)
    assert not lookup.exceeded(client)
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 2}
    assert not apply.exceeded(client)


@pytest.mark.django_db
def test_take_decides_on_its_own_count(clock):
    """Increment first, then compare: the event whose count passes the limit is refused and
    given back (the shared, concurrent cases: test_ratelimit_shared.py)."""
    clock.set(dt.datetime(2025, 9, 22, 10, 20, tzinfo=dt.UTC))
    window = FixedWindow("take", lambda: 2, period=3600)
    client = req("198.51.100.4")
    assert [window.take(client).allowed for _ in range(3)] == [True, True, False]
    assert window.count(client) == 2
