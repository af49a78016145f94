"""POST /v3/action/event/{id}/upload against a real server: what is kept, what is refused, and
that a refusal keeps nothing (no row, no blob, no temporary file)."""

import httpx
import pytest

from tests.api.conftest import assert_refused
from tests.api.uploads import (LIMIT, multipart_head, raw_upload, read_answer, rows, server, sha256, store,  # noqa: F401
                               unique_pdf, uploader)

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.fixture()
def alpha(server, client, services):
    return uploader(server, client, services, "Alpha")


@pytest.fixture()
def beta(server, client, services):
    return uploader(server, client, services, "Beta")


def test_upload_answers_201_with_both_objects_and_the_event_files_location(alpha, store):
    content = unique_pdf()
    response = alpha.upload(content, "Keynote.pdf", purpose="slides", name="Opening keynote")
    assert response.status_code == 201, response.text
    hosted, shown = response.json()["hosted_file"], response.json()["event_file"]
    assert {k: hosted[k] for k in ("hash_sha256", "size_bytes", "mime_type", "filename", "name", "purpose")} == {
        "hash_sha256": sha256(content), "size_bytes": len(content), "mime_type": "application/pdf",
        "filename": "Keynote.pdf", "name": "Opening keynote", "purpose": "slides"}
    assert (shown["hosted_file_id_random"], shown["event_id_random"], shown["hash_sha256"]) == \
        (hosted["id_random"], alpha.event, sha256(content))
    assert response.headers["location"] == f"/v3/crud/event/{alpha.event}/event_file/{shown['id_random']}"
    assert alpha.get(response.headers["location"]).json() == shown
    assert store.blob(sha256(content)).read_bytes() == content
    assert store.temps() == []


def test_upload_ties_the_file_to_a_session_presentation_and_presenter_of_the_event(alpha):
    base = f"/v3/crud/event/{alpha.event}"
    session = alpha.create(f"{base}/event_session/", {"name": "Morning"})
    talk = alpha.create(f"{base}/event_presentation/", {"name": "Talk", "event_session_id_random": session})
    person = alpha.create(f"{base}/event_person/", {"name": "Grace"})
    presenter = alpha.create(f"{base}/event_presenter/", {"event_person_id_random": person,
                                                          "event_presentation_id_random": talk})
    shown = alpha.upload(event_session_id_random=session, event_presentation_id_random=talk,
                         event_presenter_id_random=presenter).json()["event_file"]
    assert (shown["event_session_id_random"], shown["event_presentation_id_random"],
            shown["event_presenter_id_random"]) == (session, talk, presenter)
    listed = alpha.get(f"{base}/event_file/?event_session_id_random={session}").json()["data"]
    assert [row["id_random"] for row in listed] == [shown["id_random"]]


@pytest.mark.parametrize("content, filename, expected", [
    (PNG, "photo.txt", "image/png"),  # the content wins over the name
    (b"%PDF-1.7\n...", "report", "application/pdf"),
    (b"name,city\nAda,London\n", "people.csv", "text/csv"),  # text has no magic number: the name
    (b"\x00\x01\x02\x03 opaque", "blob", "application/octet-stream"),
])
def test_the_mime_type_comes_from_the_content_then_the_name(alpha, content, filename, expected):
    response = alpha.upload(content + sha256(filename.encode()).encode(), filename)
    assert response.json()["hosted_file"]["mime_type"] == expected


def test_the_same_content_is_stored_once_for_every_account_that_uploads_it(alpha, beta, store):
    content = unique_pdf()
    first = alpha.upload(content).json()["hosted_file"]
    second = beta.upload(content).json()["hosted_file"]
    assert first["id_random"] != second["id_random"] and first["hash_sha256"] == second["hash_sha256"]
    assert list(store.blob(first["hash_sha256"]).parent.iterdir()) == [store.blob(first["hash_sha256"])]


