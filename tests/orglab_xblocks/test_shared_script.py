"""The blocks' shared browser script (orglab_xblocks/public/js/orglab.js, `window.OrgLab`) reaches
every block, in every way a runtime serves a block's files, before the block's own script.

How runtimes serve `runtime.local_resource_url(block, "public/js/…")`:

- the xblock-sdk workbench and the devsite (`/resource/<block_type>/<uri>`), and edx-platform when
  its asset pipeline is off (`/xblock/resource/<block_type>/<uri>`), call the block class's
  `open_local_resource(uri)`: XBlock's own opens `<block's package>/<resources_dir>/<uri>` and
  refuses anything outside `public/` or with a `/.` in it;
- edx-platform with its pipeline on (production: `xblock_local_resource_url` in
  openedx/core/lib/xblock_utils/__init__.py) links the static file
  `xblock/resources/<xblock_resource_pkg(class)>/<uri>`, which collectstatic copied from the same
  place, `<the class's package>/<get_resources_dir()>/<uri>` (XBlockPipelineFinder,
  openedx/core/lib/xblock_pipeline/finder.py); `xblock_resource_pkg` is the class's module minus
  its last part.

So the one file must be found in each block's own package: each block's public/js/orglab.js is a
link to it (a wheel holds the file itself: tests/test_wheel.py compares the bytes).
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from django.test import Client
from opaque_keys.edx.keys import CourseKey
from xblock.exceptions import DisallowedFileError
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds

from devsite.runtime import DevsiteRuntime
from orglab_xblocks.audience.block import AudienceBlock
from orglab_xblocks.common import DRAFT_MESSAGES
from orglab_xblocks.proposal.block import ProposalBlock
from orglab_xblocks.topic_list.block import TopicListBlock
from orglab_xblocks.worksheet.block import WorksheetBlock

PACKAGE = Path(__file__).resolve().parents[2] / "orglab_xblocks"
SHARED = PACKAGE / "public" / "js" / "orglab.js"
URI = "public/js/orglab.js"
BLOCKS = {"orglab_worksheet": WorksheetBlock, "orglab_topic_list": TopicListBlock, "orglab_audience": AudienceBlock,
          "orglab_proposal": ProposalBlock}
# Each view's own script, and the function it starts.
OWN_SCRIPTS = {
    ("orglab_worksheet", "student_view"): ("public/js/worksheet.js", "OrgLabWorksheet"),
    ("orglab_worksheet", "studio_view"): ("public/js/worksheet_studio.js", "OrgLabWorksheetStudio"),
    ("orglab_topic_list", "student_view"): ("public/js/topic_list.js", "OrgLabTopicList"),
    ("orglab_topic_list", "studio_view"): ("public/js/topic_list_studio.js", "OrgLabTopicListStudio"),
    ("orglab_audience", "student_view"): ("public/js/audience.js", "OrgLabAudience"),
    ("orglab_audience", "studio_view"): ("public/js/audience_studio.js", "OrgLabAudienceStudio"),
    ("orglab_proposal", "student_view"): ("public/js/proposal.js", "OrgLabProposal"),
    ("orglab_proposal", "studio_view"): ("public/js/proposal_studio.js", "OrgLabProposalStudio"),
}
COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
REFUSED = [
    "public/js/../../block.py",
    "public/../block.py",
    "../public/js/orglab.js",
    "public/./js/orglab.js",
    "public/js/.orglab.js",
    "block.py",
    "templates/student.html",
    "js/orglab.js",
    "/public/js/orglab.js",
]


def render(block_type: str, view: str):
    """A block of `block_type`, never edited, in the devsite's runtime without a learner, and the
    fragment its `view` makes (before the runtime wraps it with the runtime's own scripts)."""
    runtime = DevsiteRuntime(None)
    runtime._services["field-data"] = DictFieldData({})  # noqa: SLF001 - fields in memory, nothing stored
    key = COURSE.make_usage_key(block_type, "shared-script-probe")
    block = runtime.construct_xblock(block_type, ScopeIds(None, block_type, key, key))
    return runtime, block, getattr(block, view)({})


def script_urls(fragment) -> list[str]:
    return [resource.data for resource in fragment.resources if resource.kind == "url"
            and resource.mimetype == "application/javascript"]


def init_messages(fragment) -> dict[str, str]:
    """The messages the view hands its script (attach_init's JSON script element)."""
    (data,) = re.findall(r'<script id="[^"]+-init" type="application/json">(.*?)</script>', fragment.body_html(),
                         flags=re.S)
    return json.loads(data)["messages"]


def read_keys(function_name: str) -> set[str]:
    """The message keys that one function of the shared script reads (msg.x / messages.x)."""
    text = SHARED.read_text(encoding="utf-8")
    start = text.index(f"  function {function_name}(")
    end = text.index("\n  }\n", start)
    return set(re.findall(r"\b(?:msg|messages)\.(\w+)", text[start:end]))


@pytest.mark.parametrize(("block_type", "view"), sorted(OWN_SCRIPTS))
def test_each_view_loads_the_shared_script_before_its_own(block_type, view):
    runtime, block, fragment = render(block_type, view)
    own, function = OWN_SCRIPTS[block_type, view]
    urls = script_urls(fragment)
    shared_url = runtime.local_resource_url(block, URI)
    assert urls == [shared_url, runtime.local_resource_url(block, own)]
    assert fragment.js_init_fn == function


@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_each_block_serves_the_one_shared_file(block_type):
    cls = BLOCKS[block_type]
    with cls.open_local_resource(URI) as handle:
        assert handle.read() == SHARED.read_bytes()
    # Where edx-platform's asset pipeline collects it from: the class's package, its resources_dir.
    package = cls.__module__.rsplit(".", 1)[0]
    collected = resources.files(package).joinpath(cls.get_resources_dir()).joinpath(URI)
    assert collected.read_bytes() == SHARED.read_bytes()
    # A link to the one file, not a copy that could drift.
    own = PACKAGE / package.split(".")[-1] / URI
    assert own.is_symlink() and own.resolve() == SHARED.resolve()


@pytest.mark.parametrize("uri", REFUSED)
@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_nothing_outside_public_is_served(block_type, uri):
    with pytest.raises(DisallowedFileError):
        BLOCKS[block_type].open_local_resource(uri)


@pytest.mark.django_db
@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_the_devsite_serves_it_at_each_block_types_address(block_type):
    client = Client()
    response = client.get(f"/resource/{block_type}/{URI}")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] in ("text/javascript", "application/javascript")
    assert b"".join(response) == SHARED.read_bytes()
    assert client.get(f"/resource/{block_type}/public/js/../../block.py").status_code == 404
    assert client.get(f"/resource/{block_type}/block.py").status_code == 404


