"""The blocks run in any XBlock runtime, not only where orglab's plugin is installed.

In the stock xblock-sdk workbench (`DJANGO_SETTINGS_MODULE=workbench.settings`, read in
xblock-sdk's workbench/settings.py: no orglab_plugin, no edx-completion in INSTALLED_APPS, a
SQLite file and a log under ./var) the block modules import, each block renders through the
workbench's own views, and its handlers answer with a clear message instead of crashing. In a
runtime that gives real course keys but has no plugin, drafts keep working on XBlock fields alone
and a submit answers 503 with a message. Each runs in a subprocess: Django is set up once per
process, and these tests' settings (the devsite's) have the plugin.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BLOCK_MODULES = ("orglab_xblocks.worksheet.block", "orglab_xblocks.topic_list.block", "orglab_xblocks.audience.block",
                 "orglab_xblocks.proposal.block")
NO_PLUGIN = "This block's submissions need the orglab plugin installed on this site."
NOT_IN_COURSE = "This block is not part of a course, so work cannot be submitted here."
# Each block's learner view opens with an element of this class.
MARKERS = {"orglab_audience": 'class="orglab-audience orglab-block"', "orglab_topic_list": 'class="orglab-topics orglab-block"',
           "orglab_worksheet": 'class="orglab-worksheet orglab-block"',
           "orglab_proposal": 'class="orglab-proposal orglab-block"'}

SCRIPT = r'''
import importlib, importlib.util, json, sys

from django.conf import settings

# The stock settings name django-pyfs's app, which xblock-sdk does not install (nor do we) and whose
# models no longer load on Django 5 (`index_together`); the workbench runs without it. Nothing else
# of the stock settings is changed.
if importlib.util.find_spec("djpyfs") is None:
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "djpyfs"]

import django

django.setup()
from django.apps import apps
from django.core.management import call_command

out = {"installed": sorted(config.name for config in apps.get_app_configs())}
for name in sys.argv[1].split(","):
    importlib.import_module(name)
from orglab_plugin import api

out["models_imported"] = sorted(name for name in sys.modules
                                if name in ("orglab_plugin.models", "orglab_plugin.cohort", "completion.models"))
out["front_door"] = [callable(api.read_json), callable(api.escape_wikitext), api.MAX_JSON_DEPTH]
for name, call in (("latest_submission", lambda: api.latest_submission(user=7, block_key=USAGE)),
                   ("record_submission", lambda: api.record_submission(
                       course_key=COURSE, user=7, block_key=USAGE, block_type="orglab_worksheet", payload={})),
                   ("learner_rows", lambda: api.learner_rows)):
    USAGE = "block-v1:Wikimedia+OrgLab+2026+type@orglab_worksheet+block@w1"
    COURSE = "course-v1:Wikimedia+OrgLab+2026"
    try:
        call()
        out[name] = "no error"
    except Exception as error:
        out[name] = type(error).__name__

call_command("migrate", run_syncdb=True, verbosity=0)

# The workbench's own scenarios and views: a page per scenario, handlers at /handler/<usage>/<name>/.
from django.test import Client
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios, init_scenarios

init_scenarios()
client = Client()
out["pages"], out["handlers"] = {}, {}
body = json.dumps({"revision": 0, "client": "probe", "seq": 1})
for scenario_id, scenario in sorted(get_scenarios().items()):
    if not scenario_id.startswith("orglab_"):
        continue
    page = client.get(f"/scenario/{scenario_id}/?student=7")
    out["pages"][scenario_id] = [page.status_code, page.content.decode("utf-8")]
    child = WorkbenchRuntime("7").get_block(scenario.usage_id).children[0]
    for handler in ("save_draft", "submit"):
        response = client.post(f"/handler/{child}/{handler}/?student=7", data=body, content_type="application/json")
        out["handlers"][f"{scenario_id} {handler}"] = [response.status_code, response["Content-Type"],
                                                       json.loads(response.content)]

# A runtime that gives real course keys (as the LMS does), still without the plugin: the stock
# workbench runtime with its fields in memory (its database store only takes scenario ids).
import webob
from opaque_keys.edx.keys import CourseKey
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds

from orglab_xblocks.audience.default_instrument import DEFAULT_INSTRUMENT


def call(block, handler, data):
    request = webob.Request.blank("/", method="POST", body=json.dumps(data).encode("utf-8"))
    request.content_type = "application/json"
    response = block.runtime.handle(block, handler, request)
    return [response.status_code, json.loads(response.body)]


answers = {q["id"]: 3 if q["kind"] == "scale" else q["choices"][0]["value"]
           for q in DEFAULT_INSTRUMENT["questions"] if q["kind"] in ("scale", "single_choice")}
work = {
    "orglab_worksheet": {"answers": {"answer": "Un plan para la campaña de edición"}},
    "orglab_topic_list": {"ops": [{"op": "put", "row": {"id": "r1", "title": "Glaciar", "wiki": "eswiki",
                                                        "gap": "topics_for_impact", "priority": "high"}}]},
    "orglab_audience": {"segments": [{"id": "s1", "name": "Docentes", "description": "", "size": 30,
                                      "languages": "es", "location": "", "contributors": "new",
                                      "answers": answers}]},
    "orglab_proposal": {"own": {"title": "Científicas del clima"}},
}
course = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
out["course_runtime"] = {}
for block_type, data in work.items():
    runtime = WorkbenchRuntime("7")
    runtime._services["field-data"] = DictFieldData({})
    key = course.make_usage_key(block_type, "probe")
    block = runtime.construct_xblock(block_type, ScopeIds("7", block_type, key, key))
    if block_type == "orglab_topic_list":
        block.min_topics = 1
    html = block.render("student_view", {}).body_html()
    saved = call(block, "save_draft", {**data, "revision": 0, "client": "probe", "seq": 1})
    submit = {**data, "revision": 1, "client": "probe", "seq": 2}
    if block_type == "orglab_topic_list":
        submit["ops"] = []
    submitted = call(block, "submit", submit)
    out["course_runtime"][block_type] = {"html": html, "save_draft": saved, "submit": submitted,
                                         "status": block.status()}
# The renders that read other learners' or earlier submissions: a worksheet that shows the audience
# profile, and the audience block's cohort summary for staff. Without the plugin, they render without.
linked = WorkbenchRuntime("7")
linked._services["field-data"] = DictFieldData({})
worksheet_key = course.make_usage_key("orglab_worksheet", "linked")
worksheet = linked.construct_xblock("orglab_worksheet", ScopeIds("7", "orglab_worksheet", worksheet_key,
                                                                 worksheet_key))
worksheet.audience_block = str(course.make_usage_key("orglab_audience", "probe"))
audience_key = course.make_usage_key("orglab_audience", "staff")
audience = linked.construct_xblock("orglab_audience", ScopeIds("7", "orglab_audience", audience_key, audience_key))
audience._is_staff = lambda: True
out["plugin_free_renders"] = {"worksheet": worksheet.render("student_view", {}).body_html(),
                              "audience_staff": audience.render("student_view", {}).body_html()}
out["models_imported_at_end"] = sorted(name for name in sys.modules if name == "orglab_plugin.models")
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def workbench(tmp_path_factory):
    """What the script saw, run in the stock workbench's settings from a fresh directory."""
    cwd = tmp_path_factory.mktemp("workbench")
    (cwd / "var").mkdir()  # the stock settings' SQLite file and log
    env = {key: value for key, value in os.environ.items() if not key.startswith("ORGLAB_")}
    env.update(DJANGO_SETTINGS_MODULE="workbench.settings", PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(BLOCK_MODULES)], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-6000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_stock_workbench_has_none_of_the_plugins_apps(workbench):
    assert "workbench" in workbench["installed"]
    assert not {"orglab_plugin", "course_export", "completion"} & set(workbench["installed"])


