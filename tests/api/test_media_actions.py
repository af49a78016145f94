"""clip_video and convert against a real server and real `aether worker` processes: both ways
(waiting: 201; ?background=true: 202 and a job to poll), refusals that create nothing, cancel,
timeout, isolation, a worker killed mid-job, two workers sharing the queue, the legacy route."""

import contextlib
import io
from dataclasses import replace
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import docx
import httpx
import pytest
from PIL import Image

from tests.api.conftest import assert_problem, assert_refused, make_tenant
from tests.api.test_serve import AETHER, free_port, served
from tests.api.uploads import Store

ENV = {"AE_JOB_HEARTBEAT_SECONDS": "5", "AE_MEDIA_TIMEOUT_SECONDS": "120", "AE_LOG_LEVEL": "WARNING"}


def own_queue(settings):
    """Settings whose jobs go through a queue of their own (another Redis database), so the
    module's worker does not take them: a test that counts workers' attempts needs that."""
    base, _, number = settings.redis_url.rpartition("/")
    return replace(settings, redis_url=f"{base}/{(int(number or 0) + 15) % 16}")


def media(tmp_path, name, *args):
    """A small file made by ffmpeg from its test sources (`args`: input and codec options)."""
    path = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args, str(path)], check=True)
    return path.read_bytes()


def video(tmp_path, seconds=4, size="160x120", name="talk.mp4"):
    return media(tmp_path, name, "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}",
                 "-c:v", "libx264", "-g", "25", "-pix_fmt", "yuv420p")


def duration(data, tmp_path):
    path = tmp_path / "probe.bin"
    path.write_bytes(data)
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def png(color=(200, 30, 30, 255)):
    buffer = io.BytesIO()
    Image.new("RGBA", (32, 32), color).save(buffer, "PNG")
    return buffer.getvalue()


def document(tmp_path):
    made = docx.Document()
    made.add_heading("Programme", 1)
    made.add_paragraph("Day one: keynotes.")
    path = tmp_path / "programme.docx"
    made.save(path)
    return path.read_bytes()


