"""api.integrations.mailman against a real GNU Mailman 3 core (tests/mailman.py), started once for
this file: rosters, subscriptions, unsubscriptions and every way Mailman can fail the client."""

import asyncio
import secrets
import socket
from dataclasses import dataclass

import httpx
import pytest

from api.integrations.mailman import Mailman, MailmanError, NoSuchList, NotAMember
from tests.mailman import mailman_core, session_members

DOMAIN = "lists.example.test"


@pytest.fixture(scope="module")
def core():
    with mailman_core() as core:
        core.create_domain(DOMAIN)
        yield core


@pytest.fixture()
def list_id(core):
    """A new, empty list of its own, deleted afterwards."""
    list_id = core.create_list(f"t{secrets.token_hex(4)}@{DOMAIN}")
    yield list_id
    core.delete_list(list_id)


@dataclass
class Endpoint:
    """Where a client goes and with what credentials, when not a running core's own."""

    base_url: str
    username: str
    password: str


def call(core, method, *args, **client_options):
    """One client method, on a client of its own for `core` (a MailmanCore or an Endpoint)."""

    async def work():
        async with Mailman(core.base_url, core.username, core.password, **client_options) as mailman:
            return await getattr(mailman, method)(*args)
    return asyncio.run(work())


def address(name=None):
    return f"{name or secrets.token_hex(4)}@members.example.test"


def test_roster_of_a_new_list_is_empty(core, list_id):
    assert call(core, "roster", list_id) == []


def test_subscribed_address_is_on_the_roster_in_lower_case(core, list_id):
    assert call(core, "subscribe", list_id, "Ann.Smith@Members.Example.test", "Ann Smith") is True
    assert call(core, "roster", list_id) == ["ann.smith@members.example.test"]


def test_subscribing_a_member_again_answers_false_and_keeps_one_membership(core, list_id):
    ann = address("ann")
    call(core, "subscribe", list_id, ann)
    assert call(core, "subscribe", list_id, ann.upper()) is False
    assert call(core, "roster", list_id) == [ann]


def test_unsubscribed_address_leaves_the_roster_and_others_stay(core, list_id):
    ann, bob = address("ann"), address("bob")
    call(core, "subscribe", list_id, ann)
    call(core, "subscribe", list_id, bob)
    assert call(core, "unsubscribe", list_id, ann.title()) is None
    assert call(core, "roster", list_id) == [bob]


def test_unsubscribing_a_non_member_is_not_a_member(core, list_id):
    call(core, "subscribe", list_id, address("ann"))
    with pytest.raises(NotAMember) as raised:
        call(core, "unsubscribe", list_id, address("bob"))
    assert raised.value.reason == f"{address('bob')} is not a member of {list_id}"
    assert raised.value.status == 404


def test_an_address_with_mailmans_wildcard_matches_only_itself(core, list_id):
    ann = address("ann")
    call(core, "subscribe", list_id, ann)
    with pytest.raises(NotAMember):
        call(core, "unsubscribe", list_id, "a*@members.example.test")
    assert call(core, "roster", list_id) == [ann]


def test_roster_longer_than_a_page_comes_whole(core, list_id):
    everyone = sorted(address(f"member{number:02}") for number in range(60))
    for member in everyone:
        call(core, "subscribe", list_id, member)
    assert call(core, "roster", list_id, page_size=25) == everyone


def test_roster_of_exactly_one_full_page_comes_whole(core, list_id):
    everyone = sorted(address(f"member{number}") for number in range(5))
    for member in everyone:
        call(core, "subscribe", list_id, member)
    assert call(core, "roster", list_id, page_size=5) == everyone


@pytest.mark.parametrize("method, args", [("roster", ()), ("subscribe", (address(),)), ("unsubscribe", (address(),))])
def test_unknown_list_is_no_such_list(core, method, args):
    with pytest.raises(NoSuchList) as raised:
        call(core, method, f"nothing.{DOMAIN}", *args)
    assert raised.value.reason == f"no list nothing.{DOMAIN}"


def test_an_address_mailman_rejects_is_an_error_with_its_reason(core, list_id):
    with pytest.raises(MailmanError) as raised:
        call(core, "subscribe", list_id, "not an address")
    assert raised.value.status == 400
    assert "subscriber" in raised.value.reason


def test_wrong_password_is_refused_without_showing_it(core, list_id):
    wrong = Endpoint(core.base_url, core.username, "wrong-" + secrets.token_urlsafe(12))
    for method, args in (("roster", ()), ("subscribe", (address(),)), ("unsubscribe", (address(),))):
        with pytest.raises(MailmanError) as raised:
            call(wrong, method, list_id, *args)
        assert raised.value.status == 401
        assert wrong.password not in str(raised.value) + repr(raised.value) + raised.value.reason
        assert core.username in raised.value.reason


def test_a_stopped_mailman_is_unreachable():
    with mailman_core() as stopped:
        master = stopped.master_pid()
    assert master and session_members(master) == [] and not stopped.directory.exists()
    with pytest.raises(MailmanError) as raised:
        call(stopped, "roster", f"news.{DOMAIN}")
    assert "unreachable" in raised.value.reason and raised.value.status is None
    assert stopped.password not in raised.value.reason


def test_a_mailman_that_never_answers_is_a_timeout():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, reads nothing
        port = silent.getsockname()[1]
        slow = Endpoint(f"http://127.0.0.1:{port}", "admin", "secret-password")
        with pytest.raises(MailmanError) as raised:
            call(slow, "roster", f"news.{DOMAIN}", timeout=httpx.Timeout(0.5))
    assert "did not answer in time" in raised.value.reason


def test_a_client_passed_in_stays_open_after_the_mailman_closes(core, list_id):
    async def work():
        async with httpx.AsyncClient() as client:
            async with Mailman(core.base_url, core.username, core.password, client=client) as mailman:
                await mailman.roster(list_id)
            return client.is_closed
    assert asyncio.run(work()) is False
