"""The learner's own page, "My Organizer Lab" (`orglab:my-lab`, orglab_plugin/learner_page.py): their
units, certificate, grant-fund eligibility and submissions, and nobody else's; anonymous visitors
log in first, a course that is not one is a 404, a learner not enrolled gets a 403; in Spanish it
shows no English string of its own."""
from __future__ import annotations

import re
import uuid

import pytest
from completion.models import BlockCompletion
from django.urls import reverse
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api, awards, outline, policy
from orglab_plugin.models import CertificateAward, CoursePolicy, CourseStaffRole, StaffMilestone
from tests.helpers import owned_english, text_chunks

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Test+Lab+1")
ARABIC_UNIT = "الوحدة الثانية: فجوات المعرفة"
ARABIC_NAME = "وانغاري ماثاي"
UNIT_TITLES = ["Finding the gap", ARABIC_UNIT]
POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": True, "milestones": ["live_sessions"], "submissions": [
        {"id": "topics", "block_type": "orglab_topic_list", "min_topics": 2, "unit": None,
         "label": "A submitted topic list of at least 10 topics"}]},
    "milestones": [{"id": "live_sessions", "label": "Attended the live sessions"}],
    "excluded_block_types": ["html"],
})


def key(block_type, name):
    return COURSE.make_usage_key(block_type, name)


WORKSHEET = key("orglab_worksheet", "u1ws")
TOPICS = key("orglab_topic_list", "u2topics")
OTHER_WORKSHEET = key("orglab_worksheet", "u2ws")


def url(course_id=str(COURSE)) -> str:
    return reverse("orglab:my-lab", args=[course_id])


@pytest.fixture
def course(completion_on):
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, [
        outline.UnitSpec(key=key("chapter", "unit1"), title=UNIT_TITLES[0],
                         blocks=[(WORKSHEET, "orglab_worksheet"), (key("html", "intro"), "html")]),
        outline.UnitSpec(key=key("chapter", "unit2"), title=UNIT_TITLES[1],
                         blocks=[(TOPICS, "orglab_topic_list"), (OTHER_WORKSHEET, "orglab_worksheet")]),
    ], {"html"})
    return COURSE


@pytest.fixture
def enrolled(course, learner, other_learner):
    api.enroll(learner, COURSE)
    api.enroll(other_learner, COURSE)
    return learner


def submit(user, block_key, payload):
    return api.record_submission(course_key=COURSE, user=user, block_key=block_key,
                                 block_type=block_key.block_type, payload=payload)


def complete(user, block_key):
    BlockCompletion.objects.submit_completion(user=user, block_key=block_key, completion=1.0)


def page(client, user, course_id=str(COURSE), language="en"):
    client.force_login(user)
    return client.get(url(course_id), HTTP_ACCEPT_LANGUAGE=language)


# --------------------------------------------------------------------------- who sees what


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) and "next=" in response["Location"]


@pytest.mark.parametrize("course_id", ["not-a-course", "course-v1:Nobody+Such+1", "course-v1:%20"])
def test_a_course_id_that_is_not_an_organizer_lab_course_is_a_404(client, enrolled, course_id):
    response = page(client, enrolled, course_id)
    assert response.status_code == 404
    assert "No such course" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_a_learner_not_enrolled_gets_a_clear_403(client, course, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "x")
    response = page(client, stranger)
    assert response.status_code == 403
    assert "You are not enrolled in this course" in response.content.decode()


def test_course_staff_see_their_own_page_without_enrolling(client, course, staff):
    CourseStaffRole.objects.create(user=staff, course_key=COURSE)
    assert page(client, staff).status_code == 200


def test_only_get_and_head(client, enrolled):
    client.force_login(enrolled)
    assert client.post(url()).status_code == 405


# --------------------------------------------------------------------------- what the page shows


def test_the_learner_sees_their_units_certificate_eligibility_and_submissions(client, enrolled, other_learner):
    learner = enrolled
    submit(learner, WORKSHEET, {"answers": {"a": "first"}})
    submit(learner, WORKSHEET, {"answers": {"a": "second"}})
    submit(learner, TOPICS, {"rows": [{"id": "1"}]})
    complete(learner, WORKSHEET)
    complete(learner, TOPICS)
    # Another learner's work, certificate and name never show on this learner's page.
    submit(other_learner, OTHER_WORKSHEET, {"answers": {"a": "theirs"}})
    CertificateAward.objects.create(user=other_learner, course_key=COURSE, uuid=uuid.uuid4(),
                                    status=CertificateAward.AWARDED, awarded_at=timezone.now(), name="Someone Else")

    response = page(client, learner)
    assert response.status_code == 200
    html = response.content.decode()
    # Units, linked to the unit in the LMS, with what is done.
    unit1 = f'/courses/{COURSE}/jump_to/{key("chapter", "unit1")}'
    assert f'href="{unit1}"' in html
    assert "1 of 1 activity complete" in html and "1 of 2 activities complete" in html
    assert html.count('class="done"') == 1
    # The certificate is not earned yet, and why.
    certificate = html.split('class="certificate"')[1].split("</section>")[0]
    assert "Not earned yet" in certificate
    assert "(الوحدة الثانية: فجوات المعرفة): 1 of 2 activities complete" in certificate
    # Eligibility: the policy's reasons.
    eligibility = html.split('class="eligibility"')[1].split("</section>")[0]
    assert "Certificate of completion: not earned yet" in eligibility
    assert "A submitted topic list of at least 10 topics: the latest has 1" in eligibility
    assert "Attended the live sessions: not recorded yet" in eligibility
    assert "activities complete" not in eligibility  # the certificate's list is not repeated
    # Submissions: one entry per block, newest version first, earlier ones listed with their dates.
    submissions = html.split('class="submissions"')[1].split("</section>")[0]
    assert submissions.count("<li data-block-type=") == 2
    assert "Version 2" in submissions and "1 earlier version" in submissions and "Version 1" in submissions
    assert "1 topic" in submissions
    assert f'href="/courses/{COURSE}/jump_to/{WORKSHEET}"' in submissions
    assert str(OTHER_WORKSHEET) not in html
    assert "Someone Else" not in html and other_learner.username not in html
    # Under orglab's own Content-Security-Policy, its stylesheet carries the nonce.
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in html and "unsafe-inline" not in response["Content-Security-Policy"]


