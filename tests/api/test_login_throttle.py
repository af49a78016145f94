"""Login throttling against real MariaDB, and real Redis or none (every test runs both ways:
`redis` and `without_redis`, whose Redis URL is a closed port). The throttle's clock is a
test clock: time moves only when a test says so."""

import asyncio
import secrets
import time

import pytest

from api import accounts, login as login_endpoint, throttle
from api.app import create_app
from api.config import Settings
from api.throttle import (ADDRESS_CAP, CAP_WINDOW, FREE_FAILURES, LONGEST_BACKOFF, PAIR_MEMORY, LoginThrottle,
                          MemoryCounters)
from tests.api.conftest import PASSWORD, assert_problem
from tests.api.test_health import closed_port
from tests.client import AppClient, random_address

LOGIN = "/v3/auth/login"


class Clock:
    def __init__(self):
        self.now = float(int(time.time()))  # whole seconds: the steps tests take add up exactly

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(scope="module", params=["redis", "without_redis"])
def app_client(request, settings):
    if request.param == "without_redis":
        settings = Settings(**{**settings.__dict__, "redis_url": f"redis://127.0.0.1:{closed_port()}/0"})
    with AppClient(create_app(settings)) as client:
        yield client


@pytest.fixture()
def clock(app_client):
    services = app_client.app.state.services
    clock = Clock()
    services.throttle = LoginThrottle(services.cache, clock)
    return clock


@pytest.fixture()
def checks(monkeypatch):
    """Counts the password checks the login endpoint makes."""
    made = []
    verify = login_endpoint.verify_password

    def counted(password, stored):
        made.append(password)
        return verify(password, stored)
    monkeypatch.setattr(login_endpoint, "verify_password", counted)
    return made


def new_user(app_client, email):
    """A user who can log in with PASSWORD; returns the user's id_random."""
    return app_client.run(accounts.create_user, app_client.app.state.services.db, email, PASSWORD)


@pytest.fixture()
def email(app_client):
    email = f"{secrets.token_hex(4)}@throttle.test"
    new_user(app_client, email)
    return email


def attempt(requests, email, password="wrong"):
    return requests.post(LOGIN, json={"email": email, "password": password})


def fail_freely(requests, email):
    for _ in range(FREE_FAILURES):
        assert_problem(attempt(requests, email), 401, "invalid_login")


def refused(response):
    assert_problem(response, 429, "too_many_attempts")
    return int(response.headers["Retry-After"])


def test_accent_and_case_variants_of_an_email_share_the_users_budget(app_client, clock):
    tag = secrets.token_hex(4)
    user = new_user(app_client, f"a-read-{tag}@x.test")
    # MariaDB's utf8mb4_unicode_ci ignores accents, case and zero-width characters.
    variants = [f"á-read-{tag}@x.test", f"a-réad-{tag}@x.test", f"A-READ-{tag.upper()}@X.TEST",
                f"a-re\u200bad-{tag}@x.test", f" a-read-{tag}@x.test "]
    stranger = app_client.at(random_address())
    assert attempt(stranger, variants[0], PASSWORD).json()["user_id_random"] == user  # MariaDB: one user
    for variant in variants:
        assert_problem(attempt(stranger, variant), 401, "invalid_login")
    assert_problem(attempt(stranger, f"a-r\u200dëad-{tag}@x.test"), 401, "invalid_login")
    refused(attempt(stranger, variants[1]))
    refused(attempt(stranger, f"a-read-{tag}@x.test", PASSWORD))


def test_a_burst_of_wrong_passwords_gets_one_check_more_than_the_free_failures(app_client, clock, email, checks):
    responses = app_client.at(random_address()).concurrently(
        "POST", LOGIN, [{"email": email, "password": f"wrong-{n}"} for n in range(40)])
    assert len(checks) == FREE_FAILURES + 1
    assert sorted(r.status_code for r in responses) == [401] * (FREE_FAILURES + 1) + [429] * (39 - FREE_FAILURES)


def test_the_owner_logs_in_from_their_own_address_while_a_strangers_is_blocked(app_client, clock, email):
    stranger = app_client.at(random_address())
    fail_freely(stranger, email)
    assert_problem(attempt(stranger, email), 401, "invalid_login")
    refused(attempt(stranger, email, PASSWORD))
    owner = app_client.at(random_address())
    assert attempt(owner, email, PASSWORD).status_code == 200


