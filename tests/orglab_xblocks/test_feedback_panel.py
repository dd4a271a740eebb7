"""The mentors' feedback inside the blocks (issue 15, orglab_xblocks/feedback.py): a learner sees the
feedback given on their submitted versions beside the version it was given on, newest first, what
they have not read marked as new (and read once shown), a request for revision said plainly; the
comment stays text (escaped, any script); nobody sees another learner's feedback. In the devsite's
real runtime, with feedback given through the plugin's API, for every block type."""
from __future__ import annotations

import pytest
from django.utils import translation
from lxml import html as lxml_html

from devsite.demo_work import submit_activity
from devsite.runtime import course_key
from devsite.scenarios import sync_demo_outline
from orglab_plugin import api

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> ¿Y la <b>brecha</b>? الفجوة"
# Each block of the demo course, how the demo submits it, and a section feedback can name there.
BLOCKS = {
    "orglab_worksheet": ("unit1_worksheet", "unit1_worksheet", "gap_statement"),
    "orglab_topic_list": ("unit2_topic_list", "unit2_topic_list", ""),
    "orglab_audience": ("unit3_audience", "unit3_audience", ""),
}


@pytest.fixture
def course(scenarios, completion_on, learner, other_learner, django_user_model):
    sync_demo_outline()
    mentor = django_user_model.objects.create_user("mentor1", "m1@example.org", "orglab-dev")
    api.enroll_many([learner.pk, other_learner.pk], course_key())
    api.assign_mentor(course_key(), learner, mentor, mentor)
    api.assign_mentor(course_key(), other_learner, mentor, mentor)
    return mentor


def css(element, selector: str) -> list:
    """Elements under `element` matching a simple selector: `.class`, `tag`, `tag.class` or `[data-unread=true]`."""
    if selector == "[data-unread=true]":
        return element.xpath(".//*[@data-unread='true']")
    tag, _dot, cls = selector.partition(".")
    condition = f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]" if cls else ""
    return element.xpath(f".//{tag or '*'}{condition}")


def panel(load_block, user, url_name, block_type):
    html = load_block(user, url_name, block_type).student_view().content
    found = css(lxml_html.fromstring(html), "section.orglab-feedback")
    return found[0] if found else None


def give(mentor, learner, block_type, url_name, version, verdict, comment="", section=""):
    return api.give_feedback(course_key=course_key(), reviewer=mentor, learner=learner,
                             block_key=course_key().make_usage_key(block_type, url_name), version=version,
                             verdict=verdict, comment=comment, section=section)


@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_the_learner_sees_feedback_beside_its_version_marked_new_once(course, load_block, learner, block_type):
    mentor = course
    url_name, activity, section = BLOCKS[block_type]
    assert panel(load_block, learner, url_name, block_type) is None  # nothing submitted, nothing given
    submit_activity(learner, activity)
    submit_activity(learner, activity, seq=2)  # version 2
    assert panel(load_block, learner, url_name, block_type) is None  # submitted, no feedback yet
    give(mentor, learner, block_type, url_name, 1, "please_revise", HOSTILE, section)
    give(mentor, learner, block_type, url_name, 2, "looks_good", "Bien hecho.")

    first = panel(load_block, learner, url_name, block_type)
    versions = css(first, ".orglab-feedback-version")
    assert [v.get("data-version") for v in versions] == ["2", "1"]  # newest first
    assert "your latest" in css(versions[0], "h4")[0].text_content()
    assert "Looks good" in versions[0].text_content() and "Bien hecho." in versions[0].text_content()
    older = css(versions[1], ".orglab-feedback-item")[0]
    assert css(older, ".orglab-feedback-verdict")[0].text_content() == "Please revise"
    assert css(older, ".orglab-feedback-comment")[0].text_content().strip() == HOSTILE  # text, not markup
    assert not css(older, "script") + css(older, "b")
    assert "mentor1" in css(older, ".orglab-feedback-by")[0].text_content()
    if section:
        assert "on “" in older.text_content() and section not in css(older, ".orglab-feedback-where")[0].text_content()
    else:
        assert "on the whole work" in older.text_content()
    assert len(css(first, "[data-unread=true]")) == 2
    assert css(first, "h3")[0].xpath(".//span")
    # The latest version looks good: no request to revise is shown.
    assert not css(first, ".orglab-feedback-revise")

    # Shown once, it is read: the next view shows the same feedback, nothing new.
    again = panel(load_block, learner, url_name, block_type)
    assert len(css(again, ".orglab-feedback-item")) == 2
    assert not css(again, "[data-unread=true]") and not css(again, ".orglab-feedback-new")
    assert all(not item.unread for item in api.learner_feedback(learner, course_key()))


def test_a_request_to_revise_the_latest_version_is_said_plainly(course, load_block, learner):
    mentor = course
    submit_activity(learner, "unit1_worksheet")
    give(mentor, learner, "orglab_worksheet", "unit1_worksheet", 1, "please_revise", "Añade cifras.")
    shown = panel(load_block, learner, "unit1_worksheet", "orglab_worksheet")
    assert "submit it again" in css(shown, ".orglab-feedback-revise")[0].text_content()
    give(mentor, learner, "orglab_worksheet", "unit1_worksheet", 1, "comment", "Un detalle más.")
    assert css(panel(load_block, learner, "unit1_worksheet", "orglab_worksheet"), ".orglab-feedback-revise")
    give(mentor, learner, "orglab_worksheet", "unit1_worksheet", 1, "looks_good", "Pensándolo bien, está bien.")
    assert not css(panel(load_block, learner, "unit1_worksheet", "orglab_worksheet"), ".orglab-feedback-revise")
    give(mentor, learner, "orglab_worksheet", "unit1_worksheet", 1, "please_revise", "Añade cifras, por favor.")
    submit_activity(learner, "unit1_worksheet", seq=2)  # the revision
    revised = panel(load_block, learner, "unit1_worksheet", "orglab_worksheet")
    assert not css(revised, ".orglab-feedback-revise")  # asked of version 1; version 2 is new
    assert css(revised, ".orglab-feedback-version")[0].get("data-version") == "1"


def test_nobody_sees_another_learners_feedback(course, load_block, learner, other_learner):
    mentor = course
    for user in (learner, other_learner):
        submit_activity(user, "unit1_worksheet")
    give(mentor, learner, "orglab_worksheet", "unit1_worksheet", 1, "please_revise", "Solo para learner1")
    assert panel(load_block, other_learner, "unit1_worksheet", "orglab_worksheet") is None
    assert api.learner_feedback(learner, course_key())[0].unread  # other_learner's view read nothing of it
    assert "Solo para learner1" in panel(load_block, learner, "unit1_worksheet", "orglab_worksheet").text_content()


def test_the_panel_speaks_spanish(course, load_block, learner):
    mentor = course
    submit_activity(learner, "unit1_worksheet")
    give(mentor, learner, "orglab_worksheet", "unit1_worksheet", 1, "please_revise", "Añade cifras.")
    with translation.override("es-419"):
        text = panel(load_block, learner, "unit1_worksheet", "orglab_worksheet").text_content()
    assert "Comentarios de tu mentor o mentora" in text and "Por favor, revísalo" in text
    assert "Versión 1, enviada el" in text and "Feedback from" not in text
