"""The instructor reports: what each says, that it agrees with the learner API, that it reads a fixed
number of queries whatever the cohort, and the spreadsheet-safety of every format."""
from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import mwparserfromhell
import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from opaque_keys.edx.keys import CourseKey

from course_export import reports, writers
from course_export.reports import payloads
from course_export.reports.topics import topic_title
from orglab_plugin import api
from orglab_plugin.models import CourseStaffRole

from .conftest import COURSE, TOPICS, WORKSHEET_1, client_for, key, make_user, submit, worksheet_payload

PROPOSAL = key("orglab_proposal", "u2proposal")

pytestmark = pytest.mark.django_db

ALL = {"include": ["username", "full_name", "email"], "base_url": "https://learn.example.org"}


def write(report, fmt="csv", options=None, course=COURSE) -> bytes:
    handle = io.BytesIO()
    reports.write_report(course, report, fmt, handle, options if options is not None else ALL)
    return handle.getvalue()


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------- completion


def test_the_completion_report_has_a_row_per_enrolled_learner(cohort):
    rows = {row["Username"]: row for row in csv_rows(write("completion"))}
    assert sorted(rows) == ["amina", "bruno", "chen", "dalia", "emeka"]  # not the outsider, not staff
    amina, bruno, dalia = rows["amina"], rows["bruno"], rows["dalia"]
    assert amina["Full name"] == "Ana Amina" and amina["Email"] == "amina@example.org"
    assert amina["Unit 1 · Knowledge gaps (% complete)"] == "100.0"
    assert bruno["Unit 1 · Knowledge gaps (% complete)"] == "100.0"
    assert bruno["Unit 2 · Your audience (% complete)"] == "0.0"
    assert bruno["Overall (% complete)"] == "50.0"
    assert amina["Worksheets submitted"] == "1"  # two versions of one worksheet
    assert amina["Topics in topic list"] == "2" and bruno["Topics in topic list"] == "4"
    assert dalia["Topics in topic list"] == "" and dalia["Last activity (UTC)"] == ""
    assert amina["Audience assessment submitted"] == "true" and bruno["Audience assessment submitted"] == "false"
    assert amina["Milestone: Attended the live sessions"] == "2026-11-20"
    assert amina["Certificate"] == "awarded"
    assert amina["Certificate verification URL"].startswith("https://learn.example.org/orglab/certificates/")
    assert amina["Grant-fund eligibility"] == "eligible" and amina["Unmet requirements"] == ""
    assert rows["emeka"]["Grant-fund eligibility"] == "not_eligible"
    assert "Attended the live sessions" in rows["emeka"]["Unmet requirements"]


def test_the_report_leaves_out_what_the_requester_did_not_choose(cohort):
    rows = csv_rows(write("completion", options={"include": []}))
    assert set(rows[0]) >= {"User ID", "Enrolled on"}
    assert not {"Username", "Full name", "Email"} & set(rows[0])
    assert all("@" not in value for row in rows for value in row.values())


def test_the_override_and_its_reason_are_in_the_report(cohort):
    api.set_eligibility_override(cohort["emeka"], COURSE, "grant", "Presentó el plan en la sesión en vivo",
                                 cohort["teacher"])
    emeka = next(row for row in csv_rows(write("completion")) if row["Username"] == "emeka")
    assert (emeka["Grant-fund eligibility"], emeka["Staff override"]) == ("eligible", "grant")
    assert emeka["Override reason"] == "Presentó el plan en la sesión en vivo"


