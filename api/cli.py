"""The `aether` command line. It reads the same environment as the server."""

import argparse
import asyncio
import getpass
import json
import os
import sys

from api import accounts, demo, lookup_seed, lookups
from api.actions.storage import BlobStore, collect_garbage
from api.apikeys import create_api_key, revoke_api_key
from api.app import Services
from api.auth import ROLES
from api.cache import Cache
from api.config import ConfigError, Settings
from api.credentials import Credentials
from api.db import Database, connect_sync
from api.integrations import outbound
from api.migrate import MigrationError, migrate
from api.password_policy import check_new_password
from api.problems import Problem, is_db_error, problem_for
from api.serve import serve


class CommandFailed(Exception):
    """The command did only part of its work; the message says which part."""


def main(argv=None):
    root = parser()
    args = root.parse_args(attach_values(root, sys.argv[1:] if argv is None else argv))
    try:
        settings = Settings.from_env().check()
        args.run(settings, args)
        return 0
    except (ConfigError, MigrationError) as exc:
        print(f"aether {args.command}: {exc}", file=sys.stderr)
        return 2
    except CommandFailed as exc:
        print(f"aether {args.command}: {exc}", file=sys.stderr)
        return 1
    except Problem as exc:
        print(f"aether {args.command}: {as_option(root, args.command, exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not is_db_error(exc):
            raise
        print(f"aether {args.command}: {as_option(root, args.command, problem_for(exc))}", file=sys.stderr)
        return 1


# A problem's field, as the option that gave it, when the names differ.
FIELD_OPTIONS = {"account_id_random": "--account", "api_key": "--id"}


def as_option(root, command, problem):
    """The API's words for a problem, naming the command's option instead of the field
    (`--account: no account with this id`)."""
    field = problem.extra.get("field") or _field_of(problem.detail)
    options = _command(root, command)._option_string_actions
    option = FIELD_OPTIONS.get(field) or f"--{(field or '').replace('_', '-')}"
    if field is None or option not in options or options[option].help == argparse.SUPPRESS:
        return problem.detail
    return f"{option}: {problem.detail.removeprefix(f'{field}: ').removeprefix(f'{field} ')}"


def _field_of(detail):
    field = detail.split(": ", 1)[0]
    return field if field != detail and field.isidentifier() else None


def _command(root, name):
    commands = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices[name]


def attach_values(root, argv):
    """`--account -abc` as `--account=-abc`: an id_random may start with '-' (1 in 64), which
    argparse would take for an option."""
    actions = _all_actions(root)
    options = {option for action in actions for option in action.option_strings}
    takes_value = {option for action in actions if action.nargs is None and action.const is None
                   for option in action.option_strings}
    out = []
    for arg in argv:
        if out and out[-1] in takes_value and arg.startswith("-") and arg not in options:
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def _all_actions(root):
    commands = [action for action in root._actions if isinstance(action, argparse._SubParsersAction)]
    return [*root._actions, *(action for command in commands for sub in command.choices.values()
                              for action in sub._actions)]


def parser():
    root = argparse.ArgumentParser(prog="aether", description="Aether API: server and administration.")
    commands = root.add_subparsers(dest="command", required=True)

    command = commands.add_parser("migrate", help="apply migrations, then re-create views and procedures")
    command.add_argument("--extra", action="append", default=[], help="another migrations folder (tests)")
    command.set_defaults(run=run_migrate)

    command = commands.add_parser("serve", help="serve the API with uvicorn")
    command.add_argument("--host", default="127.0.0.1")
    command.add_argument("--port", type=int, default=5005)
    command.add_argument("--workers", type=int, help="processes (default: one per core in production, else 1)")
    command.set_defaults(run=run_serve)

    command = commands.add_parser("worker", help="run background jobs and schedules (beside serve)")
    command.set_defaults(run=run_worker)

    command = commands.add_parser("create-account", help="create an account; prints its id_random")
    command.add_argument("--name", required=True)
    command.add_argument("--code")
    command.add_argument("--json", action="store_true", help="print the new account as one JSON object")
    command.set_defaults(run=lambda settings, args: _with_services(settings, _create_account, args))

    command = commands.add_parser(
        "create-user", help="create a person in an account; prints the user's id_random",
        description=f"The password comes from {PASSWORD_SOURCES}.")
    command.add_argument("--email", required=True)
    command.add_argument("--password", nargs="?", action=RefusePasswordArgument, help=argparse.SUPPRESS)
    command.add_argument("--account", required=True, help="the account's id_random")
    command.add_argument("--role", required=True, choices=ROLES)
    command.add_argument("--name")
    command.add_argument("--platform-admin", action="store_true", help="may act on every account")
    command.add_argument("--json", action="store_true", help="print the new user as one JSON object")
    command.set_defaults(run=run_create_user)

    command = commands.add_parser("create-api-key", help="create an API key; prints the key once")
    command.add_argument("--account", required=True, help="the account's id_random")
    command.add_argument("--role", required=True, choices=ROLES)
    command.add_argument("--name")
    command.add_argument("--json", action="store_true", help="print the new key (id_random and secret) as one JSON object")
    command.set_defaults(run=lambda settings, args: _with_services(settings, _create_api_key, args))

    command = commands.add_parser("revoke-api-key", help="revoke an API key at once, on every worker")
    command.add_argument("--id", required=True, help="the key's id_random")
    command.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    command.set_defaults(run=lambda settings, args: _with_services(settings, _revoke_api_key, args))

    command = commands.add_parser("seed-demo", help="load the demo data set (development only)")
    command.set_defaults(run=run_seed_demo)
    command = commands.add_parser("seed-lookups", help="load or update the global lookup defaults (idempotent)")
    command.add_argument("--quiet", action="store_true", help="no progress bar (there is none unless stderr is a terminal)")
    command.set_defaults(run=run_seed_lookups)

    command = commands.add_parser("sync-mailman", help="mirror Novi groups into Mailman lists, for every site set up")
    command.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    command.add_argument("--json", action="store_true", help="print the reports as one JSON array")
    command.set_defaults(run=lambda settings, args: _with_services(settings, _sync_mailman, args))

    command = commands.add_parser("sync-zoom", help="Zoom Events tickets into registrations, for every mapped event")
    command.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    command.add_argument("--json", action="store_true", help="print the reports as one JSON array")
    command.set_defaults(run=lambda settings, args: _with_services(settings, _sync_zoom, args))

    command = commands.add_parser(
        "files-gc", help="remove stored files no hosted_file names, and uploads' leftover temporary files")
    command.add_argument("--temp-age", type=int, default=3600, metavar="SECONDS",
                         help="remove temporary files untouched this long (default 3600)")
    command.add_argument("--dry-run", action="store_true", help="count what would be removed; remove nothing")
    command.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    command.set_defaults(run=run_files_gc)
    return root


def run_migrate(settings, args):
    migrate(settings.db_url, extra_migrations=args.extra)


def run_serve(settings, args):
    workers = args.workers or (os.cpu_count() if settings.production else 1)
    serve(args.host, args.port, workers, settings.log_level.lower())


def run_worker(settings, args):
    from api import worker  # saq, ffmpeg wrappers: only what the worker needs

    worker.run(settings)


def run_seed_demo(settings, args):
    if settings.production:
        raise ConfigError("seed-demo loads public demo credentials and refuses to run with AE_ENV=production")
    return _with_services(settings, lambda services, args: demo.seed(services.db, services.files), args)


def run_seed_lookups(settings, args):
    with connect_sync(settings.db_url) as connection:
        counts = lookup_seed.seed(connection, progress=not args.quiet and sys.stderr.isatty())
    _with_services(settings, lambda services, args: lookups.invalidate_all(services.cache), args)
    print(", ".join(f"{kind}: {count}" for kind, count in counts.items()))


async def _sync_mailman(services, args):
    from api.integrations.mailman_sync import sync_all

    reports = await sync_all(services, args.dry_run)
    if args.json:
        print(json.dumps(reports))
        return
    for report in reports:
        for line in _sync_lines(report):
            print(line)
    if not reports:
        print("sync-mailman: no site has novi_mailman_sync settings")


def _sync_lines(report):
    site = report["site_id_random"]
    if "error" in report:
        return [f"site {site}: {report['error']}"]
    lines = []
    for entry in report["lists"]:
        name = f"site {site} list {entry['mailman_list_id']}"
        if "error" in entry:
            lines.append(f"{name}: {entry['error']}")
        else:
            add, remove = ("would add", "would remove") if report["dry_run"] else ("added", "removed")
            lines.append(f"{name}: {add} {len(entry['added'])}, {remove} {len(entry['removed'])}, "
                         f"unchanged {entry['unchanged']}, failed {len(entry['failed'])}")
    return lines


async def _sync_zoom(services, args):
    from api.integrations.zoom_runs import sync_all

    reports = await sync_all(services, args.dry_run)
    if args.json:
        print(json.dumps(reports))
        return
    for report in reports:
        for event in report.get("events", []):
            print(_zoom_line(event, report["dry_run"]))
        if "error" in report:
            print(f"sync-zoom: {report['error']}")
    if not reports:
        print("sync-zoom: no event has a zoom_event_id")


def _zoom_line(event, dry_run):
    name = f"event {event['event_id_random']} (zoom {event['zoom_event_id']})"
    if "error" in event:
        return f"{name}: {event['error']}"
    add, change = ("would add", "would change") if dry_run else ("added", "changed")
    return (f"{name}: {add} {len(event['added'])}, {change} {len(event['changed'])}, "
            f"unchanged {event['unchanged']}, failed {len(event['failed'])}")


def run_files_gc(settings, args):
    with connect_sync(settings.db_url) as connection:
        report = collect_garbage(BlobStore(settings.files_dir), connection, args.temp_age, args.dry_run)
    if args.json:
        print(json.dumps(report))
    else:
        verb = "would remove" if args.dry_run else "removed"
        print(f"files-gc: {report['blobs_kept']} files kept; {verb} {report['blobs_removed']} unused files "
              f"({report['bytes_removed']} bytes) and {report['temp_files_removed']} temporary files")


def created(args, human, last, record):
    """What a create command prints: a human line, then the value to capture alone on the last
    line; or, with --json, one JSON object."""
    if args.json:
        print(json.dumps(record))
    else:
        print(human)
        print(last)


async def _create_account(services, args):
    id_random = await accounts.create_account(services.db, args.name, args.code)
    created(args, f"created account {args.name!r}", id_random,
            {"id_random": id_random, "name": args.name, "code": args.code})


PASSWORD_SOURCES = ("the environment variable AE_PASSWORD if set, else a prompt on a terminal (asked twice), "
                    "else the first line of standard input")


class RefusePasswordArgument(argparse.Action):
    """`--password x` exits 2: an argument shows in `ps` and in shell history."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(f"{option_string} is not taken: a password given as an argument shows in `ps` and in shell "
                     f"history (change that one if it was real). The password comes from {PASSWORD_SOURCES}.")


def read_new_password(email):
    """The new person's password from AE_PASSWORD, the terminal or standard input, checked by
    the password policy; bad input raises a Problem naming where the password came from."""
    if "AE_PASSWORD" in os.environ:
        source, read = "AE_PASSWORD", lambda: os.environ["AE_PASSWORD"]
    elif sys.stdin and sys.stdin.isatty():
        source, read = "the prompt", lambda: _prompted_password(email)
    else:
        source, read = "standard input", lambda: _first_line(sys.stdin)
    try:
        password = read()
        if password is not None:
            password.encode("utf-8")  # fails on the surrogates that stand for bytes that were not UTF-8
    except UnicodeError:
        raise Problem(422, "invalid_field", f"password (from {source}): is not UTF-8 text",
                      field="password") from None
    if password is None:
        raise Problem(422, "invalid_field", f"password: none given; it comes from {PASSWORD_SOURCES}",
                      field="password")
    return check_new_password(password, f"password (from {source})")


def _first_line(stream):
    """The first line without its line end; None when the stream is empty or closed."""
    line = stream.readline() if stream else ""
    return line.removesuffix("\n").removesuffix("\r") if line else None


def _prompted_password(email):
    """Asked twice on the terminal, unechoed; None when the terminal is closed (Ctrl-D)."""
    try:
        password = getpass.getpass(f"Password for {email}: ")
        again = getpass.getpass("The same password again: ")
    except EOFError:
        return None
    if again != password:
        raise Problem(422, "invalid_field", "password (from the prompt): the two entries differ", field="password")
    return password


def run_create_user(settings, args):
    password = read_new_password(args.email)
    return _with_services(settings, lambda services, args: _create_user(services, args, password), args)


async def _create_user(services, args, password):
    user = await accounts.create_user(services.db, args.email, password, args.name, args.platform_admin,
                                      args.account, args.role)
    await services.credentials.invalidate()
    created(args, f"created user {args.email} with role {args.role} in account {args.account}", user,
            {"id_random": user, "email": args.email, "account_id_random": args.account, "role": args.role,
             "platform_admin": args.platform_admin})


async def _create_api_key(services, args):
    id_random, key = await create_api_key(services.db, args.account, args.role, args.name)
    created(args, f"created API key {id_random} with role {args.role} for account {args.account}; it is shown only"
            f" now (revoke it with: aether revoke-api-key --id {id_random}):", key,
            {"id_random": id_random, "key": key, "account_id_random": args.account, "role": args.role,
             "name": args.name})


async def _revoke_api_key(services, args):
    revoked_on, newly, told = await revoke_api_key(services, args.id)
    if not told:
        raise CommandFailed(
            f"revoked API key {args.id} in the database, but Redis did not answer, so the running workers"
            f" were not told: they refuse it within {services.settings.credential_cache_seconds} seconds"
            " (AE_CREDENTIAL_CACHE_SECONDS), when their cached credentials expire")
    when = revoked_on.strftime("%Y-%m-%dT%H:%M:%SZ")
    if args.json:
        print(json.dumps({"id_random": args.id, "revoked_on": when, "already_revoked": not newly}))
    else:
        print(f"revoked API key {args.id}" if newly else f"API key {args.id} was already revoked, on {when}")


def _with_services(settings, action, args):
    async def run():
        db = Database(settings.db_url, 1, 1)
        cache = Cache(settings.redis_url)
        try:
            await db.start()
            services = Services(settings, db, cache, Credentials(db, cache), files=BlobStore(settings.files_dir),
                                http=outbound.client(settings))
            try:
                return await action(services, args)
            finally:
                await services.http.aclose()
        finally:
            await db.stop()
            await cache.close()
    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
