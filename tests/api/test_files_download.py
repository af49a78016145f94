"""Downloads by hash and by id against a real server: headers a cache and a kiosk rely on,
conditional and ranged requests, tenant isolation, and what deleting a file does to its blob."""

import httpx
import pytest

from tests.api.conftest import assert_refused
from tests.api.uploads import server, sha256, store, unique_pdf, uploader  # noqa: F401


@pytest.fixture()
def alpha(server, client, services):
    return uploader(server, client, services, "Alpha")


@pytest.fixture()
def beta(server, client, services):
    return uploader(server, client, services, "Beta")


@pytest.fixture()
def uploaded(alpha):
    content = unique_pdf(5000)
    answer = alpha.upload(content, "Programme 2026 – final.pdf").json()
    return content, answer["hosted_file"], answer["event_file"]


def test_a_download_by_hash_streams_the_file_with_cache_headers(alpha, uploaded):
    content, hosted, _ = uploaded
    response = alpha.get(f"/v3/action/file/sha256/{hosted['hash_sha256']}")
    assert response.status_code == 200 and response.content == content
    assert {k: response.headers[k] for k in ("etag", "cache-control", "x-content-type-options", "content-type",
                                              "content-length", "content-disposition", "accept-ranges")} == {
        "etag": f'"{sha256(content)}"',
        "cache-control": "private, max-age=31536000, immutable",
        "x-content-type-options": "nosniff",
        "content-type": "application/pdf",
        "content-length": str(len(content)),
        "content-disposition": "attachment; filename=\"Programme 2026 _ final.pdf\"; "
                               "filename*=UTF-8''Programme%202026%20%E2%80%93%20final.pdf",
        "accept-ranges": "bytes",
    }


def test_an_ascii_filename_is_given_as_is(alpha):
    hosted = alpha.upload(unique_pdf(), "slides.pdf").json()["hosted_file"]
    response = alpha.get(f"/v3/action/file/{hosted['id_random']}/download")
    assert response.headers["content-disposition"] == 'attachment; filename="slides.pdf"'


def test_an_uppercase_hash_names_the_same_file(alpha, uploaded):
    content, hosted, _ = uploaded
    assert alpha.get(f"/v3/action/file/sha256/{hosted['hash_sha256'].upper()}").content == content


def test_a_download_by_id_resolves_a_hosted_file_an_event_file_and_a_badge_templates_artwork(alpha, uploaded):
    content, hosted, shown = uploaded
    template = alpha.create(f"/v3/crud/event/{alpha.event}/event_badge_template/",
                            {"name": "Badge", "hosted_file_id_random": hosted["id_random"]})
    for id_random in (hosted["id_random"], shown["id_random"], template):
        response = alpha.get(f"/v3/action/file/{id_random}/download")
        assert (response.status_code, response.content, response.headers["etag"]) == \
            (200, content, f'"{hosted["hash_sha256"]}"')


def test_an_object_without_a_file_is_a_404_that_says_so(alpha):
    template = alpha.create(f"/v3/crud/event/{alpha.event}/event_badge_template/", {"name": "Plain"})
    assert assert_refused(alpha.get(f"/v3/action/file/{template}/download"), 404)["code"] == "no_file"
    assert assert_refused(alpha.get(f"/v3/action/file/{alpha.event}/download"), 404)["code"] == "not_found"


def test_another_accounts_hash_is_a_404_like_an_unknown_one(alpha, beta, uploaded):
    _, hosted, shown = uploaded
    theirs = beta.get(f"/v3/action/file/sha256/{hosted['hash_sha256']}")
    unknown = beta.get(f"/v3/action/file/sha256/{'0' * 64}")
    assert_refused(theirs, 404)
    assert (theirs.status_code, theirs.json(), sorted(theirs.headers.keys())) == \
        (unknown.status_code, unknown.json(), sorted(unknown.headers.keys()))
    for id_random in (hosted["id_random"], shown["id_random"]):
        assert_refused(beta.get(f"/v3/action/file/{id_random}/download"), 404)


def test_a_hash_that_is_not_64_hex_digits_is_refused(alpha):
    assert assert_refused(alpha.get("/v3/action/file/sha256/abc"), 400)["parameter"] == "hash"


def test_if_none_match_with_the_hash_answers_304_without_a_body(alpha, uploaded):
    _, hosted, _ = uploaded
    for tag in (f'"{hosted["hash_sha256"]}"', f'W/"x", "{hosted["hash_sha256"]}"', "*"):
        response = alpha.get(f"/v3/action/file/sha256/{hosted['hash_sha256']}", **{"if-none-match": tag})
        assert (response.status_code, response.content) == (304, b"")
        assert response.headers["etag"] == f'"{hosted["hash_sha256"]}"'
    assert alpha.get(f"/v3/action/file/sha256/{hosted['hash_sha256']}", **{"if-none-match": '"other"'}).status_code == 200


