"""Playwright driving Debian's chromium (never a downloaded browser)."""

import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def admin_login(browser, base: str, username: str, password: str, *, height: int = 1000):
    """A new browser context signed in to the Wagtail admin on a desktop screen."""
    from tests.browser.helpers import DESKTOP, sign_in

    return sign_in(browser, base, username, password, viewport={**DESKTOP, "height": height})


@pytest.fixture
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS


class RequestsInFlight:
    """The live server's requests still being answered, so a test can wait for none.

    With SQLite the live server's threads share the test's own in-memory database connection.
    A request the browser sends as a page closes (the analytics beacon on ``pagehide``, the
    admin's editing-session ping) could still be running while the next test sets up its
    sites: two threads in one connection's transaction state left it outside any transaction
    with autocommit off, and every later test on that worker failed (seen once in CI). Tests
    therefore begin only when the live server has no request in flight."""

    def __init__(self, app) -> None:
        self.app = app
        self.paths: list[str] = []
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        with self.changed:
            self.paths.append(path)
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.done(path)
            raise
        return AnswerThenDone(result, lambda: self.done(path))

    def done(self, path: str) -> None:
        with self.changed:
            self.paths.remove(path)
            self.changed.notify_all()

    def wait_for_none(self, timeout: float = 30) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: not self.paths, timeout):
                pytest.fail(f"the live server is still answering {self.paths} after {timeout} s")


class AnswerThenDone:
    """A WSGI answer that reports when the server has closed it (sent, or the client left)."""

    def __init__(self, result, done) -> None:
        self.result = result
        self.done = done

    def __iter__(self):
        return iter(self.result)

    def close(self) -> None:
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            done, self.done = self.done, None
            if done:
                done()


def requests_in_flight(live_server) -> RequestsInFlight:
    """The live server's counter, put in front of its application the first time it is asked."""
    httpd = live_server.thread.httpd
    if not isinstance(httpd.application, RequestsInFlight):
        httpd.set_app(RequestsInFlight(httpd.application))
    return httpd.application


@pytest.fixture(autouse=True)
def _close_pages_after_each_test(request):
    """Every page a test opened is closed when it ends: a page left open (a live story polling
    for posts, the admin pinging its editing session) would keep calling the live server while
    the next transactional test empties the database, and a request caught in that gets a
    database error (seen once on PostgreSQL: the next test's sign-in page). Then the test waits
    until the live server has answered what the closing pages sent (RequestsInFlight)."""
    uses_server = "live_server" in request.fixturenames
    if uses_server:
        requests_in_flight(request.getfixturevalue("live_server")).wait_for_none()
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    if uses_server:
        requests_in_flight(request.getfixturevalue("live_server")).wait_for_none()
