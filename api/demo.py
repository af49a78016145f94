"""`aether seed-demo`: a small, fixed data set for development. Running it again changes nothing.

The demo keys and password are public (they are in README): seed-demo refuses to run in production.
"""

import pymysql

from api import accounts, tokens
from api.encoding import dumps

PASSWORD = "demo-password"
ACCOUNTS = {"demo-conference": "Demo Conference", "demo-community": "Demo Community"}
USERS = {
    "admin@demo.test": ("Demo Admin", {"demo-conference": "admin", "demo-community": "admin"}),
    "editor@demo.test": ("Demo Editor", {"demo-conference": "write"}),
    "viewer@demo.test": ("Demo Viewer", {"demo-conference": "read", "demo-community": "read"}),
}
# A pending invitation (no mail is sent by seed-demo; invite again through the API to get one).
INVITATION = ("demo-conference", {"email": "guest@demo.test", "role": "write", "name": "Demo Guest"})
KEYS = {
    "ae_demo_conference_admin_key_00000000000": ("demo-conference", "admin"),
    "ae_demo_conference_read_key_000000000000": ("demo-conference", "read"),
    "ae_demo_community_admin_key_000000000000": ("demo-community", "admin"),
}


# The keynote's slides: a one-page PDF, uploaded to the talk as event_upload would.
SLIDES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
          b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
          b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
          b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>endobj\n"
          b"4 0 obj<</Length 53>>stream\nBT /F1 36 Tf 72 700 Td (Compilers for everyone) Tj ET\nendstream endobj\n"
          b"trailer<</Root 1 0 R>>\n%%EOF\n")
UPLOAD_SQL = ("CALL event_file_upload(%(account)s, %(event)s, %(session)s, %(talk)s, %(presenter)s, 'slides',"
              " 'Keynote slides', %(hash)s, %(size)s, 'application/pdf', 'compilers-for-everyone.pdf')")


async def seed(db, files, say=print):
    ids = {code: await _account(db, code, name) for code, name in ACCOUNTS.items()}
    for email, (name, roles) in USERS.items():
        user = await _user(db, email, name)
        for code, role in roles.items():
            await accounts.add_member(db, ids[code], user, role)
    for key, (code, role) in KEYS.items():
        await _key(db, key, ids[code], role)
    await _content(db, files, ids["demo-conference"], say)
    await _invitation(db, ids[INVITATION[0]], INVITATION[1], say)
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


async def _invitation(db, account_id_random, body, say):
    account = await db.fetch_val("SELECT id FROM account WHERE id_random = %(a)s", {"a": account_id_random})
    known = await db.fetch_val(
        "SELECT (SELECT COUNT(*) FROM v_user_invitation WHERE account_id = %(a)s AND email = %(e)s)"
        " + (SELECT COUNT(*) FROM v_user WHERE account_id = %(a)s AND email = %(e)s)",
        {"a": account, "e": body["email"]})
    if not known:  # neither pending nor a member (an accepted invitation is not made again)
        await db.fetch_one("CALL user_invitation_insert('user_invitation', %(a)s, NULL, %(b)s)",
                           {"a": account, "b": dumps(body).decode()})
    say(f"invitation (pending, {body['role']}): {body['email']}")


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



