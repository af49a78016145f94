"""The file procedures called directly: event_file_upload (both rows or none), its check,
hosted_file_delete, file purposes, and what the tables refuse."""

import hashlib
import json
import secrets

import pytest

from tests.sql.conftest import SqlTenant, refused


def digest():
    return hashlib.sha256(secrets.token_bytes(16)).hexdigest()


def upload(tenant, event, *, session=None, presentation=None, presenter=None, purpose="slides", name="Deck",
           hash_sha256=None, filename="deck.pdf"):
    return tenant.call("event_file_upload", tenant.account, event, session, presentation, presenter, purpose, name,
                       hash_sha256 or digest(), 1234, "application/pdf", filename)


@pytest.fixture()
def beta(call, query):
    return SqlTenant(call, query, "SQL Beta")


@pytest.fixture()
def event(alpha):
    return alpha.make("event")["id_random"]


def test_upload_writes_a_hosted_file_and_an_event_file_tied_to_its_session_presentation_and_presenter(alpha, event):
    session = alpha.make("event_session", event)["id_random"]
    presentation = alpha.make("event_presentation", event, event_session_id_random=session)["id_random"]
    presenter = alpha.make("event_presenter", event, event_presentation_id_random=presentation)["id_random"]
    hash_sha256 = digest()
    [ids] = upload(alpha, event, session=session, presentation=presentation, presenter=presenter,
                   hash_sha256=hash_sha256)
    [hosted] = alpha.rows("hosted_file", id_random=ids["hosted_file_id_random"])
    [shown] = alpha.rows("event_file", id_random=ids["event_file_id_random"])
    assert (hosted["hash_sha256"], hosted["size_bytes"], hosted["filename"], hosted["purpose"]) == \
        (hash_sha256, 1234, "deck.pdf", "slides")
    assert (shown["event_id_random"], shown["hosted_file_id_random"], shown["hash_sha256"]) == \
        (event, hosted["id_random"], hash_sha256)
    assert (shown["event_session_id_random"], shown["event_presentation_id_random"],
            shown["event_presenter_id_random"]) == (session, presentation, presenter)


def test_upload_to_another_accounts_event_is_not_found(alpha, beta):
    theirs = beta.make("event")["id_random"]
    assert refused(upload, alpha, theirs) == (31404, "event_id_random: no event with this id in your account")


@pytest.mark.parametrize("field", ["event_session", "event_presentation", "event_presenter"])
def test_upload_refuses_a_reference_of_another_event_naming_the_field(alpha, event, field):
    other = alpha.make("event")["id_random"]
    theirs = alpha.make(field, other)["id_random"]
    refs = {"session": None, "presentation": None, "presenter": None}
    refs[field.removeprefix("event_")] = theirs
    errno, message = refused(upload, alpha, event, **refs)
    assert (errno, message) == (31422, f"{field}_id_random: no {field} with this id in this event in your account")
    assert alpha.rows("event_file", event_id_random=event) == []


def test_upload_refuses_an_unknown_purpose_and_keeps_nothing(alpha, event):
    hash_sha256 = digest()
    errno, message = refused(upload, alpha, event, purpose="nonsense", hash_sha256=hash_sha256)
    assert errno == 31422 and message.startswith("purpose: not a file purpose of this account")
    assert alpha.rows("hosted_file", hash_sha256=hash_sha256) == []


def test_a_failure_after_the_hosted_file_row_rolls_both_rows_back(alpha, event, sql, query):
    """A trigger made to fail the event_file insert: the hosted_file written before it goes too."""
    marker = f"explode-{secrets.token_hex(4)}"
    with sql.cursor() as cursor:
        cursor.execute(f"""CREATE TRIGGER test_event_file_fails BEFORE INSERT ON event_file FOR EACH ROW
            BEGIN IF NEW.name = '{marker}' THEN
            SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 31500, MESSAGE_TEXT = 'injected'; END IF; END""")
    try:
        hash_sha256 = digest()
        assert refused(upload, alpha, event, name=marker, hash_sha256=hash_sha256) == (31500, "injected")
    finally:
        with sql.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_event_file_fails")
    assert query("SELECT COUNT(*) AS n FROM hosted_file WHERE hash_sha256 = %s", hash_sha256) == [{"n": 0}]
    assert query("SELECT @@in_transaction AS open") == [{"open": 0}]


