"""`aether seed-demo`: a small, fixed data set for development. Running it again changes nothing.

The demo keys and password are public (they are in README): seed-demo refuses to run in production.
"""

import pymysql

from api import accounts, tokens

PASSWORD = "demo-password"
ACCOUNTS = {"demo-conference": "Demo Conference", "demo-community": "Demo Community"}
USERS = {
    "admin@demo.test": ("Demo Admin", {"demo-conference": "admin", "demo-community": "admin"}),
    "editor@demo.test": ("Demo Editor", {"demo-conference": "write"}),
    "viewer@demo.test": ("Demo Viewer", {"demo-conference": "read", "demo-community": "read"}),
}
KEYS = {
    "ae_demo_conference_admin_key_00000000000": ("demo-conference", "admin"),
    "ae_demo_conference_read_key_000000000000": ("demo-conference", "read"),
    "ae_demo_community_admin_key_000000000000": ("demo-community", "admin"),
}


async def seed(db, say=print):
    ids = {code: await _account(db, code, name) for code, name in ACCOUNTS.items()}
    for email, (name, roles) in USERS.items():
        user = await _user(db, email, name)
        for code, role in roles.items():
            await accounts.add_member(db, ids[code], user, role)
    for key, (code, role) in KEYS.items():
        await _key(db, key, ids[code], role)
    for code, id_random in ids.items():
        say(f"account {ACCOUNTS[code]}: {id_random}")
    say(f"users: {', '.join(USERS)} (password: {PASSWORD})")
    for key, (code, role) in KEYS.items():
        say(f"api key ({code}, {role}): {key}")
    return ids


async def _account(db, code, name):
    row = await db.fetch_one("SELECT id_random FROM v_account WHERE code = %(c)s", {"c": code})
    return row["id_random"] if row else await accounts.create_account(db, name, code)


async def _user(db, email, name):
    row = await db.fetch_one("SELECT user_id_random FROM v_auth_login WHERE email = %(e)s", {"e": email})
    return row["user_id_random"] if row else await accounts.create_user(db, email, PASSWORD, name)


async def _key(db, key, account_id_random, role):
    known = await db.fetch_one("SELECT id_random FROM v_auth_api_key WHERE key_hash = %(h)s",
                               {"h": tokens.hash_api_key(key)})
    if known:
        return
    try:
        await db.fetch_one(
            "CALL api_key_create(%(account)s, %(role)s, 'demo', %(hash)s, %(prefix)s)",
            {"account": account_id_random, "role": role, "hash": tokens.hash_api_key(key),
             "prefix": tokens.key_prefix(key)},
        )
    except pymysql.err.IntegrityError:
        pass  # revoked by someone: leave it revoked

