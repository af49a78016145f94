"""A TypeScript client generated from /openapi.json by openapi-typescript type-checks a typed
fetch of an event_session list under tsc --strict."""

import json
import shutil
import subprocess

import pytest

NPX = shutil.which("npx")
pytestmark = pytest.mark.skipif(NPX is None, reason="node is not installed (make tools installs nodejs and npm)")

SAMPLE = """\
import type { paths } from "./api";

type SessionList = paths["/v3/crud/event_session"]["get"];
type Query = NonNullable<SessionList["parameters"]["query"]>;
type Page = SessionList["responses"]["200"]["content"]["application/json"];

export async function sessionNames(base: string, key: string, query: Query): Promise<string[]> {
  const url = new URL("/v3/crud/event_session", base);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  const response = await fetch(url, { headers: { "x-api-key": key } });
  const page = (await response.json()) as Page;
  return page.data.map((session) => session.name);
}

export const firstTen: Query = { limit: 10, sort: "name" };
"""
# The same sample, misusing the types: tsc must refuse it.
WRONG = SAMPLE.replace('{ limit: 10, sort: "name" }', '{ limit: "ten" }')


def npx(*args, cwd):
    return subprocess.run([NPX, "--yes", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def type_check(directory, source):
    (directory / "sample.ts").write_text(source)
    return npx("-p", "typescript@5", "tsc", "--noEmit", "--strict", "--target", "es2020", "--lib", "es2020,dom",
               "sample.ts", "api.d.ts", cwd=directory)


def test_a_generated_typescript_client_type_checks_a_typed_event_session_list(client, tmp_path):
    (tmp_path / "openapi.json").write_text(json.dumps(client.get("/openapi.json").json()))
    generated = npx("openapi-typescript@7", "openapi.json", "-o", "api.d.ts", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    checked = type_check(tmp_path, SAMPLE)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    refused = type_check(tmp_path, WRONG)
    line = WRONG[:WRONG.index("firstTen")].count("\n") + 1
    assert refused.returncode != 0 and f"sample.ts({line}," in refused.stdout and "TS2322" in refused.stdout