@pytest.mark.parametrize("sent, stored", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\boot.ini", "boot.ini"),
    ("..", "file"),
    ("/", "file"),
    ("  C:\\fakepath\\évènement.pdf ", "évènement.pdf"),
])
def test_a_path_in_a_filename_keeps_only_its_last_name_and_writes_nothing_outside_the_store(alpha, store, sent,
                                                                                           stored):
    content = unique_pdf()
    response = alpha.upload(content, sent)
    assert response.status_code == 201, response.text
    assert response.json()["hosted_file"]["filename"] == stored
    assert store.blob(sha256(content)).is_file()
    assert not (store.root.parent / "etc").exists() and not (store.root / "etc").exists()


def test_a_filename_with_a_path_is_refused_when_changed_through_crud(alpha):
    hosted = alpha.upload(unique_pdf()).json()["hosted_file"]
    response = httpx.patch(f"{alpha.url}/v3/crud/hosted_file/{hosted['id_random']}", headers=alpha.headers(),
                           json={"filename": "../secret"})
    assert assert_refused(response, 422)["field"] == "filename"


def test_another_accounts_event_is_not_found_and_nothing_is_kept(alpha, beta, store, sql):
    content = unique_pdf()
    problem = assert_refused(alpha.upload(content, event=beta.event), 404)
    assert problem["field"] == "event_id_random"
    assert not store.blob(sha256(content)).exists() and store.temps() == []
    assert rows(sql, "hosted_file", hash_sha256=sha256(content)) == []


@pytest.mark.parametrize("field", ["event_session_id_random", "event_presentation_id_random",
                                   "event_presenter_id_random"])
def test_a_reference_outside_the_event_is_refused_naming_the_field(alpha, beta, store, sql, field):
    kind = field.removesuffix("_id_random")
    other = alpha.create("/v3/crud/event/", {"name": "Other"})
    body = {"name": "X"} if kind != "event_presenter" else {
        "event_person_id_random": alpha.create(f"/v3/crud/event/{other}/event_person/", {"name": "P"})}
    theirs = alpha.create(f"/v3/crud/event/{other}/{kind}/", body)
    content = unique_pdf()
    assert assert_refused(alpha.upload(content, **{field: theirs}), 422)["field"] == field
    assert rows(sql, "hosted_file", hash_sha256=sha256(content)) == [] and not store.blob(sha256(content)).exists()


def test_a_bad_reference_sent_after_the_file_is_refused_and_the_file_not_kept(alpha, store, sql):
    content = unique_pdf()
    body = (multipart_head("B", filename="late.pdf") + content + b"\r\n--B\r\n"
            b'Content-Disposition: form-data; name="purpose"\r\n\r\nnonsense\r\n--B--\r\n')
    response = httpx.post(f"{alpha.url}/v3/action/event/{alpha.event}/upload", content=body,
                          headers={**alpha.headers(), "content-type": "multipart/form-data; boundary=B"})
    assert assert_refused(response, 422)["field"] == "purpose"
    assert not store.blob(sha256(content)).exists() and store.temps() == []


def test_a_bad_reference_sent_before_the_file_is_refused_before_the_file_arrives(alpha, server, store):
    """The server answers while most of the promised body is still unsent."""
    start = multipart_head("BOUNDARY", [("event_session_id_random", "AAAAAAAAAAA")]) + b"x" * 1000
    with raw_upload(server, alpha, declared=LIMIT - 1, body_start=start) as sock:
        status, body = read_answer(sock)
    assert status == 422 and b"event_session_id_random" in body
    assert store.temps() == []


def test_an_upload_to_an_unknown_event_is_refused_before_the_body_is_read(alpha, server):
    with raw_upload(server, alpha, declared=LIMIT - 1, body_start=b"--BOUNDARY\r\n", event="AAAAAAAAAAA") as sock:
        status, body = read_answer(sock)
    assert status == 404 and b"event_id_random" in body


def test_a_declared_size_over_the_limit_is_refused_with_413_before_the_body_is_read(alpha, server):
    with raw_upload(server, alpha, declared=LIMIT + 1, body_start=b"--BOUNDARY\r\n") as sock:
        status, body = read_answer(sock)
    assert status == 413 and b"AE_MAX_UPLOAD_BYTES" in body


