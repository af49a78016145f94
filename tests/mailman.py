"""A real GNU Mailman 3 core for tests: `mailman_core()` starts one and throws it away after.

Mailman lives in a virtualenv of its own, .venv-mailman (`make mailman`, from
requirements-mailman.lock); without it the tests that need it are skipped. Each core gets a
throwaway directory (var_dir, SQLite database, logs), its REST API on a free 127.0.0.1 port with
its own admin user and password, and no mail transport: the null MTA (no alias maps, no postmap)
for lists, SMTP pointed at a port where nothing listens, LMTP on a free port. Subscriptions made
pre_verified/pre_confirmed/pre_approved need no mail; whatever mail Mailman queues (welcome
messages) fails to connect and stays in the throwaway queue.

    with mailman_core() as core:
        core.create_domain("example.test")
        list_id = core.create_list("news@example.test")   # "news.example.test"
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[1]
MAILMAN = ROOT / ".venv-mailman" / "bin" / "mailman"
NOT_INSTALLED = "GNU Mailman 3 is not installed: run make mailman"
START_SECONDS = 120
STOP_SECONDS = 30
LOG_TAIL_LINES = 40

CONFIG = """\
[mailman]
layout: throwaway
site_owner: postmaster@example.test

[paths.throwaway]
var_dir: {var_dir}

[devmode]
enabled: no

[webservice]
hostname: 127.0.0.1
port: {rest_port}
admin_user: {username}
admin_pass: {password}
workers: 1
configuration: {gunicorn}

[mta]
incoming: mailman.mta.null.NullMTA
smtp_host: 127.0.0.1
smtp_port: {smtp_port}
lmtp_host: 127.0.0.1
lmtp_port: {lmtp_port}
"""

# Gunicorn (25.1+) opens a control socket at $HOME/.gunicorn/gunicorn.ctl unless told not to: one
# path for every core of a user, so two cores at once would fight over it.
GUNICORN = """\
[gunicorn]
graceful_timeout = 5
timeout = 360
control_socket_disable = true
"""


@dataclass
class MailmanCore:
    """A running Mailman core: its REST API and the admin credentials of its configuration."""

    base_url: str
    username: str
    password: str
    directory: Path

    @property
    def config(self):
        return self.directory / "mailman.cfg"

    @property
    def output(self):
        """Where `mailman start` and the master's inherited stdout/stderr write."""
        return self.directory / "mailman.out"

    def rest(self):
        """A blocking REST client of this core (for tests' own setup)."""
        return httpx.Client(base_url=f"{self.base_url}/3.1", auth=(self.username, self.password), timeout=30)

    def create_domain(self, mail_host):
        with self.rest() as rest:
            response = rest.post("/domains", data={"mail_host": mail_host})
        assert response.status_code == 201, response.text

    def create_list(self, fqdn_listname):
        """A new mailing list (its domain must exist); its list id, e.g. news.example.test."""
        with self.rest() as rest:
            response = rest.post("/lists", data={"fqdn_listname": fqdn_listname})
            assert response.status_code == 201, response.text
            return rest.get(response.headers["location"]).json()["list_id"]

    def delete_list(self, list_id):
        with self.rest() as rest:
            response = rest.delete(f"/lists/{list_id}")
        assert response.status_code == 204, response.text

    def start(self):
        if self.command("start").returncode != 0:
            raise RuntimeError(f"mailman start failed; its output and log end with:\n{self.log_tail()}")
        self.wait_until_answering()

    def command(self, name):
        """`mailman -C mailman.cfg NAME`, its output appended to self.output (a pipe would stay
        open: the master inherits it). --run-as-root: Mailman refuses root without it."""
        with self.output.open("ab") as output:
            return subprocess.run([str(MAILMAN), "--run-as-root", "-C", str(self.config), name],
                                  stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                  check=False, timeout=STOP_SECONDS)

    def wait_until_answering(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and not self.master_died():
            if self.answers():
                return
            time.sleep(0.2)
        why = "its master process exited" if self.master_died() else f"no answer within {START_SECONDS} s"
        self.stop()
        raise RuntimeError(f"Mailman's REST API did not answer at {self.base_url} ({why});"
                           f" its output and log end with:\n{self.log_tail()}")

    def master_died(self):
        master = self.master_pid()
        return bool(master) and not session_members(master)

    def answers(self):
        try:
            with self.rest() as rest:
                return rest.get("/system/versions", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self):
        """`mailman stop`, then no process of this core left: the master leads its own session,
        so whatever of that session outlives STOP_SECONDS is killed."""
        master = self.master_pid()
        self.command("stop")
        if master:
            end_session(master)

    def master_pid(self):
        try:
            return int((self.directory / "var" / "master.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def log_tail(self):
        lines = []
        for path in (self.output, self.directory / "var" / "logs" / "mailman.log"):
            if path.exists():
                lines += [f"--- {path.name}"] + path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        return "\n".join(lines)


@contextlib.contextmanager
def mailman_core():
    """Start a throwaway Mailman core, yield its MailmanCore, stop it and remove its directory."""
    if not MAILMAN.exists():
        pytest.skip(NOT_INSTALLED)
    directory = Path(tempfile.mkdtemp(prefix="aether-mailman-"))
    try:
        core = MailmanCore(f"http://127.0.0.1:{free_port()}", "aether-test", secrets.token_urlsafe(18), directory)
        write_config(core)
        core.start()
        try:
            yield core
        finally:
            core.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def write_config(core):
    gunicorn = core.directory / "gunicorn.cfg"
    gunicorn.write_text(GUNICORN)
    port = int(core.base_url.rsplit(":", 1)[1])
    core.config.write_text(CONFIG.format(var_dir=core.directory / "var", rest_port=port, username=core.username,
                                         password=core.password, gunicorn=gunicorn, smtp_port=free_port(),
                                         lmtp_port=free_port()))


def free_port():
    """A 127.0.0.1 port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_members(session):
    """Ids of the processes of a session (from /proc: the sixth field of stat is its session)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def end_session(session):
    deadline = time.monotonic() + STOP_SECONDS
    while session_members(session) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in session_members(session):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
