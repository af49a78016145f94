"""The `aether` console script, run as a real process with the server's environment."""

import fcntl
import json
import os
import pty
import re
import secrets
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.samples import ALL_TYPES

AETHER = str(Path(sys.executable).with_name("aether"))


@pytest.fixture()
def env(settings):
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url,
           "AE_FILES_DIR": settings.files_dir}
    env.pop("AE_PASSWORD", None)
    return env


@pytest.fixture()
def run(env):
    def aether(*args, stdin="", **extra_env):
        """Runs `aether args...` with `stdin` as its standard input (a pipe, not a terminal)."""
        return subprocess.run([AETHER, *args], env={**env, **extra_env}, input=stdin, capture_output=True,
                              text=True, timeout=60)
    return aether


def on_a_terminal(env, args, answers):
    """Runs `aether args...` on a new pseudo-terminal (its only terminal), typing each answer after
    each prompt that ends in ': '; answers (returncode, everything the terminal showed)."""
    main, child = pty.openpty()
    process = subprocess.Popen([AETHER, *args], env=env, stdin=child, stdout=child, stderr=child,
                               start_new_session=True)
    os.close(child)
    shown, typed, deadline = "", 0, time.monotonic() + 60
    with os.fdopen(main, "r+b", buffering=0) as terminal:
        while time.monotonic() < deadline:
            if select.select([terminal], [], [], 1)[0]:
                try:
                    shown += terminal.read(4096).decode()
                except OSError:  # the command ended and closed the terminal
                    break
            if typed < len(answers) and shown.count(": ") > typed and shown.endswith(": "):
                terminal.write(answers[typed].encode() + b"\n")
                typed += 1
    return process.wait(timeout=60), shown


def user_count(sql, address):
    with sql.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) AS n FROM user WHERE email = %s", (address,))
        return cursor.fetchone()["n"]


def last_line(result):
    return result.stdout.strip().splitlines()[-1]


def test_create_account_user_and_key_print_the_new_id_last(run, client):
    account = run("create-account", "--name", "CLI Conference")
    assert account.returncode == 0, account.stderr
    account_id = last_line(account)
    assert re.fullmatch(r"[A-Za-z0-9_-]{11}", account_id)
    assert "created account" in account.stdout

    user = run("create-user", "--email", f"cli-{account_id}@example.test", f"--account={account_id}", "--role", "write",
               stdin="pw-123456\n")
    assert user.returncode == 0, user.stderr
    assert re.fullmatch(r"[A-Za-z0-9_-]{11}", last_line(user))

    key = run("create-api-key", f"--account={account_id}", "--role", "read")
    assert key.returncode == 0, key.stderr
    me = client.get("/v3/auth/me", headers={"x-api-key": last_line(key)}).json()
    assert me["account_id_random"] == account_id and me["role"] == "read"

    login = client.post("/v3/auth/login", json={"email": f"cli-{account_id}@example.test", "password": "pw-123456"})
    assert login.status_code == 200


def test_bad_input_exits_non_zero_with_a_clear_message(run):
    unknown = run("create-api-key", "--account", "nosuchacct1", "--role", "read")
    assert unknown.returncode != 0 and "no account with this id" in unknown.stderr
    bad_role = run("create-api-key", "--account", "nosuchacct1", "--role", "owner")
    assert bad_role.returncode != 0 and "invalid choice" in bad_role.stderr
    empty = run("create-account", "--name", " ")
    assert empty.returncode != 0 and "name: must not be empty" in empty.stderr
    assert "Traceback" not in unknown.stderr + bad_role.stderr + empty.stderr


@pytest.mark.parametrize("args,words", [
    (("create-api-key", "--account", "nosuchacct1", "--role", "read"), "--account: no account with this id"),
    (("create-api-key", "--account", "x" * 300, "--role", "read"), "--account: no account with this id"),
    (("create-api-key", "--account", "{account}", "--role", "read", "--name", "n" * 300), "--name: is too long"),
    (("create-account", "--name", "n" * 300), "--name: is too long"),
    (("create-account", "--name", " "), "--name: must not be empty"),
    (("revoke-api-key", "--id", "nosuchkey11"), "--id: no API key with this id"),
], ids=["unknown account", "long account", "long key name", "long account name", "blank name", "unknown key"])
def test_errors_name_the_option_in_the_apis_words(run, args, words):
    account = last_line(run("create-account", "--name", "Options"))
    result = run(*(arg.replace("{account}", account) for arg in args))
    assert result.returncode != 0 and result.stderr.strip().endswith(words), result.stderr
    assert "p_" not in result.stderr and "Traceback" not in result.stderr


