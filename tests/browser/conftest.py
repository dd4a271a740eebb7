"""Browser tests: Debian's headless Chromium driven by Playwright against the devsite, served
by pytest-django's live server on loopback. No browser is ever downloaded."""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("ORGLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the test still uses the ORM here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(context=None):
        if context is None:
            context = browser.new_context(locale="en-US")
            contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, base_url: str, username: str, password: str = "orglab-dev") -> None:
    page.goto(f"{base_url}/login/")
    # By id, not by label: the login page speaks the browser's language (es: "Nombre de usuario").
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
