"""The cohort dashboard and the certificate's verification page in Spanish show no English string of
their own (issue 14): each page is read in English, and every text a reader meets there (text nodes,
aria-labels, titles) that is the project's own must be gone from the same page in Spanish. What the
course's authors and the learners wrote (unit titles, names, the course's name) is exempt.

The demo course and cohort (`seed_demo`) give both pages real content: learners at every stage, a
certificate (learner44)."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from devsite.runtime import course_key
from devsite.scenarios import demo_units
from orglab_plugin.models import CertificateAward
from tests.helpers import owned_english, text_chunks

pytestmark = pytest.mark.django_db

SPANISH = ["es", "es-419", "es-ES,es;q=0.9,en;q=0.5"]


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate("en")


@pytest.fixture
def demo(db, completion_on):
    call_command("seed_demo")


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="orglab-dev")
    return client


def content(*more: str) -> set[str]:
    """What the demo course's authors wrote, the people's names, and names that are not ours."""
    titles = {title for _number, title, _xml in demo_units()}
    people = {user.get_full_name() for user in get_user_model().objects.all()} - {""}
    return {*titles, *people, *more, str(course_key()), "Organizer Lab", "Wikimedia", "learner", "staff",
            "orglab", "CSV", "JSON", "XLSX", "ODS", "ZIP", "Markdown", "live_sessions", "mentor_signoff",
            "username,milestone,date"}  # the milestone ids and the CSV's header are data, not words


def assert_spanish(english_html: str, spanish_html: str, *, at_least: int, exempt: tuple[str, ...] = ()) -> None:
    ours = owned_english(english_html, content(*exempt))
    assert len(ours) >= at_least, sorted(ours)  # the English page really was read
    leaked = ours & set(text_chunks(spanish_html))
    assert not leaked, sorted(leaked)
    assert '<html lang="es"' in spanish_html


@pytest.mark.parametrize("language", SPANISH)
def test_the_dashboard_shows_no_english_string_of_its_own_in_spanish(demo, language):
    client = logged_in("staff")
    url = f"/orglab/courses/{course_key()}/dashboard/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert english.status_code == spanish.status_code == 200
    assert_spanish(english.content.decode(), spanish.content.decode(), at_least=40)


@pytest.mark.parametrize("language", SPANISH)
def test_the_certificate_page_shows_no_english_string_of_its_own_in_spanish(demo, language):
    award = CertificateAward.objects.get(user__username="learner44", course_key=course_key())
    url = f"/orglab/certificates/{award.uuid}/"
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    spanish = Client().get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert english.status_code == spanish.status_code == 200
    assert_spanish(english.content.decode(), spanish.content.decode(), at_least=5, exempt=(str(award.uuid),))