def test_an_earned_certificate_links_to_its_page_and_pdf_and_eligibility_says_so(client, enrolled):
    learner = enrolled
    complete(learner, WORKSHEET)
    complete(learner, TOPICS)
    complete(learner, OTHER_WORKSHEET)
    submit(learner, TOPICS, {"rows": [{"id": "1"}, {"id": "2"}]})
    StaffMilestone.objects.create(user=learner, course_key=COURSE, milestone="live_sessions", date="2026-11-20")
    awards.evaluate_learners(COURSE, [learner.pk])
    award = CertificateAward.objects.get(user=learner)
    award.name = ARABIC_NAME
    award.save()

    html = page(client, learner).content.decode()
    certificate = html.split('class="certificate"')[1].split("</section>")[0]
    assert "Earned on" in certificate
    assert f'href="{reverse("orglab:certificate-verify", args=[award.uuid])}"' in certificate
    assert f'href="{reverse("orglab:certificate-pdf", args=[award.uuid])}"' in certificate
    assert f'<bdi dir="auto" class="name">{ARABIC_NAME}</bdi>' in certificate
    eligibility = html.split('class="eligibility"')[1].split("</section>")[0]
    assert "You may apply to the grant fund." in eligibility and 'class="reasons unmet"' not in eligibility
    assert "Attended the live sessions" in eligibility  # the milestone recorded, with its date
    assert 'datetime="2026-11-20"' in eligibility


def test_a_revoked_certificate_and_a_staff_denial_are_said_plainly(client, enrolled, staff):
    learner = enrolled
    CertificateAward.objects.create(user=learner, course_key=COURSE, uuid=uuid.uuid4(), status=CertificateAward.REVOKED,
                                    awarded_at=timezone.now(), revoked_at=timezone.now(), name="Ada")
    awards.evaluate_learners(COURSE, [learner.pk])
    api.set_eligibility_override(learner, COURSE, "deny", "Did not attend", staff)
    html = page(client, learner).content.decode()
    assert "Your certificate was revoked by the course staff on" in html
    assert "/orglab/certificates/" not in html
    assert "The course staff decided that you may not apply to the grant fund." in html
    assert "Did not attend" not in html  # the staff's reason is theirs, not shown to the learner


def test_learners_text_in_a_right_to_left_script_is_isolated(client, enrolled):
    html = page(client, enrolled).content.decode()
    assert f'dir="auto">{ARABIC_UNIT}</a>' in html


def test_a_learner_with_nothing_submitted_is_told_what_will_appear(client, enrolled):
    html = page(client, enrolled).content.decode()
    assert "You have not submitted anything yet." in html


# --------------------------------------------------------------------------- in Spanish


@pytest.mark.parametrize("language", ["es", "es-419", "es-ES,es;q=0.9,en;q=0.5"])
def test_in_spanish_the_page_shows_no_english_string_of_its_own(client, enrolled, language):
    learner = enrolled
    submit(learner, WORKSHEET, {"answers": {"a": "x"}})
    submit(learner, WORKSHEET, {"answers": {"a": "y"}})
    submit(learner, TOPICS, {"rows": [{"id": "1"}, {"id": "2"}]})
    complete(learner, WORKSHEET)
    content = {*UNIT_TITLES, "Organizer Lab", str(COURSE)}  # what the course's authors wrote
    english = page(client, learner).content.decode()
    spanish_response = page(client, learner, language=language)
    spanish = spanish_response.content.decode()
    assert '<html lang="es"' in spanish
    ours = owned_english(english, content)
    assert len(ours) > 20  # the English page really was read
    leaked = ours & set(text_chunks(spanish))
    assert not leaked, leaked
    for english_word in ("Version", "activities complete", "earlier version", "Not yet", "Back to the course"):
        assert english_word not in spanish, english_word
    assert "Mi Organizer Lab" in spanish and "Versión 2" in spanish and "Unidad" in spanish


def test_in_spanish_the_refusals_are_spanish_too(client, course, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "x")
    forbidden = page(client, stranger, language="es").content.decode()
    missing = page(client, stranger, "not-a-course", language="es").content.decode()
    assert "No estás inscrito en este curso" in forbidden
    assert "No existe ese curso" in missing
    for html in (forbidden, missing):
        assert not {c for c in text_chunks(html) if re.search(r"\b(the|you|this|course)\b", c)}
