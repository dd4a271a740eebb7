"""The layers of orglab hold: import-linter's contracts (`.importlinter` at the repository's root)
are all kept. They replace the regex tests that used to read the sources for forbidden imports.

- orglab_xblocks and course_export reach orglab_plugin only through `orglab_plugin.api`;
- only `orglab_plugin.compat` imports edx-platform (lms, cms, common, openedx, xmodule);
- no module of orglab_plugin imports its doorway `orglab_plugin.api`;
- orglab_plugin imports neither the blocks nor course_export; the blocks never import course_export;
  course_export reads only the blocks' pure schema and title modules.
"""
from __future__ import annotations

import ast
import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("orglab_plugin", "orglab_xblocks", "course_export", "devsite")


def contracts(config: Path = CONFIG) -> dict[str, str]:
    """{contract id: its name} of the configuration."""
    parser = configparser.ConfigParser()
    parser.read(config, encoding="utf-8")
    prefix = "importlinter:contract:"
    return {section.removeprefix(prefix): parser[section]["name"]
            for section in parser.sections() if section.startswith(prefix)}


def lint_imports(cwd: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH", "")]))
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", str(cwd / ".importlinter")],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def outcome(output: str, name: str) -> str | None:
    """"KEPT" or "BROKEN", as import-linter reports the contract called `name`."""
    match = re.search(rf"^{re.escape(name)} (KEPT|BROKEN)\b", output, re.M)
    return match.group(1) if match else None


def test_the_configuration_names_the_layers():
    assert set(contracts()) == {
        "blocks-through-api", "exports-through-api", "platform-through-compat", "api-is-a-doorway",
        "plugin-below-blocks-and-exports", "blocks-without-exports", "exports-read-pure-block-modules",
    }


def test_every_contract_is_kept():
    result = lint_imports(REPO)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    names = contracts()
    assert {name: outcome(output, name) for name in names.values()} == dict.fromkeys(names.values(), "KEPT"), output
    assert f"Contracts: {len(names)} kept, 0 broken." in output, output


@pytest.fixture
def copy_of_the_packages(tmp_path):
    """The four packages and the configuration copied under `tmp_path`, which comes first on the path."""
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "static", "templates"))
    shutil.copy(CONFIG, tmp_path / ".importlinter")
    return tmp_path


@pytest.mark.parametrize(("module", "source", "broken"), [
    ("orglab_plugin/probe.py", "from . import api\n", "api-is-a-doorway"),
    ("orglab_plugin/rest_api/probe.py", "from orglab_plugin.api import record_submission\n", "api-is-a-doorway"),
    ("orglab_plugin/probe.py", "import course_export.jobs\n", "plugin-below-blocks-and-exports"),
    ("orglab_plugin/probe.py", "from xmodule.modulestore.django import modulestore\n", "platform-through-compat"),
    ("orglab_xblocks/probe.py", "def f():\n    from lms.djangoapps.courseware import courses\n",
     "platform-through-compat"),
    ("course_export/probe.py", "from openedx.core.djangoapps.content import x\n", "platform-through-compat"),
    ("orglab_xblocks/probe.py", "from orglab_plugin.models import Submission\n", "blocks-through-api"),
    ("orglab_xblocks/probe.py", "from orglab_plugin import cohort\n", "blocks-through-api"),
    ("course_export/probe.py", "from orglab_plugin.rest_api.v1 import views\n", "exports-through-api"),
    ("orglab_xblocks/probe.py", "import course_export\n", "blocks-without-exports"),
    ("course_export/probe.py", "from orglab_xblocks.worksheet import block\n", "exports-read-pure-block-modules"),
])
def test_a_forbidden_import_breaks_its_contract(copy_of_the_packages, module, source, broken):
    """The contracts are not vacuous: each forbidden import of a probe module breaks the one it should."""
    (copy_of_the_packages / module).write_text(source, encoding="utf-8")
    result = lint_imports(copy_of_the_packages, pythonpath=copy_of_the_packages)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert outcome(output, contracts()[broken]) == "BROKEN", output
    assert "probe" in output


def test_the_api_is_a_doorway_without_logic():
    """`orglab_plugin.api` defines nothing but the lazy `__getattr__`: each of its public names is
    defined in the module that is its home."""
    from orglab_plugin import api

    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))
    defined = [getattr(node, "name", "lambda") for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
    assert defined == ["__getattr__"]
    homes = {name: getattr(getattr(api, name), "__module__", None) for name in api.__all__}
    assert "orglab_plugin.api" not in homes.values(), homes
    assert {name for name, home in homes.items() if home is None} == {"MAX_PAYLOAD_BYTES", "SORTS", "STATUS_FILTERS"}
