"""Accounts, people and memberships for the command line, the demo and tests (the API adds
people only by invitation): the writes go through procedures."""

from api.auth import ROLES
from api.password_policy import check_new_password
from api.passwords import hash_password, in_hashing_thread
from api.problems import Problem


async def create_account(db, name, code=None):
    row = await db.fetch_one("CALL account_create(%(name)s, %(code)s)", {"name": name, "code": code})
    return row["id_random"]


async def create_user(db, email, password, name=None, platform_admin=False, account_id_random=None, role=None):
    """Creates a person and, with account_id_random, their membership: all or nothing. The
    password must keep api/password_policy.py's rules."""
    if account_id_random is not None:
        check_role_name(role)
    password_hash = await in_hashing_thread(hash_password, check_new_password(password))
    row = await db.fetch_one(
        "CALL user_create(%(email)s, %(name)s, %(hash)s, %(admin)s, %(account)s, %(role)s)",
        {"email": email, "name": name, "hash": password_hash, "admin": int(platform_admin),
         "account": account_id_random, "role": role},
    )
    return row["id_random"]


async def add_member(db, account_id_random, user_id_random, role):
    check_role_name(role)
    row = await db.fetch_one(
        "CALL account_user_set(%(account)s, %(user)s, %(role)s)",
        {"account": account_id_random, "user": user_id_random, "role": role},
    )
    return row["id_random"]


def check_role_name(role):
    if role not in ROLES:
        raise Problem(422, "invalid_field", f"role: must be one of {', '.join(ROLES)}", field="role")