def test_importing_the_blocks_and_the_api_loads_no_models(workbench):
    assert workbench["models_imported"] == []
    from orglab_plugin.inputs import MAX_JSON_DEPTH

    assert workbench["front_door"] == [True, True, MAX_JSON_DEPTH]  # the re-exported front door works


def test_the_api_says_the_plugin_is_missing(workbench):
    assert workbench["latest_submission"] == "PluginNotInstalled"
    assert workbench["record_submission"] == "PluginNotInstalled"
    assert workbench["learner_rows"] == "PluginNotInstalled"


def test_each_block_renders_in_the_stock_workbench(workbench):
    pages = workbench["pages"]
    assert sorted(pages) == ["orglab_audience.0", "orglab_proposal.0", "orglab_topic_list.0", "orglab_worksheet.0",
                             "orglab_worksheet.1", "orglab_worksheet.2", "orglab_worksheet.3"]
    for scenario_id, (status, html) in pages.items():
        assert status == 200, scenario_id
        assert MARKERS[scenario_id.split(".")[0]] in html, scenario_id


def test_handlers_answer_a_clear_error_in_the_stock_workbench(workbench):
    """The workbench's ids are not course keys: nothing can be kept, and the learner is told why."""
    handlers = workbench["handlers"]
    assert len(handlers) == 14
    for name, (status, content_type, body) in handlers.items():
        assert status == 409, name
        assert content_type.startswith("application/json"), name
        assert body["error"] == NOT_IN_COURSE, name


@pytest.mark.parametrize("block_type", ["orglab_worksheet", "orglab_topic_list", "orglab_audience", "orglab_proposal"])
def test_in_a_course_runtime_without_the_plugin_drafts_work_and_submit_answers_503(workbench, block_type):
    seen = workbench["course_runtime"][block_type]
    assert MARKERS[block_type] in seen["html"]
    status, body = seen["save_draft"]
    assert status == 200, body
    assert body["status"]["state"] == "draft"
    status, body = seen["submit"]
    assert status == 503, body
    assert body == {"error": NO_PLUGIN, "reason": "no_plugin"}
    # Nothing was recorded, so the block is not marked submitted; the draft is kept.
    assert seen["status"]["state"] == "draft" and seen["status"]["revision"] == 1
    assert workbench["models_imported_at_end"] == []


def test_the_api_still_serves_every_public_name_where_the_plugin_is_installed():
    """In these tests' settings (the plugin installed) every name of `api.__all__` resolves, the
    cohort's reads and the model included, loaded on first use."""
    from orglab_plugin import api, cohort, models

    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == []
    assert api.learner_rows is cohort.learner_rows
    assert api.LearnerRow is cohort.LearnerRow
    assert api.Submission is models.Submission
    from orglab_plugin.api import STATUS_FILTERS, JSONBodyParser, content_security_policy  # noqa: F401

    assert STATUS_FILTERS is cohort.STATUS_FILTERS
    with pytest.raises(AttributeError):
        api.no_such_name  # noqa: B018


def test_renders_that_read_submissions_work_without_the_plugin(workbench):
    """A worksheet linked to an audience assessment, and the audience block as staff see it."""
    renders = workbench["plugin_free_renders"]
    assert "Complete the audience-needs assessment first" in renders["worksheet"]
    assert "orglab-au" in renders["audience_staff"]
