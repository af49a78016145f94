"""The people procedures called directly: invitations (insert, accept), password resets,
changes and rehashes, members (update, delete), user_create and account_user_set.

Every refused call changes nothing in any table (row counts and checksums of every table before
and after); tokens are single use under two concurrent connections; ids are compared exactly;
two tenants' calls interleaved on one connection never answer each other's data."""

import contextlib
import json
import secrets
import threading

import pymysql
import pytest

from api.db import connect_sync
from tests.sql.conftest import refused

HASH = "scrypt$16384$8$1$c2FsdA$aGFzaA"
TOKEN_REFUSED = (31422, "token: not valid (unknown, used, revoked or expired)")
RESET_REFUSED = (31422, "token: not valid (unknown, used or expired)")


def email():
    return f"p-{secrets.token_hex(5)}@people.test"


@pytest.fixture()
def unchanged(query):
    """`with unchanged(): ...` fails unless every table holds exactly what it held before."""
    tables = [row["t"] for row in query(
        "SELECT table_name AS t FROM information_schema.tables"
        " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")]

    def snapshot():
        counts = query(" UNION ALL ".join(f"SELECT '{t}' AS t, COUNT(*) AS n FROM `{t}`" for t in tables))
        sums = query("CHECKSUM TABLE " + ", ".join(f"`{t}`" for t in tables))
        return {row["t"]: row["n"] for row in counts}, {row["Table"]: row["Checksum"] for row in sums}

    @contextlib.contextmanager
    def check():
        before = snapshot()
        yield
        after = snapshot()
        assert after[0] == before[0], {t: (before[0][t], n) for t, n in after[0].items() if before[0][t] != n}
        assert after[1] == before[1], [t for t in after[1] if before[1][t] != after[1][t]]
    return check


class Tenant:
    def __init__(self, call, query, name):
        self.call, self.query = call, query
        self.account = call("account_create", f"{name} {secrets.token_hex(3)}", None)[0]["id_random"]
        self.id = query("SELECT id FROM account WHERE id_random = %s", self.account)[0]["id"]

    def invite(self, body):
        rows = self.call("user_invitation_insert", "user_invitation", self.id, None, json.dumps(body))
        assert len(rows) == 1
        return rows[0]

    def member(self, role="read", address=None):
        """A person (with a password) who is a member of this account."""
        return self.call("user_create", address or email(), "Member", HASH, 0, self.account, role)[0]["id_random"]

    def update(self, user, body, parent=None):
        return self.call("user_member_update", "user", self.id, parent, user, json.dumps(body))[0]

    def remove(self, user, parent=None):
        return self.call("user_member_delete", "user", self.id, parent, user)

    def members(self):
        return {row["id_random"]: row for row in self.query("SELECT * FROM v_user WHERE account_id = %s", self.id)}


@pytest.fixture()
def alpha(call, query):
    return Tenant(call, query, "People Alpha")


@pytest.fixture()
def beta(call, query):
    return Tenant(call, query, "People Beta")


def accept(call, token, user=None, password_hash=HASH, name=None):
    return call("user_invitation_accept", token, user, password_hash, name)[0]


def user_row(query, id_random):
    return query("SELECT * FROM user WHERE id_random = %s", id_random)[0]


# --- members -------------------------------------------------------------------------------

def test_a_member_update_changes_only_the_role_in_this_account(alpha, beta, call):
    address = email()
    person = alpha.member("write", address)
    call("account_user_set", beta.account, person, "read")
    assert alpha.update(person, {"role": "admin"})["role"] == "admin"
    assert beta.members()[person]["role"] == "read"
    assert alpha.update(person, {}) == alpha.members()[person]


MEMBER_UPDATE_REFUSALS = [
    ({"name": "Hijack"}, (31422, "name: belongs to the user in every account; it cannot be changed here")),
    ({"email": "x@y.test"}, (31422, "email: belongs to the user in every account; it cannot be changed here")),
    ({"role": "owner"}, (31422, "role: must be one of read, write, admin")),
    ({"role": None}, (31422, "role: must be one of read, write, admin")),
    ({"last_login_on": "2026-01-01"}, (31422, "last_login_on: is read-only")),
    ("[]", (31422, "body: must be a JSON object")),
]


