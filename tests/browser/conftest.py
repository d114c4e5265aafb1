"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server on 127.0.0.1.

Every test here is marked `browser`; ./test runs them in their own pytest process (Playwright's event
loop and Django's async_to_sync do not share a process well).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.inflight import wait_until_idle

PASSWORD = "correct horse battery"


# CI runs on two cores next to a live server and a database: give a page up to 15 s (not 5) to show what
# a test waits for, so a busy machine slows a run down instead of failing it.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server builds its middleware once, when it starts, and SecurityMiddleware reads
    SECURE_SSL_REDIRECT then: with DEBUG off (as ./test runs) it would send Chromium to https on a
    plain-HTTP server. This session fixture runs before the live server starts, so it serves HTTP."""
    from django.conf import settings
    from django.test import override_settings

    middleware = ["tests.browser.inflight.InFlightMiddleware", *settings.MIDDLEWARE]
    with override_settings(SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False,
                           MIDDLEWARE=middleware):
        yield


@pytest.fixture(autouse=True)
def _server_idle_before_flush():
    """Set up before the test's page and after its database (pytest-django's live-server helper is an
    autouse fixture of a plugin, so it comes first): on teardown the page is closed already, and this waits
    for the live server's last answers before the database is emptied."""
    yield
    wait_until_idle()


@pytest.fixture
def base(live_server):
    return live_server.url


@pytest.fixture
def sign_in(page, base):
    """Log in through the real login form, as a person would."""

    def sign_in_as(person):
        page.goto(f"{base}/accounts/login/")
        page.locator("input[name=login]").fill(person.user.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        return page

    return sign_in_as


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A desktop screen wide enough for the whole menu (it collapses below 1400 px); phone journeys set
    their own viewport."""
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}}
