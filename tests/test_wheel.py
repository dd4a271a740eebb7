"""The built distribution is complete: every file the three packages read at run time is in it.

The wheel is built from a copy of the work tree (its tracked files and new files not ignored), as
`pip wheel --no-deps --no-build-isolation` builds it, and again from the sdist (`python -m build
--no-isolation`, which is how MANIFEST.in matters): no network, no build/ or egg-info left over.
Every non-.py file that git tracks under orglab_xblocks/, orglab_plugin/ and course_export/ (no
test or doc lives there) must be in each wheel with the same bytes; every module too.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("orglab_xblocks", "orglab_plugin", "course_export")


def git_files(*args: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", *args], cwd=REPO, check=True, capture_output=True).stdout
    return [name for name in listed.decode("utf-8").split("\0") if name]


def is_test_or_doc(path: str) -> bool:
    parts = Path(path).parts
    return bool({"tests", "test", "docs", "doc"} & set(parts)) or Path(path).name.lower().startswith("readme")


def tracked_package_files() -> list[str]:
    """Files of the three packages that git tracks and the work tree has."""
    return sorted(name for name in git_files("--", *PACKAGES) if (REPO / name).is_file() and not is_test_or_doc(name))


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    """The work tree as a build sees it, without .git, .venv, build/ or an old egg-info."""
    copy = tmp_path_factory.mktemp("source")
    for name in sorted(set(git_files()) | set(git_files("--others", "--exclude-standard"))):
        source = REPO / name
        if source.is_file():
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy


def wheel_contents(out: Path) -> dict[str, bytes]:
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def pip_wheel(source_copy, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("pip-wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "-w", str(out), str(source_copy)], check=True, capture_output=True)
    return wheel_contents(out)


@pytest.fixture(scope="module")
def sdist_wheel(source_copy, tmp_path_factory) -> dict[str, bytes]:
    if importlib.util.find_spec("build") is None:
        pytest.skip("needs the `build` package")
    out = tmp_path_factory.mktemp("build")
    work = tmp_path_factory.mktemp("build-source")
    shutil.copytree(source_copy, work, dirs_exist_ok=True)
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(work)],
                   check=True, capture_output=True)
    return wheel_contents(out)


@pytest.fixture(params=["pip_wheel", "sdist_wheel"])
def wheel(request) -> dict[str, bytes]:
    return request.getfixturevalue(request.param)


def test_every_run_time_file_of_the_packages_is_in_the_wheel(wheel):
    data_files = [name for name in tracked_package_files() if not name.endswith(".py")]
    # Templates, static files, catalogues (.po, .mo, the blocks' translations/…/text.mo), public/ assets.
    assert {"course_export/static/course_export/dashboard.js", "course_export/static/course_export/dashboard.css",
            "orglab_xblocks/translations/es/LC_MESSAGES/text.mo",
            "orglab_xblocks/worksheet/public/js/worksheet.js",
            "orglab_xblocks/topic_list/data/wikis.json"} <= set(data_files)
    missing = [name for name in data_files if name not in wheel]
    assert missing == []
    changed = [name for name in data_files if wheel[name] != (REPO / name).read_bytes()]
    assert changed == []


def test_every_module_of_the_packages_is_in_the_wheel(wheel):
    modules = [name for name in tracked_package_files() if name.endswith(".py")]
    assert "orglab_plugin/migrations/0001_initial.py" in modules
    assert [name for name in modules if name not in wheel] == []


def test_the_wheel_holds_the_three_packages_and_nothing_else(wheel):
    top = {name.split("/")[0] for name in wheel if not name.split("/")[0].endswith(".dist-info")}
    assert top == set(PACKAGES)
    assert [name for name in wheel if name.endswith((".pyc", ".pyo")) or "__pycache__" in name] == []


def test_the_wheel_declares_the_blocks_and_the_plugin(wheel):
    (entry_points,) = [data for name, data in wheel.items() if name.endswith(".dist-info/entry_points.txt")]
    text = entry_points.decode("utf-8")
    for line in ("orglab_worksheet = orglab_xblocks.worksheet.block:WorksheetBlock",
                 "orglab_topic_list = orglab_xblocks.topic_list.block:TopicListBlock",
                 "orglab_audience = orglab_xblocks.audience.block:AudienceBlock",
                 "orglab_plugin = orglab_plugin.apps:OrgLabPluginConfig"):
        assert line in text
