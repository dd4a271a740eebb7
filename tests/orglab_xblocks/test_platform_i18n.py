"""The blocks speak Spanish in the LMS and Studio, where edx-platform's i18n service looks for them.

edx-platform gives an XBlock the runtime service "i18n" as `XBlockI18nService(block)`
(xmodule/modulestore/django.py; `ModuleStoreRuntime.service` in xmodule/x_module.py calls the
service class with the block, and openedx/core/djangoapps/xblock/runtime/runtime.py builds it the
same way). Its lookup, read from those files and from xmodule/modulestore/api.py:

- the module is the root package of the block's class, unmixed (`get_xblock_root_module_name`:
  `getattr(block, "unmixed_class", block.__class__).__module__.split(".")[0]`);
- first the OEP-58 folder `settings.REPO_ROOT / "conf/plugins-locale/xblock.v1" / <module>`
  (`get_python_locale_root`), filled by atlas (`pull_xblock_translations`), with the domain
  `django`, if that folder exists;
- otherwise the catalogue in the package, `importlib.resources.files(<module>) / "translations"`,
  with the domain `text`;
- `gettext.translation(domain, folder, [to_locale(get_language() or settings.LANGUAGE_CODE)])`,
  and on OSError (no catalogue for that language) Django's own translation, i.e. the platform's
  catalogue, which does not hold our strings.

`PlatformI18nService` below does exactly that (it is not the devsite's service), and the blocks
are rendered through a runtime that asks for the service as `ModuleStoreRuntime.service` does.
The language code is handled by the same functions the platform calls: Django's `to_locale` turns
`es-419` into `es_419`, and Python's gettext tries `es_419`, then `es`.
"""
from __future__ import annotations

import functools
import gettext
import json
import shutil
import subprocess
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from opaque_keys.edx.keys import CourseKey
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.runtime import Mixologist

from devsite.runtime import DevsiteRuntime
from orglab_xblocks.audience.block import AudienceBlock
from orglab_xblocks.topic_list.block import TopicListBlock
from orglab_xblocks.worksheet.block import WorksheetBlock

PACKAGE = Path(__file__).resolve().parents[2] / "orglab_xblocks"
SOURCES = PACKAGE / "conf" / "locale"
BLOCKS = {"orglab_worksheet": WorksheetBlock, "orglab_topic_list": TopicListBlock, "orglab_audience": AudienceBlock}
COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")


def root_module_name(block) -> str:
    """xmodule/modulestore/api.py: get_xblock_root_module_name (with get_root_module_name)."""
    return getattr(block, "unmixed_class", block.__class__).__module__.split(".")[0]


class PlatformI18nService:
    """edx-platform's XBlockI18nService (xmodule/modulestore/django.py), for one block.

    `python_locale_root` stands for `settings.REPO_ROOT / "conf/plugins-locale/xblock.v1"`.
    """

    def __init__(self, python_locale_root: Path, block=None):
        self.python_locale_root = python_locale_root
        self.translator = translation
        if block:
            domain, locale_dir = self.get_python_locale(block)
            selected_language = translation.get_language()
            if locale_dir:
                try:
                    self.translator = gettext.translation(
                        domain, locale_dir,
                        [translation.to_locale(selected_language if selected_language else settings.LANGUAGE_CODE)],
                    )
                except OSError:
                    pass

    def get_python_locale(self, block):
        module = root_module_name(block)
        oep58 = self.python_locale_root / module
        if oep58.is_dir():
            return "django", str(oep58)
        with resources.as_file(resources.files(module) / "translations") as bundled:
            return "text", str(bundled)

    def __getattr__(self, name):
        name = "gettext" if name == "ugettext" else name
        return getattr(self.translator, name)


class PlatformLikeRuntime(DevsiteRuntime):
    """The devsite's runtime with the platform's i18n service, handed out as ModuleStoreRuntime.service
    does (xmodule/x_module.py: a callable service is called with the block). Fields in memory;
    no user (nothing of the learner's is read)."""

    def __init__(self, python_locale_root: Path):
        super().__init__(None)
        self._services["i18n"] = functools.partial(PlatformI18nService, python_locale_root)
        self._services["field-data"] = DictFieldData({})

    def service(self, block, service_name):
        service = super().service(block, service_name)
        if callable(service):
            return service(block)
        return service


