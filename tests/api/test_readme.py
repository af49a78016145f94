"""README's shell lines, run as written against a real server with the demo data, in order, as one
shell session: ids are captured by the lines themselves, and a trailing comment that starts with
an HTTP status (`# 201`, `# 404 problem`) is checked against the answer."""

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.test_serve import AETHER, served

README = Path(__file__).parents[2] / "README.md"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
STATUS_COMMENT = re.compile(r"\s#\s+([1-5][0-9]{2})\b[^'\"]*$")
QUICK_START = "make run"
PLACEHOLDER = re.compile(r"<[a-z][^<>]*>")
PORT = 5005  # README's

PRELUDE = r'''
set -euo pipefail
trap 'echo "README line $README_LINE failed" >&2' ERR
curl() { command curl -D "$README_HEADERS" "$@"; }
readme_check() {
  local status
  status=$(awk 'toupper($1) ~ /^HTTP/ {s = $2} END {print s}' "$README_HEADERS")
  if [ "$2" != - ] && [ "$status" != "$2" ]; then
    echo "README line $1: the comment says $2, the answer was ${status:-none}" >&2; exit 1
  fi
  if [ -n "$status" ] && [ "$status" -ge 500 ]; then echo "README line $1: answered $status" >&2; exit 1; fi
}
'''


def commands(text):
    """(line number, command, expected status or None) of every sh block but the quick start,
    a command being as many lines as bash needs to parse it whole."""
    out = []
    for block in SH_BLOCK.finditer(text):
        if QUICK_START in block.group(1):
            continue
        first = text.count("\n", 0, block.start(1)) + 1
        pending, start = [], None
        for number, line in enumerate(block.group(1).splitlines(), first):
            if not pending and not line.strip():
                continue
            pending.append(line)
            start = start or number
            command = "\n".join(pending)
            if complete(command):
                expected = STATUS_COMMENT.search(pending[-1])
                out.append((start, command, expected and expected.group(1)))
                pending, start = [], None
        assert not pending, f"README line {start}: a command that never ends"
    return out


def complete(command):
    if command.endswith("\\"):
        return False
    return subprocess.run(["bash", "-n", "-c", command], capture_output=True).returncode == 0


def script(steps, headers):
    lines = [PRELUDE, f"README_HEADERS={headers}"]
    for number, command, expected in steps:
        lines += [f"README_LINE={number}", ': > "$README_HEADERS"', command, f"readme_check {number} {expected or '-'}"]
    return "\n".join(lines) + "\n"


def test_readme_commands_are_whole_and_their_statuses_are_read():
    steps = commands(README.read_text())
    assert len(steps) > 30
    assert not [n for n, command, _ in steps if PLACEHOLDER.search(command)], "a placeholder to fill by hand"
    assert sum(1 for *_, expected in steps if expected) > 20


def test_every_shell_line_of_the_readme_runs_as_written(settings, tmp_path):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken: README's walk-through needs it (stop `make run` first)")
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url,
           "AE_FILES_DIR": settings.files_dir}
    env.pop("AE_MAIL_DIR", None)
    subprocess.run([AETHER, "seed-demo"], env=env, check=True, capture_output=True)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parents[1])
    steps = commands(README.read_text())
    with served(settings, port=PORT, cwd=tmp_path):
        result = subprocess.run(["bash", "-c", script(steps, tmp_path / "headers")], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-2000:]
