"""GET /docs: Swagger UI from the server's own files, rendered by a headless Chromium against a
real `aether serve`, lists the operations of the registry's types (nothing comes from the network)."""

import re
import shutil
import subprocess

import httpx
import pytest

from tests.api.test_serve import served

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make tools installs it)")


def rendered(url):
    """The DOM of a page once its scripts have run, as headless Chromium dumps it."""
    done = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def opblock_paths(dom):
    """The paths the page shows in its operation blocks (Swagger UI breaks them with <wbr> or
    zero-width spaces)."""
    text = re.sub(r"<wbr>|\u200b", "", dom)
    return set(re.findall(r'class="opblock-summary-path"[^>]*>.*?<span>([^<]+)</span>', text))


def test_docs_page_serves_swagger_ui_from_local_files(settings):
    with served(settings) as url:
        page = httpx.get(f"{url}/docs")
        assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
        assert {link.split("/static/")[0] for link in re.findall(r'(?:href|src)="([^"]*)"', page.text)} == {"/docs"}
        assert httpx.get(f"{url}/docs/static/swagger-ui-bundle.js").status_code == 200
        assert httpx.get(f"{url}/docs/static/LICENSE").status_code == 404


def test_the_browser_lists_event_session_operations(settings):
    with served(settings) as url:
        paths = opblock_paths(rendered(f"{url}/docs"))
    assert "/v3/crud/event_session" in paths and "/v3/crud/event_session/{id}" in paths