def test_for_a_seeded_cohort_the_report_equals_the_learner_api(db, completion_on):
    """The acceptance check: the demo cohort, every enrolled learner, every figure the learner API gives."""
    call_command("seed_demo", learners=44)
    course = "course-v1:Wikimedia+OrgLab+2026"
    staff = CourseStaffRole.objects.get(course_key=course).user
    from orglab_plugin import milestones

    milestones.record_milestone(CourseKey.from_string(course), make_user_or_get("learner42"), "live_sessions",
                                "2026-11-21", staff)
    api.set_eligibility_override(make_user_or_get("learner43"), course, "grant", "Mentor vouched", staff)
    client = client_for(staff)
    expected = {}
    for learner in api.learner_rows(course):
        body = client.get(f"/api/orglab/v1/courses/{course}/learners/{learner.username}/").json()
        expected[learner.username] = body
    report = {row["Username"]: row for row in csv_rows(write("completion", course=course))}
    assert sorted(report) == sorted(expected) and len(report) == 44
    units = api.course_units(course)
    for username, body in expected.items():
        row = report[username]
        for unit, shown in zip(units, body["units"], strict=True):
            assert float(row[f"{unit['title']} (% complete)"]) == shown["percent"], (username, unit["title"])
        done = sum(u["completed"] for u in body["units"])
        total = sum(u["total"] for u in body["units"])
        assert float(row["Overall (% complete)"]) == round(100.0 * done / total, 1)
        certificate = body["certificate"]
        assert row["Certificate"] == (certificate["status"] if certificate else "")
        if certificate:
            assert row["Certificate verification URL"].endswith(certificate["url"])
        eligibility = body["eligibility"]
        assert row["Grant-fund eligibility"] == eligibility["status"]
        assert row["Unmet requirements"] == "; ".join(eligibility["unmet"])
        assert row["Staff override"] == eligibility["override"]
        assert row["Override reason"] == eligibility["override_reason"]
        for milestone in body["milestones"]:
            assert row[f"Milestone: {milestone['label']}"] == milestone["date"]
    assert report["learner44"]["Certificate"] == "awarded"
    assert report["learner43"]["Staff override"] == "grant"
    assert report["learner42"]["Milestone: Attended the live sessions"] == "2026-11-21"