@pytest.mark.parametrize("body,error", MEMBER_UPDATE_REFUSALS, ids=[case[1][1][:25] for case in MEMBER_UPDATE_REFUSALS])
def test_a_refused_member_update_changes_nothing(alpha, unchanged, body, error):
    person = alpha.member("write")
    with unchanged():
        assert refused(alpha.update, person, json.loads(body) if isinstance(body, str) else body) == error


def test_another_accounts_member_cannot_be_updated_or_removed(alpha, beta, unchanged):
    person = beta.member()
    lookalike = person.swapcase()
    with unchanged():
        for other in (person, lookalike, person[:-1] + "é", "x"):
            assert refused(alpha.update, other, {"role": "admin"}) == (
                31404, "user: no user with this id in your account")
            assert refused(alpha.remove, other) == (31404, "user: no user with this id in your account")
        assert refused(alpha.update, person, {"role": "admin"}, "aaaaaaaaaaa")[0] == 31404
        assert refused(alpha.remove, person, "aaaaaaaaaaa")[0] == 31404


def polymorphic_tables(query):
    rows = query(
        "SELECT c.table_name AS t FROM information_schema.columns AS c"
        " JOIN information_schema.columns AS d ON d.table_schema = c.table_schema AND d.table_name = c.table_name"
        " JOIN information_schema.tables AS b ON b.table_schema = c.table_schema AND b.table_name = c.table_name"
        " WHERE c.table_schema = DATABASE() AND c.column_name = 'for_type' AND d.column_name = 'for_id'"
        " AND b.table_type = 'BASE TABLE'")
    return {row["t"] for row in rows}


def rows_about(query, table, account_id, user):
    return query(f"SELECT COUNT(*) AS n FROM `{table}` AS t JOIN user AS u ON u.id = t.for_id"
                 " WHERE t.account_id = %s AND t.for_type = 'user' AND u.id_random = %s", account_id, user)[0]["n"]


def write_rows_about(tenant, call, query, user):
    """One row about `user` in every table that can hold one, through the procedures."""
    for kind, body in (("contact", {"kind": "email", "value": "x@y.test"}), ("address", {"city": "Lyon"}),
                       ("data_store", {"code": f"c-{secrets.token_hex(3)}", "data_json": {"a": 1}})):
        call("crud_insert", kind, tenant.id, None, json.dumps({**body, "for_type": "user", "for_id_random": user}))
    for lookup in query("SELECT name, table_name FROM lu_type"):
        group = query(f"SELECT MIN(`group`) AS g FROM `{lookup['table_name']}` WHERE account_id IS NULL")[0]["g"]
        call("lookup_override_set", lookup["name"], tenant.id, group,
             json.dumps({"name": "Theirs", "for_type": "user", "for_id_random": user}))


def test_removing_a_member_takes_this_accounts_rows_about_them_and_nothing_else(alpha, beta, call, query):
    address = email()
    person = alpha.member("write", address)
    call("account_user_set", beta.account, person, "read")
    write_rows_about(alpha, call, query, person)
    write_rows_about(beta, call, query, person)
    tables = polymorphic_tables(query)
    written = {table for table in tables if rows_about(query, table, alpha.id, person)}
    assert written == tables, f"teach write_rows_about and user_member_delete about {tables - written}"
    alpha.remove(person)
    assert person not in alpha.members() and person in beta.members()
    assert {table: rows_about(query, table, alpha.id, person) for table in tables} == dict.fromkeys(tables, 0)
    assert {table: rows_about(query, table, beta.id, person) for table in tables} == dict.fromkeys(tables, 1)
    assert user_row(query, person)["email"] == address


def test_a_refused_removal_takes_nothing(alpha, beta, call, query, unchanged):
    person = alpha.member()
    write_rows_about(alpha, call, query, person)
    with unchanged():
        assert refused(beta.remove, person)[0] == 31404


# --- user_create and account_user_set (command line, demo) ----------------------------------

def test_user_create_with_an_account_makes_the_person_and_the_membership(alpha, query):
    person = alpha.member("admin")
    assert alpha.members()[person]["role"] == "admin"
    assert (user_row(query, person)["password_hash"], user_row(query, person)["token_version"]) == (HASH, 0)