class _Texts(HTMLParser):
    """Every whole piece of text a person can read in a fragment: text nodes, the attributes that
    are read out (title, placeholder, aria-label, alt), and each string in the JSON handed to the
    block's JavaScript."""

    READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value and value.strip():
                self.texts.add(value.strip())

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            try:
                self._walk(json.loads(data))
            except ValueError:
                pass
        elif data.strip():
            self.texts.add(data.strip())

    def _walk(self, value):
        if isinstance(value, str):
            self.texts.add(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                self._walk(item)
        elif isinstance(value, list):
            for item in value:
                self._walk(item)


def readable_texts(block_type: str, view: str, language: str, python_locale_root: Path) -> set[str]:
    runtime = PlatformLikeRuntime(python_locale_root)
    key = COURSE.make_usage_key(block_type, "i18n-probe")
    with translation.override(language):
        block = runtime.construct_xblock(block_type, ScopeIds(None, block_type, key, key))
        fragment = block.render(view, {})
    parser = _Texts()
    parser.feed(fragment.body_html())
    return parser.texts


@pytest.fixture
def lms_catalogue(tmp_path):
    """As in the LMS: the OEP-58 folder exists (atlas pulled other XBlocks) but holds none of ours,
    and Django's catalogue is the platform's, without our blocks' `conf/locale` (the devsite puts it
    on LOCALE_PATHS; the LMS does not)."""
    root = tmp_path / "conf" / "plugins-locale" / "xblock.v1"
    (root / "some_other_xblock" / "es_419" / "LC_MESSAGES").mkdir(parents=True)
    with override_settings(LOCALE_PATHS=[]):
        yield root


@pytest.fixture(scope="module")
def spanish_catalogue():
    with (SOURCES / "es" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        return {msgid: text for msgid, text in gettext.GNUTranslations(handle)._catalog.items()  # noqa: SLF001
                if isinstance(msgid, str) and msgid and text and text != msgid}


def probes(texts_en: set[str], spanish: dict[str, str]) -> dict[str, str]:
    """The catalogue's strings shown whole in the English view that Django's own catalogue (the
    platform's, in the LMS) would leave in English: only our catalogue can make them Spanish."""
    with translation.override("es"):
        return {msgid: spanish[msgid] for msgid in texts_en
                if msgid in spanish and translation.gettext(msgid) == msgid}


@pytest.mark.parametrize("language", ["es", "es-419"])
@pytest.mark.parametrize("view", ["student_view", "studio_view"])
@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_each_block_speaks_spanish_through_the_platforms_i18n_service(
        lms_catalogue, spanish_catalogue, block_type, view, language):
    texts_en = readable_texts(block_type, view, "en", lms_catalogue)
    # A block never edited shows its default title translated, in Studio's title box too.
    assert BLOCKS[block_type].display_name.default in texts_en
    expected = probes(texts_en, spanish_catalogue)
    assert len(expected) >= 5, sorted(texts_en)  # the view shows our strings, which Django alone leaves English
    texts = readable_texts(block_type, view, language, lms_catalogue)
    untranslated = sorted(msgid for msgid, spanish in expected.items() if spanish not in texts)
    assert untranslated == []


def test_other_languages_stay_english_without_crashing(lms_catalogue, spanish_catalogue):
    """A language we ship no catalogue for (French): the service falls back to Django's, in English."""
    texts = readable_texts("orglab_worksheet", "student_view", "fr", lms_catalogue)
    english = probes(readable_texts("orglab_worksheet", "student_view", "en", lms_catalogue), spanish_catalogue)
    assert english and set(english) <= texts


def test_oep58_translations_pulled_by_atlas_take_precedence(tmp_path, spanish_catalogue):
    """Our `conf/locale` is shaped as atlas writes `conf/plugins-locale/xblock.v1/<module>/` (domain
    `django`): were our catalogue pulled there, the service would read it from there."""
    root = tmp_path / "xblock.v1"
    shutil.copytree(SOURCES, root / "orglab_xblocks")
    block = PlatformLikeRuntime(root).construct_xblock(
        "orglab_worksheet", ScopeIds(None, "orglab_worksheet", COURSE.make_usage_key("orglab_worksheet", "w"),
                                     COURSE.make_usage_key("orglab_worksheet", "w")))
    service = PlatformI18nService(root, block)
    assert service.get_python_locale(block) == ("django", str(root / "orglab_xblocks"))
    with override_settings(LOCALE_PATHS=[]), translation.override("es-419"):
        service = PlatformI18nService(root, block)
        assert service.gettext("Save draft") == spanish_catalogue["Save draft"]


def test_the_platform_finds_the_bundled_catalogue_under_the_blocks_root_module(tmp_path):
    """xmodule/modulestore/api.py: the module is the unmixed class's root package, for every block;
    xmodule/modulestore/django.py: its `translations` folder, domain `text`."""
    mixed = Mixologist([type("SomeMixin", (), {})])
    for cls in BLOCKS.values():
        assert mixed.mix(cls).unmixed_class is cls  # what the platform reads through mixins
        block = PlatformLikeRuntime(tmp_path).construct_xblock_from_class(
            mixed.mix(cls), ScopeIds(None, "x", COURSE.make_usage_key("x", "y"), COURSE.make_usage_key("x", "y")))
        assert root_module_name(block) == "orglab_xblocks"
        domain, folder = PlatformI18nService(tmp_path).get_python_locale(block)
        assert (domain, Path(folder)) == ("text", PACKAGE / "translations")


def test_every_locale_we_ship_is_where_the_lms_reads_it():
    """The blocks' one source is conf/locale/<locale>/LC_MESSAGES/django.po; `make messages` compiles
    it and copies the compiled catalogue to translations/<locale>/LC_MESSAGES/text.mo unchanged."""
    locales = sorted(path.name for path in SOURCES.iterdir() if (path / "LC_MESSAGES" / "django.po").is_file())
    assert "es" in locales
    shipped = sorted(path.name for path in (PACKAGE / "translations").iterdir())
    assert shipped == locales
    for locale in locales:
        compiled = (SOURCES / locale / "LC_MESSAGES" / "django.mo").read_bytes()
        assert (PACKAGE / "translations" / locale / "LC_MESSAGES" / "text.mo").read_bytes() == compiled, locale


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
def test_the_compiled_catalogues_are_compiled_from_the_po_sources(tmp_path):
    for po in sorted(SOURCES.glob("*/LC_MESSAGES/django.po")):
        fresh = tmp_path / f"{po.parent.parent.name}.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
        with fresh.open("rb") as handle:
            expected = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001
        with (po.parent / "django.mo").open("rb") as handle:
            assert gettext.GNUTranslations(handle)._catalog == expected, po  # noqa: SLF001


def test_spanish_of_latin_america_falls_back_to_our_spanish():
    """edx-platform asks gettext for `to_locale(get_language())`: for es-419 that is es_419, which
    Python's gettext expands to es_419 and then es; so one `es` catalogue serves both."""
    assert translation.to_locale("es-419") == "es_419"
    found = gettext.find("text", str(PACKAGE / "translations"), ["es_419"])
    assert found == str(PACKAGE / "translations" / "es" / "LC_MESSAGES" / "text.mo")
