"""The job procedures called directly: a job is claimed by one worker at a time, its end is
recorded once and only by the worker holding it, cancelling stops it, and a job interrupted
too often fails instead of running for ever."""

import json

import pytest

from tests.sql.conftest import SqlTenant, refused


@pytest.fixture()
def beta(call, query):
    return SqlTenant(call, query, "Jobs Beta")


def create(tenant, job_type="convert", **params):
    return tenant.call("job_create", tenant.account, job_type, json.dumps(params or {"target": "pdf"}))[0]["id_random"]


def job(query, id_random):
    return query("SELECT status, progress, attempts, worker, result_json, error FROM job WHERE id_random = %s",
                 id_random)[0]


def start(call, id_random, worker="w1", attempts=5):
    return call("job_start", id_random, worker, attempts)


def finish(call, id_random, worker="w1", status="succeeded", result='{"ok": 1}', error=None):
    return call("job_finish", id_random, worker, status, result, error)[0]["recorded"]


def test_a_new_job_is_queued_with_its_parameters(alpha, query):
    id_random = create(alpha, target="pdf")
    row = query("SELECT status, progress, params_json FROM v_job WHERE id_random = %s", id_random)[0]
    assert (row["status"], row["progress"], json.loads(row["params_json"])) == ("queued", 0, {"target": "pdf"})


def test_a_worker_claims_a_job_and_records_its_end_once(alpha, call, query):
    id_random = create(alpha)
    assert start(call, id_random) == [{"id_random": id_random}]
    assert call("job_progress", id_random, "w1", 40) == [{"holds": 1}]
    assert finish(call, id_random) == 1
    assert finish(call, id_random) == 0
    row = job(query, id_random)
    assert (row["status"], row["progress"], json.loads(row["result_json"]), row["attempts"]) == \
        ("succeeded", 100, {"ok": 1}, 1)


def test_only_the_worker_holding_a_job_can_finish_it(alpha, call, query):
    id_random = create(alpha)
    start(call, id_random, "dead-worker")
    start(call, id_random, "new-worker")  # the queue gave it to another worker
    assert finish(call, id_random, "dead-worker") == 0
    assert call("job_progress", id_random, "dead-worker", 50) == [{"holds": 0}]
    assert finish(call, id_random, "new-worker") == 1
    assert job(query, id_random)["attempts"] == 2


def test_a_worker_that_stops_puts_its_job_back_in_the_queue(alpha, call, query):
    id_random = create(alpha)
    start(call, id_random)
    assert finish(call, id_random, status="queued", result=None) == 1
    assert (job(query, id_random)["status"], job(query, id_random)["worker"]) == ("queued", None)
    assert start(call, id_random, "w2") == [{"id_random": id_random}]


def test_a_cancelled_job_is_not_started_and_its_end_not_recorded(alpha, call, query):
    waiting, running = create(alpha), create(alpha)
    start(call, running)
    for id_random in (waiting, running):
        assert call("job_cancel", alpha.account, id_random) == [{"id_random": id_random}]
    assert start(call, waiting) == []
    assert finish(call, running) == 0
    assert call("job_progress", running, "w1", 50) == [{"holds": 0}]
    assert job(query, running)["status"] == "cancelled"


def test_cancelling_an_ended_job_is_a_conflict_and_another_accounts_job_is_not_found(alpha, beta, call):
    id_random = create(alpha)
    start(call, id_random)
    finish(call, id_random)
    errno, message = refused(call, "job_cancel", alpha.account, id_random)
    assert (errno, message) == (31409, "status: the job has ended (succeeded); there is nothing to cancel")
    assert refused(call, "job_cancel", beta.account, create(alpha)) == \
        (31404, "id_random: no job with this id in your account")


def test_a_job_interrupted_as_often_as_allowed_fails_instead_of_running_again(alpha, call, query):
    id_random = create(alpha)
    for worker in ("w1", "w2", "w3"):
        assert start(call, id_random, worker, attempts=3) == [{"id_random": id_random}]
    assert start(call, id_random, "w4", attempts=3) == []
    row = job(query, id_random)
    assert (row["status"], row["error"]) == ("failed", "the job was interrupted 3 times before it could finish")


def test_hosted_file_derive_copies_the_accounts_source_and_refuses_another_accounts(alpha, beta, call, query):
    event = alpha.make("event")["id_random"]
    [ids] = call("event_file_upload", alpha.account, event, None, None, None, "video", "Talk", "a" * 64, 10,
                 "video/mp4", "talk.mp4")
    [made] = call("hosted_file_derive", alpha.account, ids["hosted_file_id_random"], "b" * 64, 5, "video/mp4",
                  "talk-clip.mp4", "Talk (clip)", None)
    row = query("SELECT filename, name, purpose, hash_sha256 FROM v_hosted_file WHERE id_random = %s",
                made["id_random"])[0]
    assert row == {"filename": "talk-clip.mp4", "name": "Talk (clip)", "purpose": "video", "hash_sha256": "b" * 64}
    assert refused(call, "hosted_file_derive", beta.account, ids["hosted_file_id_random"], "c" * 64, 5,
                   "video/mp4", "x.mp4", None, None)[0] == 31404