@pytest.mark.parametrize("asked, start, end", [("bytes=0-99", 0, 99), ("bytes=100-", 100, 4999 + 9),
                                               ("bytes=-10", 4999, 4999 + 9)])
def test_a_range_answers_206_with_that_part(alpha, uploaded, asked, start, end):
    content, hosted, _ = uploaded
    response = alpha.get(f"/v3/action/file/{hosted['id_random']}/download", range=asked)
    assert response.status_code == 206
    assert response.content == content[start:end + 1]
    assert response.headers["content-range"] == f"bytes {start}-{end}/{len(content)}"
    assert response.headers["content-length"] == str(end + 1 - start)


def test_a_range_past_the_end_is_416_naming_the_size(alpha, uploaded):
    content, hosted, _ = uploaded
    response = alpha.get(f"/v3/action/file/{hosted['id_random']}/download", range=f"bytes={len(content)}-")
    assert assert_refused(response, 416)["size"] == len(content)
    assert response.headers["content-range"] == f"bytes */{len(content)}"


def test_a_malformed_range_is_ignored_and_the_whole_file_sent(alpha, uploaded):
    content, hosted, _ = uploaded
    for asked in ("lines=1-2", "bytes=x-y", "bytes=²-3".encode()):
        response = alpha.get(f"/v3/action/file/{hosted['id_random']}/download", range=asked)
        assert (response.status_code, response.content) == (200, content)


def test_head_answers_the_headers_of_a_download_without_the_body(alpha, uploaded):
    content, hosted, _ = uploaded
    response = httpx.head(f"{alpha.url}/v3/action/file/sha256/{hosted['hash_sha256']}", headers=alpha.headers("read"))
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-length"] == str(len(content))
    assert response.headers["etag"] == f'"{hosted["hash_sha256"]}"'


def test_deleting_the_last_hosted_file_of_a_content_removes_its_blob(alpha, store):
    content = unique_pdf()
    hosted = alpha.upload(content).json()["hosted_file"]
    response = httpx.delete(f"{alpha.url}/v3/crud/hosted_file/{hosted['id_random']}", headers=alpha.headers())
    assert response.status_code == 204
    assert not store.blob(sha256(content)).exists()
    assert_refused(alpha.get(f"/v3/action/file/sha256/{sha256(content)}"), 404)


def test_a_blob_another_account_still_uses_is_kept_when_one_account_deletes_its_file(alpha, beta, store):
    content = unique_pdf()
    mine = alpha.upload(content).json()["hosted_file"]
    beta.upload(content)
    httpx.delete(f"{alpha.url}/v3/crud/hosted_file/{mine['id_random']}", headers=alpha.headers())
    assert store.blob(sha256(content)).exists()
    assert beta.get(f"/v3/action/file/sha256/{sha256(content)}").content == content


def test_deleting_an_event_file_keeps_the_accounts_file(alpha, uploaded):
    content, hosted, shown = uploaded
    response = httpx.delete(f"{alpha.url}/v3/crud/event/{alpha.event}/event_file/{shown['id_random']}",
                            headers=alpha.headers())
    assert response.status_code == 204
    assert alpha.get(f"/v3/action/file/{hosted['id_random']}/download").content == content
    assert_refused(alpha.get(f"/v3/action/file/{shown['id_random']}/download"), 404)


def test_a_blob_missing_from_storage_is_a_clear_404_not_a_500(alpha, store):
    content = unique_pdf()
    hosted = alpha.upload(content).json()["hosted_file"]
    store.blob(sha256(content)).unlink()
    assert assert_refused(alpha.get(f"/v3/action/file/{hosted['id_random']}/download"), 404)["code"] == "file_missing"


def test_a_blob_that_cannot_be_removed_is_logged_and_the_delete_still_answers_204(alpha, store):
    """The blob's name made a folder: unlink fails (for root too), as a filesystem error would."""
    content = unique_pdf()
    hosted = alpha.upload(content).json()["hosted_file"]
    blob = store.blob(sha256(content))
    blob.unlink()
    (blob / "in-the-way").mkdir(parents=True)
    response = httpx.delete(f"{alpha.url}/v3/crud/hosted_file/{hosted['id_random']}", headers=alpha.headers())
    assert response.status_code == 204
    assert alpha.get(f"/v3/crud/hosted_file/{hosted['id_random']}").status_code == 404
    (blob / "in-the-way").rmdir()
    blob.rmdir()