def test_a_refused_user_create_leaves_nothing(alpha, call, unchanged):
    taken = email()
    alpha.member(address=taken)
    cases = [
        ((taken.upper(), "N", HASH, 0, None, None), 31409),
        (("nope", "N", HASH, 0, None, None), 31422),
        (("x" * 250 + "@c.test", "N", HASH, 0, None, None), 31422),
        ((email(), "n" * 201, HASH, 0, None, None), 31422),
        ((email(), "N", HASH, 0, "nosuchacct1", "read"), 31404),
        ((email(), "N", HASH, 0, alpha.account.swapcase(), "read"), 31404),
        ((email(), "N", HASH, 0, alpha.account[:-1] + "é", "read"), 31404),
        ((email(), "N", HASH, 0, alpha.account, "owner"), 31422),
        ((email(), "N", HASH, 0, alpha.account, None), 31422),
        ((email(), "N", "h" * 256, 0, alpha.account, "read"), 1406),
    ]
    for args, errno in cases:
        with unchanged():
            assert refused(call, "user_create", *args)[0] == errno, args


def test_a_refused_account_user_set_leaves_nothing(alpha, beta, call, unchanged):
    person = beta.member()
    for args in ((alpha.account, person, "owner"), ("nosuchacct1", person, "read"),
                 (alpha.account.swapcase(), person, "read"), (alpha.account, person.swapcase(), "read"),
                 (alpha.account, person[:-1] + "é", "read"), (alpha.account[:-1] + "é", person, "read")):
        with unchanged():
            assert refused(call, "account_user_set", *args)[0] in (31404, 31422), args
    call("account_user_set", alpha.account, person, "write")
    assert alpha.members()[person]["role"] == "write"


def test_a_login_is_recorded_only_for_the_exact_id(alpha, call, query):
    person = alpha.member()
    call("user_login_record", person.swapcase())
    call("user_login_record", person[:-1] + "é")
    assert user_row(query, person)["last_login_on"] is None
    call("user_login_record", person)
    assert user_row(query, person)["last_login_on"] is not None


# --- rows about a person two accounts share ------------------------------------------------

def test_two_accounts_keep_data_stores_about_one_person_apart(alpha, beta, call):
    person = alpha.member()
    call("account_user_set", beta.account, person, "read")
    body = json.dumps({"for_type": "user", "for_id_random": person, "code": "badge"})
    mine = call("crud_insert", "data_store", alpha.id, None, body)[0]
    theirs = call("crud_insert", "data_store", beta.id, None, body)[0]
    assert (mine["account_id_random"], theirs["account_id_random"]) == (alpha.account, beta.account)
    assert refused(call, "crud_insert", "data_store", beta.id, None, body) == (
        31409, f"code: already exists as {theirs['id_random']}")


def expire(query, table, column, value):
    query(f"UPDATE {table} SET expires_on = CURRENT_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE {column} = %s", value)


def run_in_thread(function, *args):
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except Exception as exc:  # the test reads it
            outcome["error"] = exc
    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


def wait_for_lock_wait(query, connection):
    """Polls (no timing assumption) until `connection` runs the DELETE that spends the token: the
    first connection holds that row's lock, so the DELETE waits for it to end."""
    for _ in range(2000):
        rows = query("SELECT COUNT(*) AS n FROM information_schema.processlist"
                     " WHERE id = %s AND command = 'Query' AND info LIKE 'DELETE FROM user\\_%%'",
                     connection.thread_id())
        if rows[0]["n"]:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the second connection never reached the DELETE that spends the token")


def two_connections(db_url):
    return connect_sync(db_url), connect_sync(db_url)


def call_on(connection, procedure, *args):
    with connection.cursor() as cursor:
        cursor.execute(f"CALL {procedure}({', '.join(['%s'] * len(args))})", args)
        return cursor.fetchall()


# --- password resets and changes -----------------------------------------------------------

def reset(call, account_id, user):
    return call("user_password_reset_create", account_id, user)[0]


def test_an_admin_starts_a_reset_for_a_member_only(alpha, beta, call, unchanged):
    member, stranger = alpha.member(), beta.member()
    started = reset(call, alpha.id, member)
    assert started["user_id_random"] == member and len(started["token"]) == 43
    for other in (stranger, "nosuchuser1", member.upper(), member[:-1] + "é", None, member + "\n"):
        with unchanged():
            assert refused(reset, call, alpha.id, other) == (31404, "user: no user with this id in your account")