def test_one_address_spraying_many_emails_hits_the_address_cap(app_client, clock, email):
    sprayer, owner = app_client.at(random_address()), app_client.at(random_address())
    unknown = [{"email": f"{secrets.token_hex(5)}@nobody.test", "password": "wrong"} for _ in range(ADDRESS_CAP)]
    responses = sprayer.concurrently("POST", LOGIN, unknown[:-1])
    assert {r.status_code for r in responses} == {401}
    assert attempt(sprayer, email, PASSWORD).status_code == 200  # a success does not use up the cap
    assert_problem(sprayer.post(LOGIN, json=unknown[-1]), 401, "invalid_login")
    assert 0 < refused(attempt(sprayer, f"{secrets.token_hex(5)}@nobody.test")) <= CAP_WINDOW
    refused(attempt(sprayer, email, PASSWORD))
    assert attempt(owner, email, PASSWORD).status_code == 200
    clock.advance(CAP_WINDOW)
    assert attempt(sprayer, email, PASSWORD).status_code == 200


def test_guesses_from_many_addresses_hit_the_cap_per_user(app_client, clock, email, monkeypatch):
    monkeypatch.setattr(throttle, "USER_CAP", 3 * FREE_FAILURES)
    for _ in range(3):
        fail_freely(app_client.at(random_address()), email)
    refused(attempt(app_client.at(random_address()), email, PASSWORD))
    clock.advance(CAP_WINDOW)
    assert attempt(app_client.at(random_address()), email, PASSWORD).status_code == 200


def test_a_successful_login_clears_the_backoff_of_its_address(app_client, clock, email):
    requests = app_client.at(random_address())
    fail_freely(requests, email)
    assert_problem(attempt(requests, email), 401, "invalid_login")
    clock.advance(refused(attempt(requests, email)))
    assert attempt(requests, email, PASSWORD).status_code == 200
    fail_freely(requests, email)
    assert_problem(attempt(requests, email), 401, "invalid_login")
    assert refused(attempt(requests, email)) == 1


def test_backoff_doubles_up_to_fifteen_minutes_and_ends(app_client, clock, email):
    requests = app_client.at(random_address())
    fail_freely(requests, email)
    waits = []
    while not waits or waits[-1] < LONGEST_BACKOFF:
        assert_problem(attempt(requests, email), 401, "invalid_login")
        waits.append(refused(attempt(requests, email)))
        clock.advance(waits[-1] - 0.5)
        assert refused(attempt(requests, email, PASSWORD)) == 1
        clock.advance(0.5)
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, LONGEST_BACKOFF]
    assert attempt(requests, email, PASSWORD).status_code == 200


def test_a_blocked_address_is_forgotten_after_quiet_minutes(app_client, clock, email):
    requests = app_client.at(random_address())
    fail_freely(requests, email)
    assert_problem(attempt(requests, email), 401, "invalid_login")
    clock.advance(PAIR_MEMORY)
    fail_freely(requests, email)
    assert_problem(attempt(requests, email), 401, "invalid_login")
    assert refused(attempt(requests, email)) == 1


def test_retry_after_counts_whole_seconds_and_does_not_tell_whether_the_email_exists(app_client, clock, email):
    requests = app_client.at(random_address())
    unknown = f"{secrets.token_hex(5)}@nobody.test"
    for either in (email, unknown):
        fail_freely(requests, either)
        assert_problem(attempt(requests, either), 401, "invalid_login")
    clock.advance(0.3)
    known, nobody = attempt(requests, email), attempt(requests, unknown)
    assert refused(known) == refused(nobody) == 1
    assert known.json() == nobody.json()


def test_without_redis_each_worker_counts_in_its_own_memory(app_client, clock, email, request):
    assert_problem(attempt(app_client.at(random_address()), email), 401, "invalid_login")
    in_memory = bool(app_client.app.state.services.throttle.memory.counters)
    assert in_memory == (request.node.callspec.params["app_client"] == "without_redis")


def test_the_memory_counters_keep_a_bounded_number_of_entries():
    counters = MemoryCounters(entries=6)
    first, second, third = (throttle.counter_keys(f"email:{n}@x.test", random_address()) for n in range(3))
    for keys in (first, second, third):
        asyncio.run(counters.reserve(keys, time.time()))
    assert list(counters.counters) == [*second, *third]