@contextlib.contextmanager
def worker(settings, files_dir, **environ):
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url, "AE_FILES_DIR": files_dir,
           **ENV, **environ}
    process = subprocess.Popen([AETHER, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(settings):
    with served(settings, **ENV) as url, worker(settings, settings.files_dir):
        yield url


class Client:
    def __init__(self, url, tenant):
        self.url, self.tenant = url, tenant

    @property
    def event(self):
        if not hasattr(self, "_event"):
            self._event = self.post("/v3/crud/event/", json={"name": "Media"}).json()["id_random"]
        return self._event

    def post(self, path, role="write", **kwargs):
        return httpx.post(f"{self.url}{path}", headers=self.tenant.headers(role), timeout=180, **kwargs)

    def get(self, path, role="read"):
        return httpx.get(f"{self.url}{path}", headers=self.tenant.headers(role), timeout=60)

    def upload(self, content, filename):
        response = self.post(f"/v3/action/event/{self.event}/upload", files={"file": (filename, content)})
        assert response.status_code == 201, response.text
        return response.json()["hosted_file"]

    def act(self, source, action, background=False, **body):
        query = "?background=true" if background else ""
        return self.post(f"/v3/action/hosted_file/{source}/{action}{query}", json=body)

    def wait(self, job, until=("succeeded", "failed", "cancelled")):
        for _ in range(600):
            found = self.get(f"/v3/action/job/{job}").json()
            if found["status"] in until:
                return found
            time.sleep(0.1)
        raise AssertionError(f"job {job} never ended: {found}")

    def files(self):
        return self.get("/v3/crud/hosted_file/?limit=1000").json()["data"]


@pytest.fixture()
def alpha(server, client, services):
    return Client(server, make_tenant(client, services.db, "Media"))


@pytest.fixture()
def beta(server, client, services):
    return Client(server, make_tenant(client, services.db, "Other"))


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    return video(tmp_path_factory.mktemp("talk"))


def test_clip_video_waits_and_answers_201_with_the_new_file(alpha, talk, tmp_path, settings):
    source = alpha.upload(talk, "keynote.mp4")
    response = alpha.act(source["id_random"], "clip_video", start=1, end="00:00:02.500", purpose="video")
    assert response.status_code == 201, response.text
    clip = response.json()
    assert response.headers["location"] == f"/v3/crud/hosted_file/{clip['id_random']}"
    assert (clip["mime_type"], clip["filename"], clip["purpose"]) == ("video/mp4", "keynote-clip.mp4", "video")
    assert clip["name"] == "keynote (00:00:01.000 to 00:00:02.500)"
    data = alpha.get(f"/v3/action/file/{clip['id_random']}/download").content
    assert abs(duration(data, tmp_path) - 1.5) <= 1 / 25
    assert work_folders(settings.files_dir) == []


def test_clip_video_in_the_background_answers_202_and_a_job_that_ends_with_the_file(alpha, talk, tmp_path):
    source = alpha.upload(talk, "keynote.mp4")
    response = alpha.act(source["id_random"], "clip_video", background=True, start=0, end=2)
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == f"/v3/action/job/{job['id_random']}"
    assert (job["type"], job["status"], job["params_json"]["end"]) == ("clip_video", "queued", 2)
    done = alpha.wait(job["id_random"])
    assert (done["status"], done["progress"], done["error"]) == ("succeeded", 100, None), done
    made = done["result_json"]
    assert made["download_url"] == f"/v3/action/file/{made['hosted_file_id_random']}/download"
    assert abs(duration(alpha.get(made["download_url"]).content, tmp_path) - 2) <= 1 / 25


@pytest.mark.parametrize("background", [False, True])
def test_convert_an_image_both_ways(alpha, background):
    source = alpha.upload(png(), "logo.png")
    response = alpha.act(source["id_random"], "convert", background=background, target="jpeg")
    if background:
        made_id = alpha.wait(response.json()["id_random"])["result_json"]["hosted_file_id_random"]
    else:
        assert response.status_code == 201, response.text
        made_id = response.json()["id_random"]
    made = alpha.get(f"/v3/crud/hosted_file/{made_id}").json()
    assert (made["mime_type"], made["filename"]) == ("image/jpeg", "logo.jpg")
    assert Image.open(io.BytesIO(alpha.get(f"/v3/action/file/{made_id}/download").content)).format == "JPEG"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: run make tools as root")
def test_convert_a_word_document_to_pdf(alpha, tmp_path):
    source = alpha.upload(document(tmp_path), "programme.docx")
    response = alpha.act(source["id_random"], "convert", target="pdf")
    assert response.status_code == 201, response.text
    assert response.json()["mime_type"] == "application/pdf"
    assert alpha.get(f"/v3/action/file/{response.json()['id_random']}/download").content.startswith(b"%PDF")


def test_convert_a_video_to_webm_in_the_background(alpha, talk):
    source = alpha.upload(talk, "keynote.mp4")
    job = alpha.act(source["id_random"], "convert", background=True, target="webm").json()
    done = alpha.wait(job["id_random"])
    assert done["status"] == "succeeded", done
    made = alpha.get(f"/v3/crud/hosted_file/{done['result_json']['hosted_file_id_random']}").json()
    assert made["mime_type"] == "video/webm"


@pytest.mark.parametrize("background", [False, True])
@pytest.mark.parametrize("source_kind, action, body, field", [
    ("image", "clip_video", {"start": 0, "end": 1}, "id_random"),  # not a video
    ("video", "clip_video", {"start": 3, "end": 2}, "end"),
    ("video", "clip_video", {"start": 0, "end": 60}, "end"),  # past the end
    ("video", "clip_video", {"start": "soon", "end": 2}, "start"),
    ("image", "convert", {"target": "png"}, "target"),  # the same format
    ("image", "convert", {"target": "pdf"}, "target"),  # a pair not offered
    ("image", "convert", {"target": "jpeg", "colour": "red"}, "colour"),
])
def test_bad_input_is_a_422_naming_the_field_and_creates_nothing(alpha, talk, background, source_kind, action, body,
                                                                  field):
    source = alpha.upload(png(), "input.png") if source_kind == "image" else alpha.upload(talk, "talk.mp4")
    before = alpha.files()
    problem = assert_refused(alpha.act(source["id_random"], action, background=background, **body), 422)
    assert problem["field"] == field, problem
    assert alpha.files() == before


def test_an_unsupported_pair_lists_what_the_source_converts_to(alpha):
    source = alpha.upload(png(), "logo.png")
    problem = assert_refused(alpha.act(source["id_random"], "convert", target="mp3"), 422)
    offered = problem["detail"].split("converts to ")[1].split(";")[0]
    assert offered == "jpeg, webp"


def test_a_corrupt_video_is_refused_and_nothing_is_kept(alpha):
    source = alpha.upload(b"\x00\x00\x00\x18ftypmp42" + os.urandom(4000), "broken.mp4")
    before = alpha.files()
    assert assert_refused(alpha.act(source["id_random"], "clip_video", start=0, end=1), 422)
    assert alpha.files() == before


def test_another_accounts_file_and_jobs_are_not_found(alpha, beta, talk):
    source = alpha.upload(talk, "keynote.mp4")
    assert_refused(beta.act(source["id_random"], "clip_video", start=0, end=1), 404)
    job = alpha.act(source["id_random"], "clip_video", background=True, start=0, end=1).json()["id_random"]
    assert_refused(beta.get(f"/v3/action/job/{job}"), 404)
    assert_refused(httpx.delete(f"{beta.url}/v3/action/job/{job}", headers=beta.tenant.headers()), 404)
    alpha.wait(job)


def test_a_read_key_cannot_start_media_work(alpha, talk):
    source = alpha.upload(png(), "logo.png")
    assert_refused(alpha.post(f"/v3/action/hosted_file/{source['id_random']}/convert", role="read",
                              json={"target": "jpeg"}), 403)


def test_the_legacy_clip_route_redirects_with_a_deprecation_header(alpha, talk):
    source = alpha.upload(talk, "keynote.mp4")
    legacy = f"/v3/crud/hosted_file/{source['id_random']}/clip_video?background=true"
    response = alpha.post(legacy, json={"start": 0, "end": 1})
    assert response.status_code == 308
    assert response.headers["location"] == f"/v3/action/hosted_file/{source['id_random']}/clip_video?background=true"
    assert response.headers["deprecation"].startswith("@")
    followed = httpx.post(f"{alpha.url}{legacy}", json={"start": 0, "end": 1}, headers=alpha.tenant.headers(),
                          follow_redirects=True, timeout=60)
    assert followed.status_code == 202


def slow_source(alpha, tmp_path):
    """A video whose conversion to webm takes a few seconds here."""
    return alpha.upload(video(tmp_path, seconds=30, size="640x360", name="long.mp4"), "long.mp4")


def work_folders(files_dir):
    return sorted((Path(files_dir) / "tmp").glob("work-*"))


def test_cancelling_a_running_job_stops_it_and_keeps_nothing(alpha, tmp_path, settings):
    source = slow_source(alpha, tmp_path)
    before = alpha.files()
    job = alpha.act(source["id_random"], "convert", background=True, target="webm").json()["id_random"]
    alpha.wait(job, until=("running",))
    cancelled = httpx.delete(f"{alpha.url}/v3/action/job/{job}", headers=alpha.tenant.headers(), timeout=30)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    Store(Path(settings.files_dir)).wait_until(lambda: work_folders(settings.files_dir) == [], "work removed")
    assert alpha.get(f"/v3/action/job/{job}").json()["status"] == "cancelled"
    assert alpha.files() == before
    again = httpx.delete(f"{alpha.url}/v3/action/job/{job}", headers=alpha.tenant.headers(), timeout=30)
    assert assert_refused(again, 409)["code"] == "conflict"


def test_work_past_the_time_limit_is_killed_refused_and_cleaned_up(settings, client, services, tmp_path):
    files = tmp_path / "files"
    with served(settings, AE_FILES_DIR=str(files), AE_MEDIA_TIMEOUT_SECONDS="1") as url:
        alpha = Client(url, make_tenant(client, services.db, "Slow"))
        source = slow_source(alpha, tmp_path)
        problem = assert_refused(alpha.act(source["id_random"], "convert", target="webm"), 422)
        assert "longer than 1" in problem["detail"]
        assert work_folders(files) == []
        assert [f["id_random"] for f in alpha.files()] == [source["id_random"]]


def test_a_job_outlives_a_killed_worker_and_is_recorded_once(settings, client, services, tmp_path, sql):
    settings = own_queue(settings)
    files = tmp_path / "files"
    with served(settings, AE_FILES_DIR=str(files), **ENV) as url:
        alpha = Client(url, make_tenant(client, services.db, "Restart"))
        source = slow_source(alpha, tmp_path)
        job = alpha.act(source["id_random"], "convert", background=True, target="webm").json()["id_random"]
        with worker(settings, str(files)) as first:
            alpha.wait(job, until=("running",))
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        with worker(settings, str(files)):
            done = alpha.wait(job)
        # The killed worker's attempt and the one that finished (a worker starved of CPU past its
        # heartbeat may lose a turn too); whatever the attempts, one result is recorded.
        assert done["status"] == "succeeded" and done["attempts"] >= 2, done
        webm = [f for f in alpha.files() if f["mime_type"] == "video/webm"]
        assert [f["id_random"] for f in webm] == [done["result_json"]["hosted_file_id_random"]]


def test_two_workers_run_each_job_once(settings, client, services, tmp_path):
    settings = own_queue(settings)
    files = tmp_path / "files"
    with served(settings, AE_FILES_DIR=str(files), **ENV) as url:
        alpha = Client(url, make_tenant(client, services.db, "Pair"))
        sources = [alpha.upload(png((i * 20, 0, 0, 255)), f"logo-{i}.png") for i in range(8)]
        jobs = [alpha.act(s["id_random"], "convert", background=True, target="webp").json()["id_random"]
                for s in sources]
        with worker(settings, str(files)), worker(settings, str(files)):
            done = [alpha.wait(job) for job in jobs]
        assert [(d["status"], d["attempts"]) for d in done] == [("succeeded", 1)] * 8
        assert len([f for f in alpha.files() if f["mime_type"] == "image/webp"]) == 8


def test_a_job_made_while_no_worker_runs_survives_an_api_restart(settings, client, services, tmp_path):
    settings = own_queue(settings)
    files = tmp_path / "files"
    tenant = make_tenant(client, services.db, "Later")
    with served(settings, AE_FILES_DIR=str(files), **ENV) as url:
        alpha = Client(url, tenant)
        source = alpha.upload(png(), "logo.png")
        job = alpha.act(source["id_random"], "convert", background=True, target="webp").json()["id_random"]
    with served(settings, AE_FILES_DIR=str(files), **ENV) as url, worker(settings, str(files)):
        assert Client(url, tenant).wait(job)["status"] == "succeeded"


def test_the_worker_schedules_files_gc_from_the_environment(settings):
    from dataclasses import replace

    from api.worker import build
    worker_of = build(replace(settings, files_gc_cron="15 4 * * *"))
    assert {job.function.__name__: job.cron for job in worker_of.cron_jobs}["files_gc"] == "15 4 * * *"
    assert "files_gc" not in {job.function.__name__ for job in build(replace(settings, files_gc_cron="")).cron_jobs}


def test_a_job_of_an_unknown_id_is_a_404(alpha):
    assert_problem(alpha.get("/v3/action/job/AAAAAAAAAAA"), 404, "not_found")


def test_without_libreoffice_office_work_answers_501_saying_what_is_missing(settings, client, services, tmp_path):
    tools = tmp_path / "bin"  # ffmpeg and ffprobe only, as on a server without LibreOffice
    tools.mkdir()
    for tool in ("ffmpeg", "ffprobe"):
        (tools / tool).symlink_to(shutil.which(tool))
    with served(settings, PATH=str(tools), **ENV) as url:
        alpha = Client(url, make_tenant(client, services.db, "NoOffice"))
        source = alpha.upload(document(tmp_path), "programme.docx")
        for background in (False, True):
            response = alpha.act(source["id_random"], "convert", background=background, target="pdf")
            problem = assert_problem(response, 501, "media_unavailable")
            assert problem["detail"].startswith("LibreOffice (soffice) is not installed.")
        assert alpha.act(alpha.upload(png(), "logo.png")["id_random"], "convert", target="jpeg").status_code == 201


def test_a_job_made_while_redis_is_down_is_queued_by_a_worker_later(settings, client, services, tmp_path):
    settings = own_queue(settings)
    files, closed = tmp_path / "files", free_port()
    tenant = make_tenant(client, services.db, "NoRedis")
    with served(replace(settings, redis_url=f"redis://127.0.0.1:{closed}/0"), AE_FILES_DIR=str(files), **ENV) as url:
        alpha = Client(url, tenant)
        source = alpha.upload(png(), "logo.png")
        response = alpha.act(source["id_random"], "convert", background=True, target="webp")
        assert response.status_code == 202 and response.json()["status"] == "queued"
        job = response.json()["id_random"]
    with served(settings, AE_FILES_DIR=str(files), **ENV) as url, worker(settings, str(files)):
        assert Client(url, tenant).wait(job)["status"] == "succeeded"


def test_a_job_that_fails_keeps_its_error(settings, client, services, tmp_path):
    settings, files = own_queue(settings), tmp_path / "files"
    with served(settings, AE_FILES_DIR=str(files), **ENV) as url:
        alpha = Client(url, make_tenant(client, services.db, "Fails"))
        source = alpha.upload(png(), "logo.png")
        job = alpha.act(source["id_random"], "convert", background=True, target="webp").json()["id_random"]
        httpx.delete(f"{url}/v3/crud/hosted_file/{source['id_random']}", headers=alpha.tenant.headers())
        with worker(settings, str(files)):
            failed = alpha.wait(job)
        assert (failed["status"], failed["result_json"]) == ("failed", None)
        assert failed["error"] == f"There is no hosted_file {source['id_random']} in your account."
        assert alpha.get(f"/v3/action/job/{job}").json()["error"] == failed["error"]