def test_a_duplicate_account_code_names_the_option(run):
    code = f"dup-{secrets.token_hex(4)}"
    assert run("create-account", "--name", "A", "--code", code).returncode == 0
    again = run("create-account", "--name", "B", "--code", code)
    assert again.returncode != 0 and "--code: another account already has this code" in again.stderr


def test_create_commands_print_json_with_the_id_and_the_secret(run, client):
    account = json.loads(run("create-account", "--name", "JSON", "--json").stdout)
    key = json.loads(run("create-api-key", f"--account={account['id_random']}", "--role", "read", "--json").stdout)
    assert key["account_id_random"] == account["id_random"] and key["role"] == "read"
    me = client.get("/v3/auth/me", headers={"x-api-key": key["key"]}).json()
    assert me["principal_id_random"] == key["id_random"]
    revoked = json.loads(run("revoke-api-key", f"--id={key['id_random']}", "--json").stdout)
    assert revoked["already_revoked"] is False and revoked["revoked_on"].endswith("Z")


def test_revoking_a_key_twice_says_it_already_was(run):
    account = last_line(run("create-account", "--name", "Twice"))
    key = json.loads(run("create-api-key", f"--account={account}", "--role", "read", "--json").stdout)["id_random"]
    assert run("revoke-api-key", f"--id={key}").stdout.strip() == f"revoked API key {key}"
    again = run("revoke-api-key", f"--id={key}")
    assert again.returncode == 0 and f"API key {key} was already revoked, on " in again.stdout


def test_create_user_with_an_unknown_account_leaves_no_user(run, sql):
    address = f"cli-orphan-{os.getpid()}@example.test"
    result = run("create-user", "--email", address, "--account=nosuchacct1", "--role", "read", stdin="pw-123456\n")
    assert result.returncode != 0 and "no account with this id" in result.stderr
    assert user_count(sql, address) == 0


def test_duplicate_email_is_refused_clearly(run):
    account = last_line(run("create-account", "--name", "Dup"))
    args = ("create-user", "--email", f"dup-{account}@example.test", f"--account={account}", "--role", "read")
    assert run(*args, stdin="pw-123456\n").returncode == 0
    again = run(*args, stdin="pw-123456\n")
    assert again.returncode != 0 and "already exists" in again.stderr


def test_create_user_takes_the_password_from_AE_PASSWORD_before_standard_input(run, client):
    account = last_line(run("create-account", "--name", "Env"))
    address = f"env-{account}@example.test"
    user = run("create-user", "--email", address, f"--account={account}", "--role", "read",
               stdin="not this one\n", AE_PASSWORD="from the environment")
    assert user.returncode == 0, user.stderr
    login = client.post("/v3/auth/login", json={"email": address, "password": "from the environment"})
    assert login.status_code == 200


def test_create_user_reads_only_the_first_line_of_standard_input(run, client):
    account = last_line(run("create-account", "--name", "Stdin"))
    address = f"stdin-{account}@example.test"
    user = run("create-user", "--email", address, f"--account={account}", "--role", "read",
               stdin=" spaces count too \r\nsecond line\n")
    assert user.returncode == 0, user.stderr
    assert client.post("/v3/auth/login", json={"email": address, "password": " spaces count too "}).status_code == 200


def test_create_user_asks_twice_on_a_terminal_without_showing_the_password(run, env, client, sql):
    account = last_line(run("create-account", "--name", "Terminal"))
    address = f"tty-{account}@example.test"
    args = ("create-user", "--email", address, f"--account={account}", "--role", "read")
    returncode, shown = on_a_terminal(env, args, ["typed at the prompt", "typed differently"])
    assert returncode == 2 and "password (from the prompt): the two entries differ" in shown, shown
    assert user_count(sql, address) == 0

    returncode, shown = on_a_terminal(env, args, ["typed at the prompt", "typed at the prompt"])
    assert returncode == 0, shown
    assert f"Password for {address}: " in shown and "typed at the prompt" not in shown
    login = client.post("/v3/auth/login", json={"email": address, "password": "typed at the prompt"})
    assert login.status_code == 200


def test_a_password_argument_is_refused_and_nothing_is_created(run, sql):
    account = last_line(run("create-account", "--name", "Argument"))
    address = f"arg-{account}@example.test"
    for password_args in (("--password", "pw-123456"), ("--password=pw-123456",), ("--password",)):
        result = run("create-user", "--email", address, *password_args, f"--account={account}", "--role", "read",
                     stdin="pw-123456\n")
        assert result.returncode == 2, result.stderr
        assert "shows in `ps` and in shell history" in result.stderr, result.stderr
        assert all(way in result.stderr for way in ("AE_PASSWORD", "prompt", "standard input")), result.stderr
        assert "Traceback" not in result.stderr and result.stderr.count("pw-123456") == 0
    assert user_count(sql, address) == 0


