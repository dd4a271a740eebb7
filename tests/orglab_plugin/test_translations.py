"""Spanish ships with every policy message: each `_()` literal in orglab_plugin/policy.py (requirement
details, validation problems, default labels) has a translation in the plugin's compiled catalogue, with
the same placeholders."""
from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "orglab_plugin"
POLICY = APP / "policy.py"
# The policy's messages, and the REST front door's refusals.
SOURCES = (POLICY, APP / "rest_api" / "door.py", APP / "rest_api" / "v1" / "views.py")
CATALOGUE = APP / "locale" / "es" / "LC_MESSAGES" / "django.mo"
# The whole replacement field, so that "{key!r}" must stay "{key!r}" (and "{max}" stay "{max}").
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# policy.py marks its templates with its own no-op `_` (it is translated later with the caller's gettext).
MARKERS = ("_", "gettext", "gettext_lazy")


def marked_strings() -> set[str]:
    strings = set()
    nodes = (node for source in SOURCES for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))))
    for node in nodes:
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            strings.add(node.args[0].value)
    return strings


@pytest.fixture(scope="module")
def spanish():
    with CATALOGUE.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_policy_marks_its_messages():
    strings = marked_strings()
    assert len(strings) > 40
    assert "{unit}: {done} of {total} activities complete" in strings


def test_every_policy_string_has_a_spanish_translation(spanish):
    catalogue = spanish._catalog  # pylint: disable=protected-access
    missing = sorted(text for text in marked_strings() if text not in catalogue or not catalogue[text])
    assert missing == []


def test_translations_keep_the_placeholders(spanish):
    for text in marked_strings():
        translated = spanish.gettext(text)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(translated)), text