# Demo objects of every CRUD type, created once: (name, type, parent name, body). "@name" in a
# body or as parent stands for the id_random of an object made earlier in this list.
CONTENT = [
    ("site", "site", None, {"name": "Aether Summit site", "code": "summit", "logo_path": "/img/summit.svg",
                            "cfg_json": {"theme": "light", "languages": ["en", "fr"]}}),
    ("domain", "site_domain", "@site", {"domain": "summit.demo.test", "access_key": "demo-access", "is_primary": 1}),
    ("ada", "person", None, {"given_name": "Ada", "family_name": "Lovelace", "name": "Ada Lovelace",
                             "email": "ada@demo.test", "organization": "Analytical Engines"}),
    ("grace", "person", None, {"given_name": "Grace", "family_name": "Hopper", "name": "Grace Hopper",
                               "email": "grace@demo.test", "organization": "Compilers Inc."}),
    ("ada-email", "contact", None, {"for_type": "person", "for_id_random": "@ada", "kind": "email",
                                    "value": "ada@demo.test", "is_primary": 1}),
    ("ada-address", "address", None, {"for_type": "person", "for_id_random": "@ada", "line_1": "12 Rue de la Paix",
                                      "city": "Paris", "postal_code": "75002", "country_code": "FR"}),
    ("ada-prefs", "data_store", None, {"for_type": "person", "for_id_random": "@ada", "code": "preferences",
                                       "data_json": {"newsletter": True, "diet": "vegetarian"}}),
    ("about", "page", None, {"site_id_random": "@site", "name": "About the Summit", "code": "about",
                             "content": "<p>Three days of talks on event software.</p>"}),
    ("news", "post", None, {"site_id_random": "@site", "person_id_random": "@ada", "name": "Programme online",
                            "code": "programme-online", "topic": "announcements",
                            "publish_on": "2026-03-01T09:00:00Z", "content": "The programme is online."}),
    ("journal", "journal", None, {"name": "Organiser log", "code": "organiser-log"}),
    ("entry", "journal_entry", "@journal", {"name": "Venue booked", "content": "Signed with the venue.",
                                            "entry_on": "2026-01-15T10:00:00Z", "person_id_random": "@grace"}),
    ("event", "event", None, {"name": "Aether Summit 2026", "code": "summit-2026", "site_id_random": "@site",
                              "start_on": "2026-05-12T09:00:00+02:00", "end_on": "2026-05-14T18:00:00+02:00",
                              "time_zone": "Europe/Paris", "venue_name": "Palais des Congres"}),
    ("track", "event_track", "@event", {"name": "Platform", "code": "platform", "color": "#3355ff"}),
    ("room", "event_location", "@event", {"name": "Amphitheatre A", "code": "amphi-a", "capacity": 400}),
    ("speaker", "event_person", "@event", {"person_id_random": "@grace", "name": "Grace Hopper",
                                           "email": "grace@demo.test", "kind": "speaker"}),
    ("attendee", "event_person", "@event", {"person_id_random": "@ada", "name": "Ada Lovelace",
                                            "email": "ada@demo.test", "kind": "attendee"}),
    ("keynote", "event_session", "@event", {"name": "Opening keynote", "code": "keynote",
                                            "event_track_id_random": "@track", "event_location_id_random": "@room",
                                            "start_on": "2026-05-12T09:30:00+02:00",
                                            "end_on": "2026-05-12T10:30:00+02:00"}),
    ("talk", "event_presentation", "@event", {"name": "Compilers for everyone", "code": "compilers",
                                              "event_session_id_random": "@keynote"}),
    ("presenter", "event_presenter", "@event", {"event_person_id_random": "@speaker",
                                                "event_presentation_id_random": "@talk", "role": "speaker"}),
    ("registration", "event_registration", "@event", {"event_person_id_random": "@attendee", "code": "SUMMIT-0001",
                                                      "status": "confirmed",
                                                      "registered_on": "2026-02-01T12:00:00Z"}),
    ("kiosk", "event_device", "@event", {"name": "Check-in kiosk 1", "code": "kiosk-1", "kind": "kiosk",
                                         "event_location_id_random": "@room"}),
    ("abstract", "event_abstract", "@event", {"name": "Compilers for everyone", "code": "abs-001",
                                              "event_person_id_random": "@speaker", "status": "accepted"}),
    ("template", "event_badge_template", "@event", {"name": "Attendee badge", "code": "attendee",
                                                    "width_mm": 86, "height_mm": 54,
                                                    "layout_json": {"fields": ["name", "organization"]}}),
    ("badge", "event_badge", "@event", {"event_registration_id_random": "@registration",
                                        "event_badge_template_id_random": "@template", "name": "Ada Lovelace"}),
    ("spirit", "spirit", None, {"name": "Concierge", "code": "concierge", "meta_json": {"model": "small"}}),
    ("memory", "spirit_event", "@spirit", {"event_type": "message", "content": "Where is Amphitheatre A?",
                                           "session_id": "kiosk-1-2026-05-12", "source_uri": "kiosk://1/msg/1",
                                           "occurred_on": "2026-05-12T08:55:00Z", "importance_score": 0.2}),
]


async def _content(db, files, account_id_random, say):
    account = await db.fetch_val("SELECT id FROM account WHERE id_random = %(a)s", {"a": account_id_random})
    event = await db.fetch_val("SELECT id_random FROM event WHERE account_id = %(a)s AND code = 'summit-2026'",
                               {"a": account})
    if event is None:
        event = await _create_content(db, files, account)
    say(f"demo event (every CRUD type hangs off it): /v3/crud/event/{event}")


async def _create_content(db, files, account):
    made = {}
    for name, kind, parent, body in CONTENT:
        body = {key: made.get(value[1:], value) if _is_ref(value) else value for key, value in body.items()}
        row = await db.fetch_one(
            "CALL crud_insert(%(type)s, %(account)s, %(parent)s, %(body)s)",
            {"type": kind, "account": account, "parent": made[parent[1:]] if parent else None,
             "body": dumps(body).decode()},
        )
        made[name] = row["id_random"]
    digest = files.put(SLIDES)
    await db.fetch_one(UPLOAD_SQL, {"account": account, "event": made["event"], "session": made["keynote"],
                                    "talk": made["talk"], "presenter": made["presenter"], "hash": digest,
                                    "size": len(SLIDES)})
    return made["event"]


def _is_ref(value):
    return isinstance(value, str) and value.startswith("@")
