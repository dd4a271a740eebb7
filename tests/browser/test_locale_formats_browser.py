"""A browser asking for Latin-American Spanish (es-419) gets the blocks in Spanish, presets
included, and the shared script writes dates and numbers as the server does for that language
(OrgLab.localDate = orglab_xblocks.i18n.long_date; OrgLab.fmt with Intl.NumberFormat)."""
from __future__ import annotations

import pytest
from django.utils import translation

from orglab_xblocks.i18n import long_date, translator
from orglab_xblocks.worksheet.presets import PRESETS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_es_419_gets_spanish_blocks_and_spanish_dates_and_numbers(live_server, browser, django_user_model):
    django_user_model.objects.create_user("learner1", "learner1@example.org", "orglab-dev")
    context = browser.new_context(locale="es-419")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/login/")
        page.locator("#id_username").fill("learner1")
        page.locator("#id_password").fill("orglab-dev")
        page.locator("#id_password").press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/scenario/unit1/")
        page.wait_for_function("() => window.OrgLab && typeof window.OrgLab.localDate === 'function'")
        assert page.evaluate("() => document.documentElement.lang").startswith("es")
        title = translator("es")(PRESETS["unit1"]["title"])
        assert title != PRESETS["unit1"]["title"]
        assert page.locator(".orglab-ws-title").inner_text() == title
        iso = "2026-03-15T23:30:00+00:00"
        with translation.override("es"):
            server = long_date(iso)
        assert server == "15 de marzo de 2026"
        assert page.evaluate("(iso) => window.OrgLab.localDate(iso)", iso) == server
        assert page.evaluate("() => window.OrgLab.fmt('{n} / {s}', {n: 12345.5, s: '12345'})") == "12.345,5 / 12345"
    finally:
        context.close()
