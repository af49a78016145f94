import pytest

from tests.sql.conftest import signalled


def test_account_create_refuses_an_empty_name(call):
    with pytest.raises(Exception) as excinfo:
        call("account_create", "  ", None)
    assert signalled(excinfo) == (31422, "name: must not be empty")


def test_api_key_create_refuses_an_unknown_account(call):
    with pytest.raises(Exception) as excinfo:
        call("api_key_create", "nosuchacct1", "read", "k", "0" * 64, "ae_x")
    assert signalled(excinfo)[0] == 31404


def test_api_key_revoke_stays_inside_its_account(call, query):
    a = call("account_create", "Revoke A", None)[0]["id_random"]
    b = call("account_create", "Revoke B", None)[0]["id_random"]
    key = call("api_key_create", a, "read", "k", "1" * 63 + "a", "ae_1")[0]["id_random"]
    b_id = query("SELECT id FROM account WHERE id_random = %s", b)[0]["id"]
    with pytest.raises(Exception) as excinfo:
        call("api_key_revoke", b_id, key)
    assert signalled(excinfo)[0] == 31404
    assert query("SELECT revoked_on FROM api_key WHERE id_random = %s", key)[0]["revoked_on"] is None
    call("api_key_revoke", None, key)
    assert query("SELECT revoked_on FROM api_key WHERE id_random = %s", key)[0]["revoked_on"] is not None


def test_membership_role_must_be_read_write_or_admin(call):
    account = call("account_create", "Role Check", None)[0]["id_random"]
    user = call("user_create", "role-check@example.test", "R", None, 0, None, None)[0]["id_random"]
    with pytest.raises(Exception) as excinfo:
        call("account_user_set", account, user, "owner")
    assert signalled(excinfo) == (31422, "role: must be one of read, write, admin")


def test_auth_views_hide_revoked_keys(call, query):
    account = call("account_create", "Auth View", None)[0]["id_random"]
    key = call("api_key_create", account, "write", "k", "2" * 64, "ae_2")[0]["id_random"]
    assert query("SELECT role FROM v_auth_api_key WHERE key_hash = %s", "2" * 64) == [{"role": "write"}]
    call("api_key_revoke", None, key)
    assert query("SELECT role FROM v_auth_api_key WHERE key_hash = %s", "2" * 64) == []