def test_upload_check_signals_what_the_upload_would_and_writes_nothing(alpha, event):
    assert alpha.call("event_file_upload_check", alpha.account, event, None, None, None, "slides") == []
    assert refused(alpha.call, "event_file_upload_check", alpha.account, "nonexistent", None, None, None, None) == \
        (31404, "event_id_random: no event with this id in your account")
    assert alpha.rows("event_file", event_id_random=event) == []


def test_purpose_follows_the_accounts_lookup_overrides(alpha, event, query, sql):
    with sql.cursor() as cursor:
        cursor.execute("INSERT INTO lu_file_purpose (account_id, `group`, name, enable) VALUES"
                       " (%s, 'slides', NULL, 0), (%s, 'sponsor_reel', 'Sponsor reel', 1)",
                       (alpha.account, alpha.account))
    assert refused(upload, alpha, event, purpose="slides")[0] == 31422
    [ids] = upload(alpha, event, purpose="sponsor_reel")
    assert alpha.rows("hosted_file", id_random=ids["hosted_file_id_random"])[0]["purpose"] == "sponsor_reel"


def test_a_purpose_changed_through_crud_is_checked_too(alpha, event):
    [ids] = upload(alpha, event)
    errno, message = refused(alpha.update, "hosted_file", ids["hosted_file_id_random"], {"purpose": "nonsense"})
    assert errno == 31422 and message.startswith("purpose:")
    assert alpha.update("hosted_file", ids["hosted_file_id_random"], {"purpose": "handout"})["purpose"] == "handout"


@pytest.mark.parametrize("filename", ["../etc/passwd", "a\\b", "..", " ", "tab\there"])
def test_a_filename_is_a_name_never_a_path(alpha, event, filename):
    assert refused(upload, alpha, event, filename=filename)[0] == 4025


def test_deleting_a_hosted_file_answers_its_hash_and_takes_its_event_files_and_artwork(alpha, event):
    hash_sha256 = digest()
    [ids] = upload(alpha, event, hash_sha256=hash_sha256)
    template = alpha.make("event_badge_template", event, hosted_file_id_random=ids["hosted_file_id_random"])
    assert template["hosted_file_id_random"] == ids["hosted_file_id_random"]
    assert alpha.delete("hosted_file", ids["hosted_file_id_random"]) == [{"hash_sha256": hash_sha256}]
    assert alpha.rows("event_file", id_random=ids["event_file_id_random"]) == []
    assert alpha.rows("event_badge_template", id_random=template["id_random"])[0]["hosted_file_id_random"] is None


def test_deleting_another_accounts_hosted_file_is_not_found(alpha, beta, event):
    [ids] = upload(alpha, event)
    assert refused(beta.delete, "hosted_file", ids["hosted_file_id_random"])[0] == 31404
    assert len(alpha.rows("hosted_file", id_random=ids["hosted_file_id_random"])) == 1


def test_deleting_an_event_file_keeps_the_accounts_hosted_file(alpha, event):
    [ids] = upload(alpha, event)
    alpha.delete("event_file", ids["event_file_id_random"], event)
    assert len(alpha.rows("hosted_file", id_random=ids["hosted_file_id_random"])) == 1


def test_a_badge_template_refers_only_to_a_hosted_file_of_its_account(alpha, beta, event):
    theirs_event = beta.make("event")["id_random"]
    [theirs] = upload(beta, theirs_event)
    errno, message = refused(alpha.make, "event_badge_template", event,
                             hosted_file_id_random=theirs["hosted_file_id_random"])
    assert (errno, message.split(":")[0]) == (31422, "hosted_file_id_random")


def test_views_show_files_only_through_public_ids(query, alpha, event):
    upload(alpha, event)
    for view in ("v_hosted_file", "v_event_file"):
        row = query(f"SELECT * FROM {view} WHERE account_id = %s LIMIT 1", alpha.account)[0]
        internal = {k for k in row if k.endswith("_id") or k == "id"}
        assert internal <= {"id", "account_id", "event_id"}, internal
    assert json.loads(json.dumps(row, default=str))["hash_sha256"]