def make_user_or_get(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_the_completion_report_reads_a_fixed_number_of_queries_whatever_the_cohort(course):
    def queries_for(count: int) -> int:
        for number in range(count):
            user = make_user(f"q{count}x{number}")
            api.enroll(user, COURSE)
            submit(user, WORKSHEET_1, worksheet_payload("x"))
        with CaptureQueriesContext(connection) as captured:
            write("completion")
        return len(captured)

    assert queries_for(3) == queries_for(40)


def test_every_format_of_every_report_is_written(cohort):
    for name, report in reports.REPORTS.items():
        for fmt in report.formats:
            assert write(name, fmt), (name, fmt)
    with pytest.raises(ValueError, match="comes as"):
        write("completion", "wikitext")
    with pytest.raises(ValueError, match="Unknown report"):
        write("grades")


# --------------------------------------------------------------------------- answers, topics, proposals


def test_the_answers_report_has_the_latest_version_one_row_per_field(cohort):
    rows = csv_rows(write("answers"))
    amina = [row for row in rows if row["Username"] == "amina" and row["Block ID"] == str(WORKSHEET_1)]
    assert [(row["Field ID"], row["Version"]) for row in amina] == [("statement", "2"), ("dimensions", "2")]
    assert amina[0]["Answer"] == "Few articles on Kenyan women climate scientists"
    assert amina[0]["Grant-proposal section"] == "The change you want to bring, its challenges and your approach"  # stored as "goals": read as its new id
    assert amina[1]["Answer"] == "gender\ngeography"
    assert amina[0]["Unit"] == "Unit 1 · Knowledge gaps"
    emeka = next(row for row in rows if row["Username"] == "emeka")
    assert emeka["Answer"] == "مقالات قليلة عن المناخ"  # right-to-left text, as written
    segment = next(row for row in rows if row["Field ID"] == "segment_s1")
    assert "Docentes rurales" in segment["Field"] and "Cusco" in segment["Answer"]


def test_the_wide_answers_report_has_a_column_per_field(cohort):
    rows = {row["Username"]: row for row in csv_rows(write("answers_wide"))}
    assert sorted(rows) == ["amina", "bruno", "emeka"]  # the learners who submitted anything
    statement = next(label for label in rows["amina"] if label.endswith("What gap will your campaign close?"))
    assert rows["amina"][statement] == "Few articles on Kenyan women climate scientists"
    assert rows["bruno"][statement] == ""
    assert rows["emeka"][statement] == "مقالات قليلة عن المناخ"


def test_the_cohort_topic_list_merges_the_same_article_and_item(cohort):
    rows = csv_rows(write("topics"))
    by_title = {row["Article"]: row for row in rows}
    maathai = by_title["Wangari Maathai"]  # "wangari_Maathai", and a bare Q48276, are the same topic
    assert (maathai["Wikidata item"], maathai["Learners who proposed it"]) == ("Q48276", "2")
    assert maathai["Proposed by"] == "Ana Amina, Ana Bruno"
    assert by_title["Manglar"]["Learners who proposed it"] == "2" and by_title["Manglar"]["Wikidata item"] == "Q193"
    assert len(rows) == 3
    assert rows[-1]["Article"].startswith("'=HYPERLINK")  # a title that looks like a formula stays text
    assert topic_title("wangari_maathai ", "enwiki") == "Wangari maathai"


def test_the_cohort_topic_list_keeps_the_first_letters_case_where_the_wiki_does(cohort):
    """The topic list's own title rules (`titles.normalize_title`): on Lojban Wikipedia, as on a few
    others, "Xabc" and "xabc" are two articles; on English Wikipedia they are one."""
    submit(cohort["chen"], TOPICS, {"title": "Topics", "rows": [
        {"title": "Xabc", "wiki": "jbowiki"}, {"title": "Yabc", "wiki": "enwiki"}]})
    submit(cohort["dalia"], TOPICS, {"title": "Topics", "rows": [
        {"title": "xabc", "wiki": "jbowiki"}, {"title": "yabc", "wiki": "enwiki"},
        {"title": "Cambio_clim%C3%A1tico", "wiki": "eswiki"}, {"title": "Cambio climático", "wiki": "eswiki"}]})
    rows = {(row["Article"], row["Wikipedia"]): row for row in csv_rows(write("topics"))}
    assert rows[("Xabc", "jbowiki")]["Proposed by"] == "Ana Chen"
    assert rows[("xabc", "jbowiki")]["Proposed by"] == "Ana Dalia"
    assert rows[("Yabc", "enwiki")]["Proposed by"] == "Ana Chen, Ana Dalia"
    assert ("yabc", "enwiki") not in rows
    assert rows[("Cambio climático", "eswiki")]["Learners who proposed it"] == "1"  # percent-escapes decoded
    assert topic_title("xabc", "jbowiki") == "xabc" and topic_title("xabc", "enwiki") == "Xabc"
    assert topic_title(" Talk:Foo ", "enwiki") == "Talk:Foo"  # a title the block would refuse stays as written


def test_answers_name_the_worksheets_proposal_sections(cohort):
    """One list of grant-proposal sections: the worksheet's, in its order, with its labels; the reading
    of a payload has one home, the proposal's assembly."""
    from orglab_xblocks.proposal import assembly
    from orglab_xblocks.worksheet.schema import PROPOSAL_SECTIONS

    assert payloads.PROPOSAL_SECTIONS is PROPOSAL_SECTIONS
    assert payloads.Answer is assembly.Answer
    payload = worksheet_payload("x", section="risks")
    payload["fields"][1]["proposal_section"] = "no-such-section"
    assert [(a.field, a.section) for a in payloads.answers_of("orglab_worksheet", payload)] == [
        ("statement", "risks"), ("dimensions", "other")]
    assert [a.section for a in payloads.answers_of("orglab_worksheet", worksheet_payload("x", section="goals"))] == [
        "change", "other"]
    with translation.override("es"):
        assert [payloads.section_label(section) for section in ("change", "risks", "other")] == [
            "El cambio que quieres lograr, sus desafíos y tu enfoque", "Riesgos", "Otros"]
        assert all(payloads.section_label(section) != label for section, label in PROPOSAL_SECTIONS.items()
                   if section not in ("where",))  # "Where" is "Dónde"
    # The labels' translations are the blocks' (one home): Latin American Spanish falls back to Spanish.
    with translation.override("es-419"):
        assert payloads.section_label("risks") == "Riesgos"
    with translation.override("en"):
        assert payloads.section_label("change") == PROPOSAL_SECTIONS["change"]


def test_the_cohort_topic_list_as_a_sortable_wikitable(cohort):
    text = write("topics", "wikitext").decode("utf-8")
    assert text.startswith('{| class="wikitable sortable"')
    tables = mwparserfromhell.parse(text).filter_tags(matches=lambda node: node.tag == "table")
    assert len(tables) == 1
    rows = [node for node in tables[0].contents.filter_tags(recursive=False) if node.tag == "tr"]
    assert len(rows) == 3  # three topics (the header row needs no row mark)
    headers = [node for node in tables[0].contents.filter_tags() if node.tag == "th"]
    assert len(headers) == 7
    assert "[[:w:en:Wangari Maathai|Wangari Maathai]]" in text and "[[:d:Q48276|Q48276]]" in text
    assert not mwparserfromhell.parse(text).filter_templates()  # nothing a learner wrote becomes a template


def test_grant_proposal_drafts_group_answers_by_section(cohort):
    archive = zipfile.ZipFile(io.BytesIO(write("proposals", "zip")))
    names = set(archive.namelist())
    assert {"amina/proposal.md", "amina/proposal.wiki", "bruno/proposal.md", "emeka/proposal.wiki",
            "README.txt"} <= names
    markdown = archive.read("amina/proposal.md").decode("utf-8")
    assert markdown.startswith("# Grant proposal draft\n")  # the learner has given no title yet
    change, activities, participants = (markdown.index(f"## {label}") for label in (
        "The change you want to bring, its challenges and your approach", "Main activities", "Target participants and how they are engaged"))
    assert change < activities < participants
    assert "Few articles on Kenyan women climate scientists" in markdown and "Few articles on women" not in markdown
    wiki = archive.read("amina/proposal.wiki").decode("utf-8")
    assert "== The change you want to bring, its challenges and your approach ==" in wiki and "=== What gap will your campaign close? ===" in wiki
    anonymous = zipfile.ZipFile(io.BytesIO(write("proposals", "zip", options={"include": []})))
    assert all(name.startswith("learner-") or name == "README.txt" for name in anonymous.namelist())


def test_a_submitted_proposal_gives_the_draft_its_title_budget_and_rules(cohort):
    from orglab_xblocks.proposal import assembly

    submit(cohort["amina"], PROPOSAL, assembly.payload(
        title="Your grant proposal", own={"title": "Científicas de Kenia", "budget": [
            {"item": "Snacks", "amount": 50000, "currency": "KES", "usd": 385}]},
        rules={"change": {"min_words": 500}}, summary={}))
    markdown = zipfile.ZipFile(io.BytesIO(write("proposals", "zip"))).read("amina/proposal.md").decode("utf-8")
    assert markdown.startswith("# Científicas de Kenia\n")
    assert "- **Budget in KES:** 50,000" in markdown and "- **Budget in USD:** 385" in markdown
    change = markdown[markdown.index("## The change you want to bring, its challenges and your approach"):]
    assert change.split("\n")[2] == "*Thin: needs more*"  # the learner's submitted rule: 500 words


# --------------------------------------------------------------------------- formats


NASTY = ["=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(A1:A9)", "+1+2", "-2+3", "\t=1", "plain",
         "línea 1\nlínea 2, \"citada\"", "مرحبا بالعالم"]
COLUMNS = [writers.Column("text", "Text", 30), writers.Column("n", "Number"), writers.Column("when", "When"),
           writers.Column("ok", "OK"), writers.Column("nothing", "Nothing")]
WHEN = datetime.datetime(2026, 11, 30, 14, 5, tzinfo=datetime.UTC)


def nasty_rows():
    return [[text, -3 if index == 0 else index * 1.5, WHEN, index % 2 == 0, None] for index, text in enumerate(NASTY)]


def write_format(fmt, **options) -> bytes:
    handle = io.BytesIO()
    writer = writers.make_writer(fmt, handle, COLUMNS, **options)
    writer.write_rows(nasty_rows())
    writer.close()
    return handle.getvalue()


def test_csv_parses_back_to_the_same_rows_with_formulas_inert():
    data = write_format("csv")
    assert not data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert parsed[0] == ["Text", "Number", "When", "OK", "Nothing"]
    assert parsed[1:] == [[writers.csv_cell(value) for value in row] for row in nasty_rows()]
    texts = [row[0] for row in parsed[1:]]
    assert texts[0] == "'=HYPERLINK(\"http://evil.example\",\"click\")" and texts[1] == "'@SUM(A1:A9)"
    assert texts[2] == "'+1+2" and texts[3] == "'-2+3" and texts[4] == "'\t=1"
    assert texts[5:] == NASTY[5:]
    assert parsed[1][1] == "-3"  # a negative number stays a number
    assert parsed[1][2] == "2026-11-30T14:05:00Z" and parsed[1][3] == "true" and parsed[1][4] == ""
    assert all(not cell.startswith(writers.FORMULA_STARTS) for row in parsed for cell in row if cell != "-3")


def test_csv_with_a_byte_order_mark_for_spreadsheets():
    data = write_format("csv", bom=True)
    assert data.startswith(b"\xef\xbb\xbfText,")


def test_xlsx_opens_in_openpyxl_with_a_frozen_header_widths_and_inert_formulas():
    book = openpyxl.load_workbook(io.BytesIO(write_format("xlsx", sheet_title="Completion [2026]")))
    sheet = book.active
    assert sheet.title == "Completion  2026"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Text", "Number", "When", "OK", "Nothing")
    assert [row[0] for row in rows[1:]] == NASTY  # exactly what was written …
    cells = list(sheet.iter_rows(min_row=2))
    assert all(row[0].data_type == "s" for row in cells)  # … and always a string, never a formula
    assert rows[1][1] == -3 and rows[2][1] == 1.5
    assert rows[1][2] == datetime.datetime(2026, 11, 30, 14, 5) and rows[1][3] is True and rows[1][4] is None


def test_xlsx_of_a_real_report_reads_back(cohort):
    book = openpyxl.load_workbook(io.BytesIO(write("topics", "xlsx")))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Article" and len(rows) == 4
    assert any(str(row[0]).startswith("=HYPERLINK") for row in rows[1:])
    formula_cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row if cell.data_type == "f"]
    assert formula_cells == []


