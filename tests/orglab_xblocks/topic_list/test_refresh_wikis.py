"""The wiki configuration is data (orglab_xblocks/topic_list/data/wikis.json) and `make refresh-wikis`
renews it from the MediaWiki API; here the script runs on recorded answers (recorded_wikis/), never
the network."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from orglab_xblocks.topic_list import refresh_wikis, wikis

RECORDED = Path(__file__).resolve().parent / "recorded_wikis"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the tests never use the network")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def refreshed(tmp_path) -> dict:
    out = tmp_path / "wikis.json"
    assert refresh_wikis.main(["--recorded", str(RECORDED), "--output", str(out)]) == 0
    return json.loads(out.read_text("utf-8"))


def test_the_shipped_file_is_in_the_format_the_script_writes():
    text = refresh_wikis.DATA_FILE.read_text("utf-8")
    assert refresh_wikis.dump(json.loads(text)) == text
    assert wikis.load_data() == json.loads(text)


def test_the_module_reads_its_facts_from_the_file():
    data = wikis.load_data()
    assert wikis.WIKIPEDIA_LANGUAGES == set(data["wikipedia_languages"])
    assert wikis.FIRST_LETTER_CASE_SENSITIVE == set(data["first_letter_case_sensitive"])
    assert wikis.dbname("be-tarask") == data["dbname_exceptions"]["be-tarask"] == "be_x_oldwiki"
    assert wikis.namespace_of("Anexo:Clima", "eswiki") == "anexo"
    assert wikis.namespace_of("Anexo:Clima", "enwiki") is None
    assert set(wikis.LOCAL_NAMESPACES) == set(data["local_namespaces"])


def test_open_and_closed_wikipedias_come_from_the_site_matrix(refreshed):
    # Wiktionaries, Meta and the test Wikipedia (a special site) are not Wikipedias; Afar is closed.
    assert refreshed["wikipedia_languages"] == ["be-tarask", "en", "es", "jbo"]
    assert refreshed["closed_wikipedia_languages"] == ["aa"]
    assert refreshed["dbname_exceptions"] == {"be-tarask": "be_x_oldwiki"}


def test_case_sensitive_wikis_come_from_siteinfo(refreshed):
    assert refreshed["first_letter_case_sensitive"] == ["jbowiki"]


def test_namespaces_are_the_localized_names_and_aliases_less_the_shared_ones(refreshed):
    assert refreshed["local_namespaces"]["es"] == [
        "Especial", "Discusión", "Usuario", "Usuario discusión", "Categoría", "Anexo", "Usuaria",
        "Usuaria discusión", "Imagen", "CAT"]
    assert refreshed["local_namespaces"]["be-tarask"] == ["Удзельнік", "Вікіпэдыя", "Удзельніца"]
    assert refreshed["local_namespaces"]["jbo"] == ["uikipedi'as"]
    # English names are all canonical (TALK is Talk in another case): nothing local is left.
    assert refreshed["local_namespaces"]["en"] == []


def test_what_the_api_does_not_give_is_kept(refreshed):
    current = wikis.load_data()
    assert refreshed["canonical_namespaces"] == current["canonical_namespaces"]
    assert refreshed["host_aliases"] == current["host_aliases"] == {"be-x-old": "be-tarask"}


def test_a_refreshed_file_gives_the_module_the_new_facts(refreshed):
    data = wikis.load_data(refresh_wikis.dump(refreshed))
    local = {code: wikis._names(*names) - wikis._names(*data["canonical_namespaces"])  # noqa: SLF001
             for code, names in data["local_namespaces"].items()}
    assert "usuaria discusión" in local["es"]
    assert "category" not in local["es"]


def test_refreshing_some_languages_keeps_the_others(tmp_path, monkeypatch):
    current = wikis.load_data()
    out = tmp_path / "wikis.json"
    refresh_wikis.main(["--recorded", str(RECORDED), "--output", str(out), "--languages", "es"])
    data = json.loads(out.read_text("utf-8"))
    assert data["local_namespaces"]["es"][-1] == "CAT"
    # Languages the recorded matrix lists but that were not asked for keep the current names.
    assert data["local_namespaces"]["be-tarask"] == current["local_namespaces"]["be-tarask"]


def test_an_empty_site_matrix_never_empties_the_file():
    with pytest.raises(ValueError):
        refresh_wikis.refresh(wikis.load_data(), lambda url, params: {"sitematrix": {"count": 0}})
