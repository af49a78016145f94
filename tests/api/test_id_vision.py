import httpx
import pytest

from tests.id_vision import assert_no_integer_ids, integer_ids


def test_integer_ids_are_found_at_any_depth():
    body = {"data": [{"id_random": "a", "event_id": 7, "meta_json": {"id": 3, "user_id": "x"}}], "has_more": False}
    assert integer_ids(body) == ["/data/0/event_id", "/data/0/meta_json/id"]


def test_a_response_with_an_integer_id_fails_the_check():
    response = httpx.Response(200, json={"account_id": 12}, request=httpx.Request("GET", "http://x/v3/crud/x"))
    with pytest.raises(AssertionError, match="account_id"):
        assert_no_integer_ids(response)


def test_public_ids_and_flags_pass_the_check():
    response = httpx.Response(200, json={"id_random": "aB3_xYz9QwE", "enable": 1, "hide": True},
                              request=httpx.Request("GET", "http://x/"))
    assert_no_integer_ids(response)
