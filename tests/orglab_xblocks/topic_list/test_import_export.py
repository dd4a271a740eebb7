"""Topic lists in and out: titles by MediaWiki's rules, every import format (real-shaped and
hostile samples), merging, and exports that are safe to paste and read back."""
from __future__ import annotations

import csv
import html
import io
import json

import mwparserfromhell
import pytest

from orglab_xblocks.topic_list import exporters, importers, titles, vocab
from orglab_xblocks.topic_list.rows import Rules, blank_row, clean_row, merge_rows


def identity(text):
    return text


RULES = Rules(min_topics=1, max_topics=5000)


def run(text, fmt="auto", wiki="eswiki", rules=RULES, existing=None):
    return importers.import_text(text, fmt, wiki, rules, identity, existing)


def taken(result):
    return [(row["wiki"], row["title"], row["qid"]) for row in result.rows]


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    "raw, wiki, expected",
    [
        ("cambio_climático", "eswiki", "Cambio climático"),
        ("Cambio_clim%C3%A1tico", "eswiki", "Cambio climático"),
        ("  mabadiliko   ya\u00a0tabianchi ", "swwiki", "Mabadiliko ya tabianchi"),
        ("ßeta", "dewiki", "ßeta"),
        ("\u200fتغير المناخ\u200e", "arwiki", "تغير المناخ"),
        ("lojban", "jbowiki", "lojban"),
        ("Star Wars: Episode IV", "enwiki", "Star Wars: Episode IV"),
        (":Cambio climático", "eswiki", "Cambio climático"),
        ("100% renewable", "enwiki", "100% renewable"),
    ],
)
def test_titles_are_normalized_as_mediawiki_does(raw, wiki, expected):
    assert titles.normalize_title(raw, wiki) == expected


@pytest.mark.parametrize(
    "raw, wiki, reason",
    [
        ("Cambio climático#Causas", "eswiki", "section"),
        ("Categoría:Cambio climático", "eswiki", "namespace"),
        ("Category:Climate change", "eswiki", "namespace"),
        ("User:Example", "enwiki", "namespace"),
        ("A [b] c", "enwiki", "cannot contain"),
        ("A|B", "enwiki", "cannot contain"),
        ("{{Template}}", "enwiki", "cannot contain"),
        ("<script>", "enwiki", "cannot contain"),
        ("   ", "enwiki", "empty"),
        ("../etc", "enwiki", "not a valid title"),
        ("x" * 256, "enwiki", "255 bytes"),
        ("%E2%28%A1", "enwiki", "broken percent-escape"),
    ],
)
def test_illegal_titles_are_refused_with_a_reason(raw, wiki, reason):
    with pytest.raises(titles.TitleError) as error:
        titles.normalize_title(raw, wiki)
    assert reason in error.value.message(identity)


def test_urls_of_any_wikipedia_desktop_or_mobile():
    assert titles.parse_article_url("https://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico") == (
        "eswiki", "Cambio_clim%C3%A1tico")
    assert titles.parse_article_url("https://sw.m.wikipedia.org/wiki/Tabianchi") == ("swwiki", "Tabianchi")
    assert titles.parse_article_url("https://fr.wikipedia.org/w/index.php?title=Climat&action=edit") == (
        "frwiki", "Climat")
    assert titles.parse_article_url("https://commons.wikimedia.org/wiki/File:X.jpg") is None
    assert titles.normalize_qid("https://www.wikidata.org/wiki/Q7942") == "Q7942"
    assert titles.normalize_qid("q42") == "Q42"
    assert titles.normalize_qid("Q0") is None


# ---------------------------------------------------------------- plain and mixed lists


