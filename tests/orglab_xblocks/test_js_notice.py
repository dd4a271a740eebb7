"""Until a block's script has started (JavaScript off, or the script not loaded on a slow link) its
learner view says so and holds the controls that need the script disabled, so that nothing typed
is lost; the shared stylesheet (orglab_xblocks/public/css/orglab.css) reaches every block, like the
shared script. The browser side: tests/browser/test_phone_and_nojs.py."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from lxml import html as lxml_html

from orglab_xblocks.common import NEEDS_JS_MESSAGES
from orglab_xblocks.i18n import translator

from .test_shared_script import BLOCKS, PACKAGE, render

SHARED_CSS = PACKAGE / "public" / "css" / "orglab.css"
OWN_CSS = {"orglab_worksheet": "worksheet.css", "orglab_topic_list": "topic_list.css", "orglab_audience": "audience.css",
           "orglab_proposal": "proposal.css"}
# The controls each view holds disabled in its HTML until its script starts.
HELD = {
    "orglab_worksheet": ["//form//*[self::textarea or self::input or self::select or self::button]",
                         "//button[contains(@class, 'orglab-ws-submit')]", "//button[contains(@class, 'orglab-ws-save')]"],
    "orglab_audience": ["//button[contains(@class, 'orglab-au-add')]", "//button[contains(@class, 'orglab-au-save')]",
                        "//button[contains(@class, 'orglab-au-submit')]"],
    "orglab_topic_list": [f"//button[contains(@class, '{name}')]" for name in (
        "orglab-tl-import-button", "orglab-tl-bulk-apply", "orglab-tl-bulk-remove", "orglab-tl-add-button",
        "orglab-tl-check", "orglab-tl-submit")],
    "orglab_proposal": ["//form//*[self::textarea or self::input or self::select or self::button]",
                        "//button[contains(@class, 'orglab-pr-submit')]", "//button[contains(@class, 'orglab-pr-save')]"],
}


def css_urls(fragment) -> list[str]:
    return [resource.data for resource in fragment.resources if resource.kind == "url" and resource.mimetype == "text/css"]


def is_disabled(node) -> bool:
    """Disabled itself, or inside a disabled fieldset (and not in its legend)."""
    if node.get("disabled") is not None:
        return True
    for fieldset in node.iterancestors("fieldset"):
        if fieldset.get("disabled") is not None:
            return True
    return False


@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_each_learner_view_links_the_shared_stylesheet_before_its_own(block_type):
    runtime, block, fragment = render(block_type, "student_view")
    assert css_urls(fragment) == [runtime.local_resource_url(block, "public/css/orglab.css"),
                                  runtime.local_resource_url(block, f"public/css/{OWN_CSS[block_type]}")]
    with BLOCKS[block_type].open_local_resource("public/css/orglab.css") as handle:
        assert handle.read() == SHARED_CSS.read_bytes()
    own = PACKAGE / block_type.removeprefix("orglab_") / "public" / "css" / "orglab.css"
    assert own.is_symlink() and own.resolve() == SHARED_CSS.resolve()


@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_each_learner_view_says_it_needs_javascript_and_holds_its_controls(block_type):
    _runtime, _block, fragment = render(block_type, "student_view")
    page = lxml_html.fromstring(fragment.body_html())
    (notice,) = page.find_class("orglab-js-notice")
    text = " ".join(notice.text_content().split())
    assert NEEDS_JS_MESSAGES["needs_js"].split(":")[0] in text
    assert notice.get("hidden") is None
    assert [n.text_content().strip() for n in notice.xpath(".//noscript")] == [NEEDS_JS_MESSAGES["js_off"]]
    for xpath in HELD[block_type]:
        found = page.xpath(xpath)
        assert found, xpath
        assert all(is_disabled(node) for node in found), xpath
    for gate in page.find_class("orglab-js-gate"):
        assert gate.get("disabled") is not None
    # A form cannot submit anywhere by itself (a reload that loses what was typed): its Submit is held.
    for form in page.xpath("//form"):
        assert form.get("action") is None
        for button in form.xpath(".//button[not(@type='button')]"):
            assert is_disabled(button)


def test_the_notice_is_in_spanish():
    spanish = translator("es")
    for text in NEEDS_JS_MESSAGES.values():
        assert spanish(text) != text
    assert "JavaScript" in spanish(NEEDS_JS_MESSAGES["needs_js"])
    with translation.override("es"):
        _runtime, _block, fragment = render("orglab_audience", "student_view")
    assert "JavaScript" in fragment.body_html()


def test_the_shared_script_hides_the_notice_and_opens_the_gates():
    text = (PACKAGE / "public" / "js" / "orglab.js").read_text(encoding="utf-8")
    start = text[text.index("  function start("):text.index("  function find(")]
    assert "scriptStarted(block);" in start
    assert ".orglab-js-notice" in start and "notice.hidden = true" in start
    assert ".orglab-js-gate" in start and "gate.disabled = false" in start
    assert Path(SHARED_CSS).read_text(encoding="utf-8").count(".orglab-sr-only {") == 1