def test_create_user_refuses_a_short_common_or_missing_password_naming_where_it_came_from(run, sql):
    account = last_line(run("create-account", "--name", "Policy"))
    address = f"policy-{account}@example.test"
    args = ("create-user", "--email", address, f"--account={account}", "--role", "read")
    for result, message in (
            (run(*args, stdin="iloveyou\n"), "password (from standard input): too common (it is in a list of "
                                              "30,000 passwords known to attackers); choose another"),
            (run(*args, AE_PASSWORD="Dragon"), "password (from AE_PASSWORD): at least 8 characters"),
            (run(*args), "password: none given")):
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert user_count(sql, address) == 0


COUNTS = ("SELECT (SELECT COUNT(*) FROM account) a, (SELECT COUNT(*) FROM user) u, (SELECT COUNT(*) FROM api_key) k,"
          " (SELECT COUNT(*) FROM account_user) m, (SELECT COUNT(*) FROM event) e, (SELECT COUNT(*) FROM contact) c")


def test_seed_demo_twice_changes_nothing(run, sql):
    first = run("seed-demo")
    assert first.returncode == 0, first.stderr
    with sql.cursor() as cursor:
        cursor.execute(COUNTS)
        before = cursor.fetchone()
    assert run("seed-demo").stdout == first.stdout
    with sql.cursor() as cursor:
        cursor.execute(COUNTS)
        assert cursor.fetchone() == before


def test_seed_demo_creates_an_object_of_every_crud_type(run, sql):
    assert run("seed-demo").returncode == 0
    with sql.cursor() as cursor:
        cursor.execute("SELECT id FROM account WHERE code = 'demo-conference'")
        account = cursor.fetchone()["id"]
        for kind in ALL_TYPES:
            cursor.execute(f"SELECT COUNT(*) AS n FROM v_{kind} WHERE account_id = %s", (account,))
            assert cursor.fetchone()["n"] > 0, kind


def test_seed_demo_refuses_production(run, monkeypatch):
    monkeypatch.setenv("AE_ENV", "production")
    monkeypatch.setenv("AE_API_JWT_KEY", "p" * 40)
    result = subprocess.run([AETHER, "seed-demo"], env={**os.environ}, capture_output=True, text=True)
    assert result.returncode != 0 and "production" in result.stderr


def test_seed_lookups_is_idempotent_and_prints_one_summary_line_into_a_log(run, sql):
    counts = ("SELECT (SELECT COUNT(*) FROM lu_v3_country) c, (SELECT COUNT(*) FROM lu_v3_country_subdivision) s,"
              " (SELECT COUNT(*) FROM lu_v3_time_zone) t, (SELECT COUNT(*) FROM lu_post_topic) p")
    with sql.cursor() as cursor:
        cursor.execute(counts)
        before = cursor.fetchone()
    first = run("seed-lookups")
    assert first.returncode == 0, first.stderr
    assert first.stderr == "" and len(first.stdout.splitlines()) == 1
    assert last_line(first).startswith("country: ")
    assert run("seed-lookups", "--quiet").stdout == first.stdout
    with sql.cursor() as cursor:
        cursor.execute(counts)
        assert cursor.fetchone() == before


def test_seed_lookups_shows_a_progress_bar_on_a_terminal(settings):
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url}
    terminal, other_end = pty.openpty()
    fcntl.ioctl(other_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    process = subprocess.Popen([AETHER, "seed-lookups"], env=env, stdout=subprocess.DEVNULL, stderr=other_end)
    os.close(other_end)
    shown = b""
    while chunk := _read_terminal(terminal):
        shown += chunk
    os.close(terminal)
    assert process.wait(timeout=120) == 0 and b"lookups" in shown and b"100%" in shown


def _read_terminal(terminal):
    try:
        return os.read(terminal, 65536)
    except OSError:  # the other end closed: the command ended
        return b""


def test_an_id_that_starts_with_a_dash_is_taken_as_the_options_value(run, sql):
    account = "-" + secrets.token_urlsafe(8)[:10]
    with sql.cursor() as cursor:
        cursor.execute("INSERT INTO account (id_random, name) VALUES (%s, 'Dash')", (account,))
    key = run("create-api-key", "--account", account, "--role", "read")
    assert key.returncode == 0, key.stderr
    revoked = run("revoke-api-key", "--id", key.stdout.split()[3])
    assert revoked.returncode == 0, revoked.stderr
