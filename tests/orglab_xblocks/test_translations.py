"""Spanish ships with every string: each `_()` literal in orglab_xblocks has a translation in
the compiled catalogue, with the same placeholders."""
from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "orglab_xblocks"
CATALOGUE = PACKAGE / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def marked_strings() -> set[str]:
    strings = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "gettext")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                strings.add(node.args[0].value)
    return strings


@pytest.fixture(scope="module")
def spanish():
    with CATALOGUE.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_every_marked_string_has_a_spanish_translation(spanish):
    strings = marked_strings()
    assert len(strings) > 300
    # In the catalogue, even where the Spanish is the same (names such as "Wikidata").
    catalogue = spanish._catalog  # pylint: disable=protected-access
    missing = sorted(text for text in strings if text not in catalogue or not catalogue[text])
    assert missing == []


def test_translations_keep_the_placeholders(spanish):
    for text in marked_strings():
        translated = spanish.gettext(text)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(translated)), text