def test_a_platform_admin_starts_a_reset_for_anyone(beta, call):
    stranger = beta.member()
    assert reset(call, None, stranger)["user_id_random"] == stranger


def test_asking_again_replaces_the_reset_token(alpha, call, query):
    member = alpha.member()
    first = reset(call, alpha.id, member)
    second = reset(call, alpha.id, member)
    assert query("SELECT COUNT(*) AS n FROM user_password_reset r JOIN user u ON u.id = r.user_id"
                 " WHERE u.id_random = %s", member) == [{"n": 1}]
    assert refused(call, "user_password_reset_use", first["token"], "scrypt$new") == RESET_REFUSED
    assert call("user_password_reset_use", second["token"], "scrypt$new")[0]["user_id_random"] == member


def test_a_reset_sets_the_password_once_and_moves_the_token_version_on(alpha, call, query, unchanged):
    member = alpha.member()
    token = reset(call, alpha.id, member)["token"]
    done = call("user_password_reset_use", token, "scrypt$new")[0]
    assert done == {"user_id_random": member, "token_version": 1}
    assert user_row(query, member)["password_hash"] == "scrypt$new"
    with unchanged():
        assert refused(call, "user_password_reset_use", token, "scrypt$newer") == RESET_REFUSED


def test_a_refused_reset_leaves_the_token_usable(alpha, call, query, unchanged):
    member = alpha.member()
    token = reset(call, alpha.id, member)["token"]
    expired = reset(call, alpha.id, alpha.member())
    expire(query, "user_password_reset", "token_hash", query("SELECT SHA2(%s, 256) AS h", expired["token"])[0]["h"])
    with unchanged():
        assert refused(call, "user_password_reset_use", token, None) == (31422, "password: is required")
        assert refused(call, "user_password_reset_use", token, "h" * 256)[0] == 1406
        assert refused(call, "user_password_reset_use", expired["token"], "scrypt$new") == RESET_REFUSED
        assert refused(call, "user_password_reset_use", "B" * 43, "scrypt$new") == RESET_REFUSED
    assert call("user_password_reset_use", token, "scrypt$new")[0]["user_id_random"] == member


def test_two_concurrent_resets_with_one_token_set_one_password(alpha, call, query, db_url):
    member = alpha.member()
    token = reset(call, alpha.id, member)["token"]
    first, second = two_connections(db_url)
    with first, second:
        with first.cursor() as cursor:
            cursor.execute("START TRANSACTION")
            cursor.execute("CALL user_password_reset_use(%s, 'scrypt$first')", (token,))
        thread, outcome = run_in_thread(call_on, second, "user_password_reset_use", token, "scrypt$second")
        wait_for_lock_wait(query, second)
        first.commit()
        thread.join()
    assert (outcome["error"].args[0], outcome["error"].args[1]) == RESET_REFUSED
    assert (user_row(query, member)["password_hash"], user_row(query, member)["token_version"]) == ("scrypt$first", 1)


def test_a_password_change_needs_the_current_hash_and_moves_the_version_on(alpha, call, query, unchanged):
    member = alpha.member()
    with unchanged():
        assert refused(call, "user_password_change", member, "scrypt$wrong", "scrypt$new") == (
            31409, "current_password: the password changed meanwhile; try again")
        assert refused(call, "user_password_change", member, HASH, None) == (31422, "new_password: is required")
        assert refused(call, "user_password_change", member, HASH, "h" * 256)[0] == 1406
        assert refused(call, "user_password_change", "nosuchuser1", HASH, "scrypt$new")[0] == 31404
        assert refused(call, "user_password_change", member, HASH + "é", "scrypt$new")[0] == 31409
    assert call("user_password_change", member, HASH, "scrypt$new")[0] == {"user_id_random": member,
                                                                           "token_version": 1}



