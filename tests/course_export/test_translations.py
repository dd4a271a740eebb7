"""Spanish ships with every string of course_export: each marked literal of its Python code and
its templates has a translation in the compiled catalogue, with the same placeholders."""
from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parent.parent.parent / "course_export"
CATALOGUE = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.mo"
MARKERS = ("_", "gettext", "gettext_lazy", "gettext_noop")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)s")
TEMPLATE_CALL = re.compile(r"\b(n?gettext)\((?:u)?('(?:[^'\\]|\\.)*')(?:, ('(?:[^'\\]|\\.)*'))?")


def python_strings() -> set[str]:
    strings = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                strings.add(node.args[0].value)
    return strings


def template_strings() -> set[str]:
    """What Django's own extraction (`templatize`, as makemessages runs it) finds in our templates:
    each string, and of a plural its singular (the catalogue's key)."""
    strings = set()
    for path in (PACKAGE / "templates" / "course_export").glob("*.html"):
        for _function, singular, _plural in TEMPLATE_CALL.findall(templatize(path.read_text(encoding="utf-8"))):
            strings.add(ast.literal_eval(singular))
    return strings


@pytest.fixture(scope="module")
def spanish():
    with CATALOGUE.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_every_marked_string_has_a_spanish_translation(spanish):
    catalogue = spanish._catalog  # pylint: disable=protected-access
    translated = {key for key, value in catalogue.items() if isinstance(key, str) and value}
    translated |= {key[0] for key, value in catalogue.items() if isinstance(key, tuple) and value}
    strings = python_strings() | template_strings()
    assert len(python_strings()) > 60 and len(template_strings()) > 60
    assert sorted(strings - translated) == []


def test_translations_keep_the_placeholders(spanish):
    for text in python_strings() | template_strings():
        for translated in (spanish.gettext(text), spanish.ngettext(text, text, 1), spanish.ngettext(text, text, 5)):
            if translated != text:
                assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(translated)), text


def test_the_dashboard_speaks_spanish(spanish):
    assert spanish.gettext("Completion report") == "Informe de finalización"
    assert spanish.ngettext("%(counter)s learner matches.", "%(counter)s learners match.", 3) == \
        "%(counter)s participantes coinciden."
