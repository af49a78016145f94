"""A valid body for every CRUD type, and a builder that creates an object with whatever it
needs first (its parent, its required references). The same builder drives the SQL tests
(procedures called directly) and the HTTP tests, through a `create(type, parent, body)` callable."""

import secrets

# Parent/child pairs served under nested URLs.
PAIRS = [
    ("journal", "journal_entry"),
    ("site", "site_domain"),
    ("spirit", "spirit_event"),
    *[("event", child) for child in (
        "event_session", "event_person", "event_registration", "event_presenter", "event_presentation",
        "event_location", "event_track", "event_device", "event_abstract", "event_badge", "event_badge_template",
    )],
]
PARENT = {child: parent for parent, child in PAIRS}

# Sibling references: (type, field, referenced type), both children of the same parent.
SIBLINGS = [
    ("event_session", "event_track_id_random", "event_track"),
    ("event_session", "event_location_id_random", "event_location"),
    ("event_presentation", "event_session_id_random", "event_session"),
    ("event_presenter", "event_person_id_random", "event_person"),
    ("event_presenter", "event_presentation_id_random", "event_presentation"),
    ("event_registration", "event_person_id_random", "event_person"),
    ("event_badge", "event_registration_id_random", "event_registration"),
    ("event_badge", "event_badge_template_id_random", "event_badge_template"),
    ("event_device", "event_location_id_random", "event_location"),
]
# References to objects that are not siblings: (type, field, referenced type).
REFERENCES = [
    ("person", "user_id_random", "user"),
    ("page", "site_id_random", "site"),
    ("post", "site_id_random", "site"),
    ("post", "person_id_random", "person"),
    ("journal_entry", "person_id_random", "person"),
    ("event", "site_id_random", "site"),
    ("event_person", "person_id_random", "person"),
]
# References a body must carry.
REQUIRED = {
    "event_presenter": {"event_person_id_random": "event_person"},
    "event_registration": {"event_person_id_random": "event_person"},
    "event_badge": {"event_registration_id_random": "event_registration"},
    "contact": {"for_id_random": "person"},
    "address": {"for_id_random": "person"},
    "data_store": {"for_id_random": "person"},
}
# Types every tenant reaches through /v3/crud/{type}/ with the generic procedures.
TENANT_TYPES = [
    "site", "site_domain", "person", "contact", "address", "data_store", "page", "post", "journal",
    "journal_entry", "event", "event_track", "event_location", "event_person", "event_session",
    "event_presentation", "event_presenter", "event_registration", "event_device", "event_abstract",
    "event_badge_template", "event_badge", "spirit", "spirit_event",
]
# Types whose objects only the upload action creates (POST /v3/action/event/{id}/upload).
UPLOAD_PAIRS = [("event", "event_file")]
FILE_TYPES = ["hosted_file", "event_file"]
ALL_TYPES = ["account", "user", "user_invitation", *TENANT_TYPES, *FILE_TYPES]
# A field every type's body may change, and a valid new value for it.
RENAME = {kind: ("name", "Renamed") for kind in TENANT_TYPES}
RENAME.update({
    "site_domain": ("description", "Renamed"), "contact": ("label", "Renamed"), "address": ("label", "Renamed"),
    "event_presenter": ("role", "moderator"), "event_registration": ("status", "confirmed"),
    "spirit_event": ("meta_summary", "Renamed"),
})
SOFT_DELETE = {"spirit", "spirit_event"}


def token():
    return secrets.token_hex(4)


def body(kind):
    t = token()
    return {
        "site": lambda: {"name": f"Site {t}", "code": f"site-{t}", "cfg_json": {"theme": "dark"}},
        "site_domain": lambda: {"domain": f"{t}.example.test", "access_key": f"key-{t}"},
        "person": lambda: {"given_name": "Ada", "family_name": "Lovelace", "name": f"Ada {t}",
                           "email": f"ada-{t}@example.test"},
        "contact": lambda: {"for_type": "person", "kind": "email", "value": f"c-{t}@example.test"},
        "address": lambda: {"for_type": "person", "city": "Lyon", "country_code": "FR"},
        "data_store": lambda: {"for_type": "person", "code": f"prefs-{t}", "data_json": {"seat": "aisle"}},
        "page": lambda: {"name": f"About {t}", "code": f"about-{t}", "content": "<p>Hi</p>"},
        "post": lambda: {"name": f"News {t}", "code": f"news-{t}", "publish_on": "2026-05-01T08:00:00Z"},
        "journal": lambda: {"name": f"Journal {t}", "code": f"j-{t}"},
        "journal_entry": lambda: {"name": f"Entry {t}", "content": "Dear diary", "entry_on": "2026-05-01T10:00:00Z"},
        "event": lambda: {"name": f"Conf {t}", "code": f"conf-{t}", "start_on": "2026-05-01T09:00:00+02:00",
                          "end_on": "2026-05-03T17:00:00+02:00", "time_zone": "Europe/Paris"},
        "event_track": lambda: {"name": f"Track {t}", "code": f"tr-{t}"},
        "event_location": lambda: {"name": f"Room {t}", "code": f"room-{t}", "capacity": 120},
        "event_person": lambda: {"name": f"Grace {t}", "email": f"grace-{t}@example.test", "kind": "speaker"},
        "event_session": lambda: {"name": f"Session {t}", "code": f"s-{t}", "start_on": "2026-05-01T09:00:00Z",
                                  "end_on": "2026-05-01T10:00:00Z"},
        "event_presentation": lambda: {"name": f"Talk {t}", "code": f"p-{t}"},
        "event_presenter": lambda: {"role": "speaker"},
        "event_registration": lambda: {"code": f"R-{t}", "status": "pending"},
        "event_device": lambda: {"name": f"Kiosk {t}", "code": f"k-{t}", "kind": "kiosk"},
        "event_abstract": lambda: {"name": f"Abstract {t}", "code": f"a-{t}", "content": "We show..."},
        "event_badge_template": lambda: {"name": f"Badge {t}", "code": f"b-{t}", "layout_json": {"rows": 2}},
        "event_badge": lambda: {"name": f"Grace {t}"},
        "spirit": lambda: {"name": f"Spirit {t}", "code": f"sp-{t}", "meta_json": {"model": "small"}},
        "spirit_event": lambda: {"event_type": "message", "content": f"Hello {t}", "session_id": f"chat-{t}",
                                 "importance_score": 0.5},
    }[kind]()


class Builder:
    """make(type) creates one object and everything it needs; `create(type, parent, body)` does
    the actual write and answers the created object (with its id_random)."""

    def __init__(self, create):
        self.create = create

    def make(self, kind, parent=None, **fields):
        if kind in PARENT and parent is None:
            parent = self.make(PARENT[kind])["id_random"]
        data = body(kind)
        for field, referenced in REQUIRED.get(kind, {}).items():
            if field not in fields:
                data[field] = self.make(referenced, parent if referenced in PARENT else None)["id_random"]
        data.update(fields)
        return self.create(kind, parent, data)