def test_a_rehash_replaces_only_the_hash_that_was_verified_and_keeps_login_tokens(alpha, call, query, unchanged):
    member = alpha.member()
    new = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$bmV3"
    with unchanged():
        for user, verified in ((member, "scrypt$stale"), (member, HASH + "é"), (member, None),
                               (member.swapcase(), HASH), ("nosuchuser1", HASH)):
            assert call("user_password_rehash", user, verified, new) == [{"replaced": 0}], (user, verified)
        assert refused(call, "user_password_rehash", member, HASH, None) == (31422, "password: a new hash is required")
        assert refused(call, "user_password_rehash", member, HASH, "h" * 256)[0] == 1406
    assert call("user_password_rehash", member, HASH, new) == [{"replaced": 1}]
    assert call("user_password_rehash", member, HASH, new + "2") == [{"replaced": 0}]
    row = user_row(query, member)
    assert (row["password_hash"], row["token_version"]) == (new, 0)

# --- invitations ---------------------------------------------------------------------------

def test_an_invitation_makes_no_user_and_answers_its_token_once(alpha, query):
    address = email()
    invitation = alpha.invite({"email": f"  {address.upper()} ", "role": "write", "name": "Ada"})
    assert (invitation["email"], invitation["role"], invitation["name"]) == (address, "write", "Ada")
    assert invitation["account_id_random"] == alpha.account and len(invitation["token"]) == 43
    assert query("SELECT COUNT(*) AS n FROM user WHERE email = %s", address)[0]["n"] == 0
    stored = query("SELECT token_hash FROM user_invitation WHERE id_random = %s", invitation["id_random"])[0]
    assert stored["token_hash"] == query("SELECT SHA2(%s, 256) AS h", invitation["token"])[0]["h"]
    assert invitation["token"] not in json.dumps(query("SELECT * FROM v_user_invitation"), default=str)
    assert query("SELECT expires_on - INTERVAL 7 DAY = created_on AS week FROM user_invitation WHERE id_random = %s",
                 invitation["id_random"])[0]["week"] == 1


def test_inviting_a_pending_email_again_reissues_the_invitation(alpha, call, query):
    address = email()
    first = alpha.invite({"email": address, "role": "read", "name": "Ada"})
    again = alpha.invite({"email": address.upper(), "role": "admin"})
    assert again["id_random"] == first["id_random"] and again["token"] != first["token"]
    assert (again["role"], again["name"]) == ("admin", None)
    assert again["expires_on"] >= first["expires_on"]
    assert query("SELECT COUNT(*) AS n FROM user_invitation WHERE email = %s", address)[0]["n"] == 1
    assert refused(accept, call, first["token"]) == TOKEN_REFUSED
    assert accept(call, again["token"])["role"] == "admin"


def test_the_same_email_may_be_invited_by_two_accounts(alpha, beta):
    address = email()
    assert alpha.invite({"email": address})["account_id_random"] == alpha.account
    assert beta.invite({"email": address})["account_id_random"] == beta.account


INVITE_REFUSALS = [
    ({"email": "not-an-address"}, (31422, "email: must be an email address")),
    ({"role": "read"}, (31422, "email: must be an email address")),
    ({"email": "a b@c.test"}, (31422, "email: must be an email address")),
    ({"email": "x" * 250 + "@c.test"}, (31422, "email: must be at most 254 characters")),
    ({"email": {"a": 1}}, (31422, "email: must be a single value, not an object")),
    ({"email": "new@c.test", "role": "owner"}, (31422, "role: must be one of read, write, admin")),
    ({"email": "new@c.test", "role": "READ"}, (31422, "role: must be one of read, write, admin")),
    ({"email": "new@c.test", "name": "n" * 201}, (31422, "name: must be at most 200 characters")),
    ({"email": "new@c.test", "password": "x"}, (31422, "password: unknown field for user_invitation")),
    ({"email": "new@c.test", "token": "x"}, (31422, "token: unknown field for user_invitation")),
    ({"email": "new@c.test", "id": 1}, (31422, "id: integer ids are never accepted; objects are named by id_random "
                                            "in the URL")),
    ([1, 2], (31422, "body: must be a JSON object")),
]


@pytest.mark.parametrize("body,error", INVITE_REFUSALS, ids=[str(case[1][1])[:30] for case in INVITE_REFUSALS])
def test_a_refused_invitation_leaves_nothing(alpha, unchanged, body, error):
    with unchanged():
        assert refused(alpha.invite, body) == error