@pytest.mark.parametrize("block_type", sorted(BLOCKS))
def test_every_message_the_shared_script_shows_comes_translated_from_the_view(block_type):
    """The shared script has no text of its own: the learner view's init messages hold every key
    its draft controller and status line read, the Studio view's every key its editor reads."""
    learner_keys = read_keys("drafts") | read_keys("showStatus")
    studio_keys = read_keys("studioEditor")
    assert {"saving", "saved", "save_failed", "offline", "reload", "submitting", "submitted", "fix_errors",
            "status_empty", "status_draft", "status_submitted", "status_changed"} <= learner_keys
    assert {"saving", "saved", "fix_errors"} <= studio_keys
    assert learner_keys <= set(DRAFT_MESSAGES)
    assert learner_keys <= set(init_messages(render(block_type, "student_view")[2]))
    assert studio_keys <= set(init_messages(render(block_type, "studio_view")[2]))


def test_the_shared_script_defines_orglab_once():
    """A page with several kinds of block loads the script once per kind: the first one wins."""
    text = SHARED.read_text(encoding="utf-8")
    assert "window.OrgLab = window.OrgLab || (function (window, document) {" in text
    # The blocks' own scripts keep none of the shared helpers.
    for (block_type, _view), (own, _function) in OWN_SCRIPTS.items():
        source = (PACKAGE / block_type.removeprefix("orglab_") / own).read_text(encoding="utf-8")
        for helper in ("function csrfToken", "function fmt(", "function el(", "function post(", "function localDate",
                       "function showStatus", "function showAlert", "function saveNow", "function randomId",
                       "function notify", "function labelled(text, control) {\n", "function numberOrNull", "setTimeout(function () { saveNow", "fetch("):
            assert helper not in source, (own, helper)