def test_a_mixed_list_of_urls_links_qids_and_titles():
    text = "\n".join([
        "https://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico",
        "https://sw.m.wikipedia.org/wiki/Mabadiliko_ya_tabianchi",
        "* [[Calentamiento global|el calentamiento]]",
        "# [[:en:Climate justice]]",
        "Q7942",
        "https://www.wikidata.org/wiki/Q125928",
        "energía_solar",
        "",
        "https://example.org/not-a-wiki",
        "Categoría:Clima",
    ])
    result = run(text)
    assert result.format == "lines"
    assert taken(result) == [
        ("eswiki", "Cambio climático", ""),
        ("swwiki", "Mabadiliko ya tabianchi", ""),
        ("eswiki", "Calentamiento global", ""),
        ("enwiki", "Climate justice", ""),
        ("eswiki", "", "Q7942"),
        ("eswiki", "", "Q125928"),
        ("eswiki", "Energía solar", ""),
    ]
    outcomes = {line.line: (line.outcome, line.message) for line in result.report}
    assert outcomes[9][0] == "refused" and "not an article" in outcomes[9][1]
    assert outcomes[10][0] == "refused" and "namespace" in outcomes[10][1]
    assert result.added == 7 and result.refused == 2


def test_duplicates_are_merged_and_counted():
    text = "Cambio climático\ncambio_climático\nhttps://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico\nQ7942\nq7942\n"
    result = run(text)
    assert taken(result) == [("eswiki", "Cambio climático", ""), ("eswiki", "", "Q7942")]
    assert result.merged == 3
    assert [line.outcome for line in result.report] == ["added", "merged", "merged", "added", "merged"]
    again = run("Cambio climático\nEnergía eólica", existing=result.rows)
    assert again.merged == 1 and again.added == 1 and len(again.rows) == 3


def test_merging_fills_empty_fields_but_keeps_the_learners_values():
    first = clean_row(blank_row(wiki="eswiki", title="Clima", gap="gender", notes="mía"), RULES, identity)
    second = clean_row(blank_row(wiki="eswiki", title="Clima", gap="geography", qid="Q7937", task="expand"),
                       RULES, identity)
    merged = merge_rows([first], [second]).rows
    assert len(merged) == 1
    assert merged[0]["gap"] == "gender" and merged[0]["notes"] == "mía"
    assert merged[0]["qid"] == "Q7937" and merged[0]["task"] == "expand"


# ---------------------------------------------------------------- PetScan


PETSCAN = (
    "number,title,pageid,namespace,length,touched,Wikidata\n"
    "1,Cambio_climático,12345,,80211,20261101120000,Q125928\n"
    "2,Efecto_invernadero,2222,,40500,20261002080000,Q41560\n"
    "3,Anexo:Países_por_emisiones,3333,Anexo,1200,20260901000000,\n"
    "4,\"=HYPERLINK(\"\"http://evil.example\"\")\",4444,,10,20260101000000,\n"
)


def test_petscan_csv():
    result = run(PETSCAN)
    assert result.format == "petscan"
    assert taken(result) == [("eswiki", "Cambio climático", "Q125928"), ("eswiki", "Efecto invernadero", "Q41560"),
                             ("eswiki", '=HYPERLINK("http://evil.example")', "")]
    refused = [line for line in result.report if line.outcome == "refused"]
    assert len(refused) == 1 and "Anexo" in refused[0].message


def test_petscan_tsv():
    tsv = PETSCAN.replace(",", "\t").replace('\t"=HYPERLINK(""http://evil.example"")"', "\tMujeres_en_la_ciencia")
    result = run(tsv)
    assert result.format == "petscan"
    assert ("eswiki", "Mujeres en la ciencia", "") in taken(result)


def test_a_five_thousand_line_petscan_export():
    lines = ["number,title,pageid,namespace,length,touched,Wikidata"]
    lines += [f"{n},Artículo_{n},{n},,{n * 10},20261101000000,Q{n + 100}" for n in range(1, 5001)]
    result = run("\n".join(lines))
    assert len(result.rows) == 5000 and result.refused == 0