def test_a_refused_reissue_leaves_the_pending_invitation_as_it_was(alpha, call, unchanged):
    address = email()
    pending = alpha.invite({"email": address, "role": "write"})
    with unchanged():
        assert refused(alpha.invite, {"email": address, "role": "owner"})[0] == 31422
    assert accept(call, pending["token"])["role"] == "write"


def test_inviting_a_member_is_a_409_naming_them_and_leaves_nothing(alpha, unchanged):
    address = email()
    member = alpha.member(address=address)
    with unchanged():
        assert refused(alpha.invite, {"email": address.upper()}) == (31409, f"email: already exists as {member}")


def test_an_invitation_with_a_parent_or_for_an_unknown_account_leaves_nothing(alpha, call, unchanged):
    with unchanged():
        errno, message = refused(call, "user_invitation_insert", "user_invitation", alpha.id, "aaaaaaaaaaa",
                                 json.dumps({"email": email()}))
        assert (errno, message) == (31404, "type: this type has no parent")
        assert refused(call, "user_invitation_insert", "user_invitation", 2 ** 31, None,
                       json.dumps({"email": email()}))[0] == 1452


# --- accepting -----------------------------------------------------------------------------

def test_a_new_person_accepts_with_a_password_and_becomes_a_member(alpha, call, query):
    address = email()
    invitation = alpha.invite({"email": address, "role": "write", "name": "Suggested"})
    joined = accept(call, invitation["token"])
    assert (joined["account_id_random"], joined["role"], joined["token_version"]) == (alpha.account, "write", 0)
    user = user_row(query, joined["user_id_random"])
    assert (user["email"], user["name"], user["password_hash"]) == (address, "Suggested", HASH)
    assert alpha.members()[joined["user_id_random"]]["role"] == "write"
    assert query("SELECT COUNT(*) AS n FROM user_invitation WHERE id_random = %s", invitation["id_random"]) == [
        {"n": 0}]


def test_a_new_person_may_choose_their_own_name(alpha, call, query):
    invitation = alpha.invite({"email": email(), "name": "Chosen by the inviter"})
    joined = accept(call, invitation["token"], name=" Chosen by me ")
    assert user_row(query, joined["user_id_random"])["name"] == "Chosen by me"


def test_an_existing_person_accepts_logged_in_as_the_invited_email(alpha, beta, call, query):
    address = email()
    person = beta.member(address=address)
    before = user_row(query, person)
    invitation = alpha.invite({"email": address.upper(), "role": "admin", "name": "Squatted name"})
    joined = accept(call, invitation["token"], person, None)
    assert (joined["user_id_random"], joined["role"]) == (person, "admin")
    assert user_row(query, person) == before  # name, password, email are theirs
    assert set(alpha.members()) == {person} and person in beta.members()


def test_the_invited_email_matches_under_the_columns_collation(alpha, beta, call):
    person = beta.member(address="jose-" + secrets.token_hex(3) + "@people.test")
    stored = beta.members()[person]["email"]
    invitation = alpha.invite({"email": stored.replace("jose", "JOSÉ")})
    assert accept(call, invitation["token"], person, None)["user_id_random"] == person


def test_a_used_expired_revoked_or_unknown_token_is_one_refusal_that_leaves_nothing(alpha, call, query, unchanged):
    used = alpha.invite({"email": email()})
    accept(call, used["token"])
    expired = alpha.invite({"email": email()})
    expire(query, "user_invitation", "id_random", expired["id_random"])
    revoked = alpha.invite({"email": email()})
    call("crud_delete", "user_invitation", alpha.id, None, revoked["id_random"])
    valid = alpha.invite({"email": email()})["token"]
    for token in (used["token"], expired["token"], revoked["token"], "A" * 43, valid[:-1], valid + "A",
                  valid[:-1] + "é", valid + "\n", "", None):
        with unchanged():
            assert refused(accept, call, token) == TOKEN_REFUSED, token


def test_an_existing_email_without_credentials_is_refused_and_the_invitation_stays(alpha, beta, call, unchanged):
    address = email()
    person = beta.member(address=address)
    invitation = alpha.invite({"email": address})
    with unchanged():
        errno, message = refused(accept, call, invitation["token"])
        assert errno == 31401 and "log in" in message
    assert accept(call, invitation["token"], person, None)["user_id_random"] == person


