"""The default instrument in the viewer's language, also when a course stores it (its English from
OLX, or the Spanish Studio showed when it was reset); an author's own text stays as written."""
from __future__ import annotations

import copy

import pytest
from django.utils import translation

from orglab_xblocks.audience.default_instrument import DEFAULT_INSTRUMENT, default_text
from orglab_xblocks.audience.instrument import localized
from orglab_xblocks.i18n import translator

pytestmark = pytest.mark.django_db

es, en = translator("es"), translator("en")
NEED = DEFAULT_INSTRUMENT["needs"][0]


def test_default_text_is_shown_in_the_viewers_language_whatever_it_was_stored_in():
    assert es(NEED["label"]) != NEED["label"]
    assert default_text(NEED["label"], es) == es(NEED["label"])
    assert default_text(es(NEED["recommendation"]), en) == NEED["recommendation"]
    assert default_text("Our own need", es) == "Our own need"
    assert default_text("", es) == "" and default_text(None, es) is None


@pytest.mark.parametrize("stored_in", ["en", "es"])
def test_a_stored_copy_of_the_default_instrument_follows_the_viewer(load_block, learner, stored_in):
    block = load_block(learner, "unit3_audience", "orglab_audience")
    instrument = localized(DEFAULT_INSTRUMENT, translator(stored_in))
    instrument = copy.deepcopy(instrument)
    instrument["needs"][1]["label"] = "Our own need"
    block.instrument = instrument
    with translation.override("es" if stored_in == "en" else "en"):
        shown = block.current_instrument()
    viewer = es if stored_in == "en" else en
    assert shown["needs"][0]["label"] == viewer(NEED["label"])
    assert shown["needs"][0]["recommendation"] == viewer(NEED["recommendation"])
    assert shown["needs"][1]["label"] == "Our own need"
    question = DEFAULT_INSTRUMENT["questions"][0]
    assert shown["questions"][0]["label"] == viewer(question["label"])


def test_the_cohort_counts_are_written_as_the_viewers_language_writes_numbers():
    from orglab_xblocks.audience import scoring
    from orglab_xblocks.i18n import local_number

    payloads = [{"segments": [], "profile": {}}] * 1234
    with translation.override("es"):
        summary = scoring.cohort_summary(DEFAULT_INSTRUMENT, payloads, es, number=local_number)
        assert summary["t"]["learners"] == es("Learners who submitted: {n}").format(n="1\xa0234")
    with translation.override("en"):
        assert local_number(1234) == "1,234" and local_number(12345.5) == "12,345.5"
    assert summary["learners"] == 1234