def test_json_lines_round_trip():
    lines = write_format("jsonl").decode("utf-8").splitlines()
    first = json.loads(lines[0])
    assert first == {"text": NASTY[0], "n": -3, "when": "2026-11-30T14:05:00Z", "ok": True, "nothing": None}
    assert [json.loads(line)["text"] for line in lines] == NASTY


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Unknown format"):
        writers.make_writer("ods", io.BytesIO(), COLUMNS)


def test_control_characters_do_not_break_a_workbook():
    handle = io.BytesIO()
    writer = writers.make_writer("xlsx", handle, COLUMNS[:1])
    writer.write_rows([["bell\x07 and\x00null"]])
    writer.close()
    sheet = openpyxl.load_workbook(io.BytesIO(handle.getvalue())).active
    assert sheet["A2"].value == "bell andnull"


def test_topics_in_a_seeded_report_use_the_latest_topic_list(cohort):
    submit(cohort["bruno"], TOPICS, {"title": "Your topic list", "rows": [
        {"title": "Sequía", "wiki": "eswiki", "qid": "", "gap": "", "priority": "high"}]})
    rows = {row["Article"]: row for row in csv_rows(write("topics"))}
    assert rows["Wangari Maathai"]["Learners who proposed it"] == "1"
    assert "Sequía" in rows


def test_inside_the_lms_the_full_name_is_the_profile_name_else_the_first_and_last_names(cohort, monkeypatch):
    """In Open edX a learner's full name is their profile's (`UserProfile.name`, read through compat);
    the account's first and last names stand in where the profile has none."""
    from orglab_plugin import compat

    profiles = {cohort["amina"].pk: "Amina J. Mohammed", cohort["bruno"].pk: ""}
    monkeypatch.setattr(compat, "full_names", lambda ids: {pk: profiles[pk] for pk in ids if pk in profiles})
    rows = {row["Username"]: row for row in csv_rows(write("completion"))}
    assert rows["amina"]["Full name"] == "Amina J. Mohammed"
    assert rows["bruno"]["Full name"] == "Ana Bruno"  # a profile without a name
    assert rows["chen"]["Full name"] == "Ana Chen"  # no profile row
    nameless = cohort["dalia"]
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    rows = {row["Username"]: row for row in csv_rows(write("completion"))}
    assert rows["dalia"]["Full name"] == ""  # the column names no one by their username