def test_a_streamed_body_over_the_limit_is_refused_with_413_and_nothing_is_kept(alpha, store):
    def chunks():
        yield multipart_head("B")
        for _ in range(LIMIT // 65536 + 2):
            yield b"z" * 65536
        yield b"\r\n--B--\r\n"
    response = httpx.post(f"{alpha.url}/v3/action/event/{alpha.event}/upload", content=chunks(), timeout=30,
                          headers={**alpha.headers(), "content-type": "multipart/form-data; boundary=B"})
    assert assert_refused(response, 413)["limit"] == LIMIT
    store.wait_until(lambda: store.temps() == [], "the temporary file is removed")


def test_an_upload_without_a_file_is_refused_naming_the_field(alpha):
    response = httpx.post(f"{alpha.url}/v3/action/event/{alpha.event}/upload", headers=alpha.headers(),
                          files={"name": (None, "Just a name")})
    assert assert_refused(response, 422)["field"] == "file"


@pytest.mark.parametrize("headers, content, status, code", [
    ({"content-type": "application/json"}, b"{}", 415, "unsupported_media_type"),
    ({"content-type": "multipart/form-data; boundary=B"}, b"--B\r\nno headers end", 400, "invalid_multipart"),
    ({"content-type": "multipart/form-data; boundary=B"},
     b'--B\r\nContent-Disposition: form-data; name="colour"\r\n\r\nred\r\n--B--\r\n', 400, "unknown_field"),
    ({"content-type": "multipart/form-data; boundary=B"},
     b'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\n' + b"n" * 2000 + b"\r\n--B--\r\n", 400,
     "invalid_multipart"),
    ({"content-type": "multipart/form-data; boundary=B"},
     b'--B\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n1\r\n'
     b'--B\r\nContent-Disposition: form-data; name="file"; filename="b"\r\n\r\n2\r\n--B--\r\n', 400,
     "invalid_multipart"),
])
def test_a_malformed_upload_is_a_clear_problem_and_keeps_nothing(alpha, store, headers, content, status, code):
    response = httpx.post(f"{alpha.url}/v3/action/event/{alpha.event}/upload", content=content,
                          headers={**alpha.headers(), **headers})
    assert assert_refused(response, status)["code"] == code
    assert store.temps() == []


def test_a_read_key_cannot_upload(alpha):
    assert assert_refused(alpha.upload(role="read"), 403)["code"] == "role_required"


def test_files_are_not_created_through_crud_and_the_answer_points_at_the_upload(alpha):
    for path in ("/v3/crud/hosted_file/", f"/v3/crud/event/{alpha.event}/event_file/"):
        response = httpx.post(f"{alpha.url}{path}", headers=alpha.headers(), json={"filename": "x"})
        assert "/v3/action/event/{event_id_random}/upload" in assert_refused(response, 405)["detail"]


def test_hosted_files_are_searchable_patchable_and_isolated(alpha, beta):
    content = unique_pdf()
    hosted = alpha.upload(content, name="Find me").json()["hosted_file"]
    found = httpx.post(f"{alpha.url}/v3/crud/hosted_file/search", headers=alpha.headers("read"),
                       json={"where": {"field": "hash_sha256", "op": "eq", "value": sha256(content)}}).json()["data"]
    assert [row["id_random"] for row in found] == [hosted["id_random"]]
    changed = httpx.patch(f"{alpha.url}/v3/crud/hosted_file/{hosted['id_random']}", headers=alpha.headers(),
                          json={"name": "Renamed", "filename": "renamed.pdf"}).json()
    assert (changed["name"], changed["filename"], changed["hash_sha256"]) == ("Renamed", "renamed.pdf", sha256(content))
    assert assert_refused(beta.get(f"/v3/crud/hosted_file/{hosted['id_random']}"), 404)
    schema = alpha.get("/v3/crud/event_file/schema").json()
    assert schema["parent"] == {"type": "event", "field": "event_id_random"}
    assert schema["file_field"] == "hosted_file_id_random" and schema["operations"]["insert"] is False