def test_imports_over_the_limits_are_refused_whole():
    with pytest.raises(importers.ImportError_, match="more than 5000 lines"):
        run("\n".join(f"T{n}" for n in range(5002)))
    with pytest.raises(importers.ImportError_, match="2 MB"):
        run("x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(importers.ImportError_, match="at most 3"):
        run("A\nB\nC\nD", rules=Rules(min_topics=1, max_topics=3))
    with pytest.raises(importers.ImportError_, match="not a Wikipedia"):
        run("A", wiki="nowikihere")


# ---------------------------------------------------------------- wikitext


def test_wikitext_lists_and_a_listeria_table():
    text = """== Artículos ==
* [[Cambio climático]]
* [[:es:Calentamiento global|calentamiento]] — ver también
# [[w:sw:Tabianchi]]
* texto sin enlace
{{Wikidata list|sparql=SELECT ?item WHERE { ?item wdt:P31 wd:Q5 }|columns=label,item}}
{| class='wikitable sortable'
! label !! description !! item
|-
| [[Wangari Maathai]] || activista keniana || [[d:Q48172|Q48172]]
|-
| style="background:#fee" | Berta Cáceres || activista hondureña || Q2895227
|-
| || sin nada ||
|}
{{Wikidata list end}}
"""
    result = run(text)
    assert result.format == "wikitext"
    assert taken(result) == [
        ("eswiki", "Cambio climático", ""),
        ("eswiki", "Calentamiento global", ""),
        ("swwiki", "Tabianchi", ""),
        ("eswiki", "Wangari Maathai", "Q48172"),
        ("eswiki", "Berta Cáceres", "Q2895227"),
    ]
    refused = {line.text: line.message for line in result.report if line.outcome == "refused"}
    assert any("no [[link]]" in message for message in refused.values())
    assert any("No title or Wikidata item" in message for message in refused.values())


# ---------------------------------------------------------------- CSV with a header


def test_csv_mapped_by_column_name():
    text = (
        "Title,Wiki,QID,Gap,Priority,Notes,Extra\n"
        "Wangari Maathai,enwiki,Q48172,gender,high,\"Activista, bióloga\",x\n"
        "تغير المناخ,arwiki,,topics_for_impact,medium,,\n"
        "Nada,xxwiki,,,,,\n"
        "Otro,eswiki,,not_a_gap,,,\n"
    )
    result = run(text)
    assert result.format == "csv"
    assert taken(result) == [("enwiki", "Wangari Maathai", "Q48172"), ("arwiki", "تغير المناخ", "")]
    assert result.rows[0]["notes"] == "Activista, bióloga" and result.rows[0]["priority"] == "high"
    assert result.refused == 2


def rich_rows():
    values = [
        dict(wiki="eswiki", title="Cambio climático", qid="Q125928", gap="topics_for_impact", topic="STEM.Earth_and_environment",
             task="expand", priority="high", notes='Fórmula: =1+1 | "comillas" || !! {{x}} [[y]] <b>\nnueva línea',
             status="exists", sitelinks=150),
        dict(wiki="arwiki", title="تغير المناخ", gap="language", task="translate", source_title="Climate change",
             source_wiki="enwiki", status="stub"),
        dict(wiki="enwiki", title="-ism", notes="@SUM(A1)", priority="low", status="missing"),
        dict(wiki="swwiki", title="+255 (namba)", notes="\tTab", status="redirect", canonical="Namba"),
        dict(wiki="eswiki", qid="Q48172", status="missing", notes="'=quoted'"),
    ]
    return [clean_row(blank_row(**v), RULES, identity) for v in values]


def test_csv_export_neutralizes_formulas_and_round_trips():
    rows = rich_rows()
    exported = exporters.to_csv(rows)
    cells = [cell for record in csv.reader(io.StringIO(exported)) for cell in record]
    assert not any(cell.startswith(exporters.FORMULA_STARTS) for cell in cells)
    again = run(exported, fmt="auto")
    assert again.format == "csv"
    strip = lambda rs: [{k: v for k, v in r.items() if k != "id"} for r in rs]  # noqa: E731
    assert strip(again.rows) == strip(rows)


def labels():
    return {name: dict(vocab.labels(name, identity)) for name in vocab.VOCABULARIES}


def cell_texts(wikitext):
    code = mwparserfromhell.parse(wikitext)
    tables = [node for node in code.filter_tags(recursive=False) if str(node.tag) == "table"]
    assert len(tables) == 1, "the export parses as one table"
    table_rows = [node for node in tables[0].contents.filter_tags(recursive=False) if str(node.tag) == "tr"]
    result = []
    for row in table_rows:
        cells = [node for node in row.contents.filter_tags(recursive=False) if str(node.tag) in ("td", "th")]
        result.append([html.unescape(str(cell.contents).strip()) for cell in cells])
    return result


def test_the_wikitext_table_parses_and_no_cell_escapes():
    rows = rich_rows()
    wikitext = exporters.to_wikitext(rows, labels(), identity)
    parsed = cell_texts(wikitext)
    assert len(parsed) == len(rows) + 1  # the header row, then one row a topic
    assert all(len(cells) == 10 for cells in parsed)
    first = parsed[1]
    assert first[0] == "[[w:es:Cambio climático|Cambio climático]]"
    assert first[9] == 'Fórmula: =1+1 | "comillas" || !! {{x}} [[y]] <b> nueva línea'
    assert "{{x}}" not in wikitext and "[[y]]" not in wikitext and "<b>" not in wikitext
    code = mwparserfromhell.parse(wikitext)
    assert not code.filter_templates() and not code.filter_headings()
    assert {str(link.title) for link in code.filter_wikilinks()} == {
        "w:es:Cambio climático", "w:ar:تغير المناخ", "w:en:-ism", "w:sw:+255 (namba)", "d:Q125928", "d:Q48172"}


def test_title_lists_and_the_campaignevents_worklist():
    rows = rich_rows()
    worklist = json.loads(exporters.to_worklist(rows))
    assert worklist == {"eswiki": ["Cambio climático"], "arwiki": ["تغير المناخ"], "enwiki": ["-ism"],
                        "swwiki": ["Namba"]}
    assert exporters.to_title_lists(rows, "eswiki") == "Cambio climático\n"
    assert "# swwiki\nNamba\n" in exporters.to_title_lists(rows)


def test_hostile_and_non_latin_lines():
    text = "\n".join([
        "जलवायु परिवर्तन",                      # Hindi
        "气候变化",                              # Chinese
        "የአየር ንብረት ለውጥ",                     # Amharic
        "שינוי אקלים",                           # Hebrew (right-to-left)
        "<img src=x onerror=alert(1)>",
        "{{subst:Delete}}",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "Title with ~~~~ signature",
        "Q" + "9" * 20,
        "javascript:alert(1)",
        "http://evil.example/wiki/Page",
    ])
    result = run(text, wiki="hiwiki")
    assert taken(result)[:4] == [("hiwiki", "जलवायु परिवर्तन", ""), ("hiwiki", "气候变化", ""),
                                 ("hiwiki", "የአየር ንብረት ለውጥ", ""), ("hiwiki", "שינוי אקלים", "")]
    outcomes = {line.line: line for line in result.report}
    assert outcomes[5].outcome == outcomes[6].outcome == outcomes[8].outcome == "refused"
    assert outcomes[7].outcome == "added"  # a title may start with "="; exports neutralize it
    assert outcomes[11].outcome == "refused" and "not an article" in outcomes[11].message
    cells = [record[0] for record in csv.reader(io.StringIO(exporters.to_csv(result.rows)))]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells


def test_hostile_wikitext_table_cells():
    text = """{| class="wikitable"
! label !! item
|-
| [[Wangari Maathai]]<ref>{{cite web|url=http://x}}</ref> || {{Q|Q48172}}
|-
| <span style="color:red">'''Berta Cáceres'''</span> || [[d:Q2895227]]
|}"""
    result = run(text)
    assert taken(result) == [("eswiki", "Wangari Maathai", "Q48172"), ("eswiki", "Berta Cáceres", "Q2895227")]
