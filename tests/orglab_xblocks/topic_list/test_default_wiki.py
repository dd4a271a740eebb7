"""The Wikipedia a topic list uses for titles without one: the learner's own choice (saved with the
draft), else the author's default, else the course's language, else the learner's language; imports
and added rows without a wiki get it, rows already in the list keep theirs."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from tests.conftest import call

from .conftest import COURSE_BLOCK

pytestmark = pytest.mark.django_db


def reload(load_block, user):
    return load_block(user, COURSE_BLOCK, "orglab_topic_list")


def base(revision=0, client="tab-a", seq=1, **extra):
    return {"revision": revision, "client": client, "seq": seq, **extra}


def in_course(block, language):
    """`block` as if it sat in an Open edX course whose "Course Language" is `language`."""
    course = SimpleNamespace(scope_ids=SimpleNamespace(block_type="course"), language=language)
    unit = SimpleNamespace(scope_ids=SimpleNamespace(block_type="vertical"), get_parent=lambda: course)
    block.get_parent = lambda: unit
    return block


def imported_wikis(block, **extra):
    status, data = call(block, "import_topics", base(text="Cambio climático\nQ7942\n", format="lines", **extra))
    assert status == 200, data
    return [row["wiki"] for row in data["rows"]]


def test_without_anything_else_the_learners_language_gives_the_wiki(topics):
    with translation.override("en"):
        assert topics.learner_wiki() == "enwiki"
    with translation.override("es-419"):
        assert topics.learner_wiki() == "eswiki"
        assert imported_wikis(topics) == ["eswiki", "eswiki"]
    with translation.override("en"):  # the wiki imported into stays the learner's until they choose another
        assert topics.learner_wiki() == "eswiki"


def test_a_row_added_without_a_wiki_gets_the_learners(topics, load_block, learner):
    with translation.override("es"):
        status, data = call(topics, "save_draft", base(ops=[{"op": "put", "row": {"id": "r1", "title": "Sequía"}}]))
    assert status == 200, data
    assert data["wiki"] == "eswiki"
    assert [(r["title"], r["wiki"]) for r in reload(load_block, learner).topics] == [("Sequía", "eswiki")]


def test_the_courses_language_comes_before_the_learners(topics):
    in_course(topics, "pt-br")
    with translation.override("es"):
        assert topics.course_language() == "pt-br"
        assert imported_wikis(topics) == ["ptwiki", "ptwiki"]


def test_a_course_language_without_a_wikipedia_is_passed_over(topics):
    in_course(topics, "xx")
    with translation.override("es"):
        assert imported_wikis(topics) == ["eswiki", "eswiki"]


def test_the_authors_default_comes_before_the_courses_language(topics):
    in_course(topics, "pt")
    topics.default_wiki = "frwiki"
    with translation.override("es"):
        assert imported_wikis(topics) == ["frwiki", "frwiki"]


def test_a_wiki_the_list_does_not_allow_is_never_the_default(topics):
    topics.allowed_wikis = ["swwiki", "frwiki"]
    with translation.override("es"):
        assert topics.learner_wiki() == "swwiki"
    with translation.override("fr"):
        assert topics.learner_wiki() == "frwiki"


def test_the_learners_choice_is_saved_with_the_draft_and_wins(topics, load_block, learner):
    in_course(topics, "pt")
    topics.default_wiki = "ptwiki"
    status, data = call(topics, "save_draft", base(ops=[{"op": "put", "row": {"id": "r1", "title": "Seca"}}]))
    assert status == 200 and data["wiki"] == "ptwiki", data
    status, data = call(reload(load_block, learner), "save_draft", base(revision=1, seq=2, ops=[], wiki=" FRWIKI "))
    assert status == 200 and data["wiki"] == "frwiki", data
    block = reload(load_block, learner)
    assert block.chosen_wiki == "frwiki"
    with translation.override("es"):
        assert imported_wikis(block, revision=2, seq=3) == ["ptwiki", "frwiki", "frwiki"]  # the first row keeps its wiki
    block = reload(load_block, learner)
    assert 'value="frwiki"' in block.student_view().content


def test_an_empty_choice_follows_the_course_again(topics, load_block, learner):
    call(topics, "save_draft", base(ops=[], wiki="frwiki"))
    with translation.override("es"):
        status, data = call(reload(load_block, learner), "save_draft", base(revision=1, seq=2, ops=[], wiki=""))
        assert status == 200 and data["wiki"] == "eswiki", data
    assert reload(load_block, learner).chosen_wiki == ""


@pytest.mark.parametrize("wiki, fragment", [
    ("klingonwiki", "is not a Wikipedia"),
    (["eswiki"], "is not a Wikipedia"),
    ("dewiki", "is not one of them"),
])
def test_a_choice_that_is_no_allowed_wikipedia_is_refused_and_nothing_is_saved(topics, load_block, learner, wiki,
                                                                              fragment):
    topics.allowed_wikis = ["eswiki", "frwiki"]
    status, data = call(topics, "save_draft", base(ops=[{"op": "put", "row": {"id": "r1", "title": "Sequía"}}],
                                                   wiki=wiki))
    assert status == 400, data
    assert fragment in data["error"]
    assert [p["field"] for p in data["problems"]] == ["wiki"]
    block = reload(load_block, learner)
    assert (block.chosen_wiki, block.topics) == ("", [])


def test_the_import_form_and_the_add_form_start_with_the_default(topics):
    with translation.override("es"):
        html = topics.student_view().content
    assert html.count('value="eswiki"') >= 2
