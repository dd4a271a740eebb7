"""The devsite end to end over HTTP (Django's test client): the demo cohort, login, every
scenario, handlers with CSRF, staff-only authoring, and a seed that never wipes work."""
from __future__ import annotations

import json

import pytest
from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from workbench.models import XBlockState

from devsite.runtime import course_key
from orglab_plugin.models import Submission
from tests.helpers import valid_answers

pytestmark = pytest.mark.django_db

UNIT1 = str(course_key().make_usage_key("orglab_worksheet", "unit1_worksheet"))


@pytest.fixture(autouse=True)
def _english_after():
    """A request in Spanish leaves Spanish active in this thread (LocaleMiddleware does not reset
    it): back to English after each test, so the next file's messages are not translated."""
    yield
    translation.activate("en")


@pytest.fixture
def seeded(db):
    call_command("seed_demo", learners=3)


def logged_in(username: str, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    assert client.login(username=username, password="orglab-dev")
    return client


def post_json(client: Client, url: str, data, **extra):
    return client.post(url, data=json.dumps(data), content_type="application/json", **extra)


def test_seed_creates_the_demo_cohort_and_course(seeded):
    users = get_user_model().objects
    assert users.get(username="staff").is_staff
    assert users.filter(username__startswith="learner").count() == 3
    assert users.get(username="learner3").groups.filter(name="Organizer Lab 2026 cohort").exists()


def test_the_full_cohort_is_fifty_learners(db):
    call_command("seed_demo")
    assert get_user_model().objects.filter(username__startswith="learner").count() == 50


def test_the_index_lists_the_six_units_and_our_scenarios(seeded):
    html = Client().get("/").content.decode()
    for unit in range(1, 7):
        assert f'href="/scenario/unit{unit}/"' in html
    for index in range(4):
        assert f'href="/scenario/orglab_worksheet.{index}/"' in html
    assert "Unit 3 · The needs of your campaign" in html


def test_learners_log_in_with_the_documented_password(seeded):
    response = Client().post("/login/", {"username": "learner1", "password": "orglab-dev"})
    assert response.status_code == 302
    assert Client().post("/login/", {"username": "learner1", "password": "wrong"}).status_code == 200


def test_every_scenario_renders_for_a_learner(seeded):
    from devsite.scenarios import get_scenarios

    client = logged_in("learner1")
    for scenario_id in get_scenarios():
        response = client.get(f"/scenario/{scenario_id}/")
        assert response.status_code == 200, scenario_id
        assert b"data-block-type='orglab_" in response.content, scenario_id


def test_pages_need_a_login(seeded):
    response = Client().get("/scenario/unit1/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = post_json(Client(), f"/handler/{UNIT1}/save_draft/", {})
    assert response.status_code == 403
    assert "Sign in" in response.json()["error"]


def test_studio_is_for_staff_only(seeded):
    assert logged_in("learner1").get("/scenario/unit1/studio_view/").status_code == 403
    assert logged_in("staff").get("/scenario/unit1/studio_view/").status_code == 200
    response = post_json(logged_in("learner1"), f"/handler/{UNIT1}/studio_submit/", {"display_name": "hacked"})
    assert response.status_code == 403


def test_handlers_need_the_csrf_token(seeded):
    client = logged_in("learner1", enforce_csrf=True)
    client.get("/scenario/unit1/")
    token = client.cookies["csrftoken"].value
    data = {"answers": {"gap_region": "Andes"}, "revision": 0, "client": "t", "seq": 1}
    assert post_json(client, f"/handler/{UNIT1}/save_draft/", data).status_code == 403
    response = post_json(client, f"/handler/{UNIT1}/save_draft/", data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_unknown_blocks_and_handlers_are_404_not_500(seeded):
    client = logged_in("learner1")
    assert post_json(client, "/handler/block-v1:X+Y+Z+type@orglab_worksheet+block@nope/save_draft/", {}).status_code == 404
    assert post_json(client, "/handler/not-a-key/save_draft/", {}).status_code == 404
    assert post_json(client, f"/handler/{UNIT1}/no_such_handler/", {}).status_code == 404
    assert client.get("/scenario/no-such-scenario/").status_code == 404


def test_a_submit_over_http_stores_a_version_and_a_completion(seeded):
    from devsite.runtime import DevsiteRuntime
    from devsite.scenarios import get_scenarios

    learner = get_user_model().objects.get(username="learner2")
    get_scenarios()
    block = DevsiteRuntime(learner).get_block(course_key().make_usage_key("orglab_worksheet", "unit1_worksheet"))
    answers = valid_answers(block.config())
    client = logged_in("learner2")
    response = post_json(client, f"/handler/{UNIT1}/submit/",
                         {"answers": answers, "revision": 0, "client": "t", "seq": 1})
    assert response.status_code == 200, response.content
    assert Submission.objects.filter(user=learner).count() == 1
    completion = BlockCompletion.objects.get(user=learner)
    assert completion.completion == 1.0 and str(completion.block_key) == UNIT1
    # edx-completion's tracking event went through event-tracking to the devsite's tracking log.
    from django.conf import settings

    tracking = (settings.VAR_DIR / "tracking.log").read_text(encoding="utf-8")
    assert "edx.completion.block_completion.changed" in tracking and UNIT1 in tracking
    api = client.get("/api/orglab/v1/submissions/", {"course_id": str(course_key())})
    assert api.status_code == 200 and api.json()["count"] == 1


def test_seeding_again_keeps_accounts_and_work(seeded):
    client = logged_in("learner1")
    post_json(client, f"/handler/{UNIT1}/save_draft/",
              {"answers": {"gap_region": "Andes"}, "revision": 0, "client": "t", "seq": 1})
    learner = get_user_model().objects.get(username="learner1")
    learner.set_password("changed-by-learner")
    learner.save()
    states = XBlockState.objects.filter(user_id=str(learner.pk)).count()

    call_command("seed_demo", learners=3)
    from devsite.scenarios import init_scenarios

    init_scenarios()  # a server restart reloads the course

    assert Client().login(username="learner1", password="changed-by-learner")
    assert XBlockState.objects.filter(user_id=str(learner.pk)).count() == states
    # The workbench's own clean-up of children before a reload finds our rows by its names.
    assert XBlockState.objects.filter(scope="children").count() == XBlockState.objects.filter(
        scope="children").values("scope_id").distinct().count() > 0
    page = logged_in("staff").get("/scenario/unit1/")
    assert page.status_code == 200
    client = Client()
    client.login(username="learner1", password="changed-by-learner")
    assert "Andes" in client.get("/scenario/unit1/").content.decode()


def test_the_seed_hashes_the_demo_password_once_for_every_account(seeded):
    from django.contrib.auth.hashers import check_password

    hashes = set(get_user_model().objects.values_list("password", flat=True))
    assert len(hashes) == 1  # one (slow) hash computed, reused for all the demo accounts
    assert check_password("orglab-dev", hashes.pop())


def test_the_login_page_shows_the_demo_password_once_the_demo_is_seeded(db):
    before = Client().get("/login/").content.decode()
    assert "orglab-dev" not in before
    assert "make seed" in before
    call_command("seed_demo", learners=1, stages=False)
    after = Client().get("/login/").content.decode()
    assert '<code class="demo-password">orglab-dev</code>' in after


def test_the_login_page_speaks_spanish(seeded):
    html = Client(HTTP_ACCEPT_LANGUAGE="es").get("/login/").content.decode()
    assert "La contraseña de todas las cuentas de demostración es" in html
    assert "Iniciar sesión" in html and "Contraseña" in html


def test_my_progress_is_the_plugins_learner_page_for_the_demo_course(seeded):
    """`/progress/` (bookmarks, the header's link) leads to "My Organizer Lab" for the demo course,
    whose units open in the devsite and whose "Back to the course" opens the index."""
    client = logged_in("learner1")
    me = f"/orglab/courses/{course_key()}/me/"
    assert client.get("/progress/")["Location"] == me
    response = client.get("/progress/", follow=True)
    assert response.redirect_chain == [(me, 302)] and response.status_code == 200
    html = response.content.decode()
    assert "My Organizer Lab" in html and "Unit 3 · The needs of your campaign" in html
    assert 'href="/progress/">My Organizer Lab</a>' in client.get("/").content.decode()  # the header's link
    units = [part.split('"')[0] for part in html.split(f'href="/courses/{course_key()}/jump_to/')[1:]]
    assert len(units) == 7  # "Back to the course" and the six units
    assert client.get(f"/courses/{course_key()}/jump_to/{units[0]}")["Location"] == "/"
    for target in units[1:]:
        assert client.get(f"/courses/{course_key()}/jump_to/{target}")["Location"].startswith("/scenario/unit")
    assert client.get("/courses/course-v1:Other+Course+1/jump_to/block-v1:Other+Course+1+type@course+block@course"
                      ).status_code == 404
    anonymous = Client().get("/progress/", follow=True)
    assert anonymous.redirect_chain[-1][0].startswith("/login/?next=")


def test_the_devsite_pages_speak_spanish(seeded):
    client = logged_in("staff")
    index = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    for text in ("El curso de demostración", "Escenarios de bloques", "editar en la vista de Studio",
                 "Panel de la cohorte", "Cerrar sesión", "Idioma"):
        assert text in index, text
    assert "← Todas las unidades" in client.get("/scenario/unit1/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    refused = logged_in("learner1").get("/scenario/unit1/studio_view/", HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 403 and "Solo para el equipo del curso" in refused.content.decode()
    error = Client().post(f"/handler/{UNIT1}/submit/", data="{}", content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="es")
    assert error.status_code == 403 and error.json() == {"error": "Inicia sesión para guardar tu trabajo."}


@pytest.fixture
def with_mentors(db):
    """The cohort up to learner45 (mentor1's learners), without their staged work."""
    call_command("seed_demo", learners=45, stages=False)


def test_the_login_page_and_the_index_name_the_mentors(db):
    before = Client().get("/login/").content.decode()
    assert "<code>mentor1</code>, <code>mentor2</code>" in before  # what `make seed` creates
    call_command("seed_demo", learners=1, stages=False)
    for html in (Client().get("/login/").content.decode(), Client().get("/").content.decode()):
        assert "<code>mentor1</code> (" in html and "<code>mentor2</code> (" in html
        assert "learner41 … learner45" in html and "learner46 … learner50" in html
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    login = spanish.get("/login/").content.decode()
    assert "los mentores <code>mentor1</code> (de learner41 … learner45)" in login
    index = spanish.get("/").content.decode()
    assert "o como mentor, <code>mentor1</code>" in index and "para revisar su trabajo" in index


def test_the_index_links_the_review_queue_for_mentors_and_staff_only(with_mentors):
    queue = f'href="/orglab/courses/{course_key()}/review/"'
    for username in ("mentor1", "staff"):
        client = logged_in(username)
        html = client.get("/").content.decode()
        assert queue in html, username
        assert client.get(f"/orglab/courses/{course_key()}/review/").status_code == 200, username
        spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert "Cola de revisión</a> (mentores y equipo del curso)" in spanish, username
    for client in (logged_in("learner41"), Client()):
        assert queue not in client.get("/").content.decode()