def test_another_person_cannot_accept_and_the_invitation_stays(alpha, beta, call, query, unchanged):
    invitation = alpha.invite({"email": email()})
    stranger = beta.member()
    disabled = beta.member()
    query("UPDATE user SET enable = 0 WHERE id_random = %s", disabled)
    with unchanged():
        assert refused(accept, call, invitation["token"], stranger, None)[0] == 31403
        assert refused(accept, call, invitation["token"], disabled, None) == (31404, "user: no user with this id")
        assert refused(accept, call, invitation["token"], "nosuchuser1", None)[0] == 31404
        assert refused(accept, call, invitation["token"], stranger.upper(), None)[0] in (31403, 31404)
    assert accept(call, invitation["token"])["account_id_random"] == alpha.account


def test_a_new_person_without_a_password_or_with_a_long_name_is_refused_and_nothing_stays(alpha, call, unchanged):
    invitation = alpha.invite({"email": email()})
    with unchanged():
        assert refused(accept, call, invitation["token"], None, None) == (
            31422, "password: is required to accept as a new person")
        assert refused(accept, call, invitation["token"], None, "") == (
            31422, "password: is required to accept as a new person")
        assert refused(accept, call, invitation["token"], None, HASH, "n" * 201) == (
            31422, "name: must be at most 200 characters")
        assert refused(accept, call, invitation["token"], None, "h" * 256)[0] == 1406
    assert accept(call, invitation["token"])["role"] == "read"


def test_accepting_when_already_a_member_is_a_409_and_leaves_nothing(alpha, call, unchanged):
    address = email()
    invitation = alpha.invite({"email": address})
    person = alpha.member(address=address)
    with unchanged():
        assert refused(accept, call, invitation["token"], person, None) == (
            31409, "token: you are a member of this account already")


def test_two_concurrent_accepts_of_one_invitation_make_one_membership(alpha, query, db_url):
    address = email()
    invitation = alpha.invite({"email": address})
    first, second = two_connections(db_url)
    with first, second:
        with first.cursor() as cursor:
            cursor.execute("START TRANSACTION")
            cursor.execute("CALL user_invitation_accept(%s, NULL, %s, NULL)", (invitation["token"], HASH))
            winner = cursor.fetchall()[0]
        thread, outcome = run_in_thread(call_on, second, "user_invitation_accept", invitation["token"], None,
                                        HASH, None)
        wait_for_lock_wait(query, second)
        first.commit()
        thread.join()
    assert isinstance(outcome.get("error"), pymysql.err.MySQLError), outcome
    assert (outcome["error"].args[0], outcome["error"].args[1]) == TOKEN_REFUSED
    assert query("SELECT COUNT(*) AS n FROM user WHERE email = %s", address) == [{"n": 1}]
    assert list(alpha.members()) == [winner["user_id_random"]]


# --- two tenants on one connection ----------------------------------------------------------

def test_two_tenants_interleaved_on_one_connection_never_see_each_others_data(alpha, beta, call):
    a_member, b_member = alpha.member(address=email()), beta.member(address=email())
    answers = {"alpha": [], "beta": []}
    for _ in range(3):
        answers["alpha"].append(alpha.invite({"email": email(), "name": "For alpha"}))
        refused(beta.invite, {"email": "bad"})
        answers["beta"].append(beta.invite({"email": email(), "name": "For beta"}))
        answers["alpha"].append(alpha.update(a_member, {"role": "write"}))
        refused(beta.update, a_member, {"role": "admin"})
        answers["beta"].append(beta.update(b_member, {"role": "write"}))
        answers["alpha"].append(reset(call, alpha.id, a_member))
        refused(reset, call, beta.id, a_member)
        answers["beta"].append(reset(call, beta.id, b_member))
    tokens = {"alpha": set(), "beta": set()}
    for tenant, own, other, other_member in (("alpha", alpha, beta, b_member), ("beta", beta, alpha, a_member)):
        for row in answers[tenant]:
            text = json.dumps(row, default=str)
            assert other.account not in text and other_member not in text, row
            assert row.get("account_id_random", own.account) == own.account
            tokens[tenant].add(row.get("token"))
    assert not (tokens["alpha"] - {None}) & (tokens["beta"] - {None})
    joined = accept(call, answers["beta"][0]["token"])
    assert joined["account_id_random"] == beta.account and joined["user_id_random"] not in alpha.members()
