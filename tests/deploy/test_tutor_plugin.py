"""The Tutor plugin (deploy/tutor-contrib-orglab) with real Tutor 22, without Docker or network.

`tutor` runs as a subprocess with its own root, HOME and plugins root in a tmp dir, the plugin found
through its installed `tutor.plugin.v1` entry point (`make install-test` installs it). `docker` is a
recording fake on PATH, so `tutor local do init` renders and hands over the real job scripts.
The commands run here are the README's, read from its fenced blocks.
"""
from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import types
from pathlib import Path

import pytest

pytest.importorskip("tutor")  # the platform-pinned environment (make test-platform) has no Tutor

from course_export.settings.common import FILTER, STEP  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PLUGIN_DIR = REPO / "deploy" / "tutor-contrib-orglab"
README = PLUGIN_DIR / "README.md"
MAIN_README = REPO / "README.md"  # its "With Tutor" block
TUTOR = Path(sys.executable).parent / "tutor"

# The README's commands, as the tests below run them (verbatim, with TUTOR_ROOT in the environment).
ENABLE = "tutor plugins enable orglab"
SET_ISSUER = "tutor config save --set ORGLAB_CERTIFICATE_ISSUER=platform"
SET_SPEC = "tutor config save --set ORGLAB_PIP_SPEC=openedx-orglab==0.2.0"
PRINT_SPEC = "tutor config printvalue ORGLAB_PIP_SPEC"
INIT = "tutor local do init --limit=orglab"
RUN_BY_TESTS = [ENABLE, SET_ISSUER, SET_SPEC, PRINT_SPEC, INIT]
# README commands that need Docker or the network, which these tests never use.
NEEDS_DOCKER_OR_NETWORK = ["pip install tutor-contrib-orglab", "tutor local launch", "tutor images build openedx"]

ORGLAB_COMMANDS = [
    "./manage.py lms waffle_switch completion.enable_completion_tracking on --create",
    "./manage.py lms orglab_sync_outline --all",
]
FAKE_DOCKER = """#!{python}
import json, os, sys
with open(os.environ["FAKE_DOCKER_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
if "ls" in sys.argv[1:]:  # `docker compose ls --format json`: no project is running
    print("[]")
"""
SETTINGS = {
    "lms": ["env/apps/openedx/settings/lms/production.py", "env/apps/openedx/settings/lms/development.py"],
    "cms": ["env/apps/openedx/settings/cms/production.py", "env/apps/openedx/settings/cms/development.py"],
}


def orglab_version() -> str:
    """openedx-orglab's version as its setup.py gives it."""
    out = subprocess.run([sys.executable, "setup.py", "--version"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    return out.strip().splitlines()[-1]


class Site:
    """A Tutor project root in a tmp dir, driven by the `tutor` command line."""

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "root"
        bin_dir = base / "bin"
        bin_dir.mkdir(parents=True)
        (base / "home").mkdir()
        docker = bin_dir / "docker"
        docker.write_text(FAKE_DOCKER.format(python=sys.executable), encoding="utf-8")
        docker.chmod(0o755)
        self.docker_log = base / "docker.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
        env.update(HOME=str(base / "home"), TUTOR_ROOT=str(self.root),
                   TUTOR_PLUGINS_ROOT=str(base / "tutor-plugins"), FAKE_DOCKER_LOG=str(self.docker_log),
                   PATH=f"{bin_dir}{os.pathsep}{TUTOR.parent}{os.pathsep}{env.get('PATH', '')}")
        self.env = env

    def run(self, command: str) -> str:
        args = shlex.split(command)
        assert args[0] == "tutor"
        result = subprocess.run([str(TUTOR), *args[1:]], env=self.env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def jobs(self) -> list[tuple[str, str]]:
        """(service, script) of each job `tutor local do` handed to docker compose since the last call."""
        if not self.docker_log.exists():
            return []
        calls = [json.loads(line) for line in self.docker_log.read_text(encoding="utf-8").splitlines()]
        self.docker_log.unlink()
        jobs = []
        for call in calls:
            if "run" in call:
                assert call[-4:-1] == ["sh", "-e", "-c"], call
                jobs.append((call[-5], call[-1]))
        return jobs


def settings_values(source: str) -> dict[str, object]:
    """The ORGLAB_* assignments of a rendered settings file (which must parse as Python)."""
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id.startswith("ORGLAB_"):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def orglab_block(source: str) -> str:
    """The LMS settings patch as rendered: from its marker comment to its last line."""
    match = re.search(r"^# orglab \(tutor-contrib-orglab\).*?^del _orglab_sys.*?$", source, re.M | re.S)
    assert match, "orglab's LMS settings patch is not in the file"
    return match.group(0)


def run_lms_block(block: str, filters: dict | None) -> dict:
    """Execute the patch as the LMS would, in a settings module that already holds `filters`."""
    module = types.ModuleType("orglab_test_tutor_lms_settings")
    if filters is not None:
        module.OPEN_EDX_FILTERS_CONFIG = filters
    sys.modules[module.__name__] = module
    try:
        exec(compile(block, "<orglab lms patch>", "exec"), module.__dict__)
    finally:
        del sys.modules[module.__name__]
    return module.__dict__


def readme_commands(path: Path) -> list[str]:
    """Every command line of the file's ```sh blocks."""
    blocks = re.findall(r"^```sh\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site with the plugin enabled and every default kept."""
    site = Site(tmp_path_factory.mktemp("tutor-default"))
    site.run(ENABLE)
    return site


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    """A site whose operator changed the issuer, the pip spec and turned the dashboard tab off."""
    site = Site(tmp_path_factory.mktemp("tutor-configured"))
    site.run(ENABLE)
    site.run(SET_ISSUER)
    site.run(SET_SPEC)
    site.run("tutor config save --set ORGLAB_INSTRUCTOR_DASHBOARD_TAB=false")
    return site


def test_the_plugin_is_the_installed_entry_point():
    points = [p for p in importlib.metadata.entry_points(group="tutor.plugin.v1") if p.name == "orglab"]
    assert points, "tutor-contrib-orglab is not installed: `make install-test` installs it"
    assert [p.value for p in points] == ["tutororglab.plugin"]
    # Found without importing it here: imported outside Tutor's plugin context, its hooks would stay.
    origin = importlib.util.find_spec("tutororglab.plugin").origin
    assert Path(origin).resolve().parent == PLUGIN_DIR / "tutororglab"


def test_the_plugin_has_orglab_s_version():
    import tutororglab

    version = orglab_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", version)
    assert tutororglab.__version__ == version
    assert importlib.metadata.version("tutor-contrib-orglab") == version


def test_tutor_lists_the_plugin_enabled(site):
    listed = [line.split() for line in site.run("tutor plugins list").splitlines()]
    assert ["orglab", "✅", "enabled", orglab_version()] in listed


def test_the_defaults(site):
    expected = {
        "ORGLAB_PIP_SPEC": f"openedx-orglab=={orglab_version()}",
        "ORGLAB_CERTIFICATE_ISSUER": "builtin",
        "ORGLAB_LMS_CELERY_QUEUE": "edx.lms.core.default",
        "ORGLAB_MEDIAWIKI_CONTACT": site.run("tutor config printvalue CONTACT_EMAIL").strip(),
        "ORGLAB_INSTRUCTOR_DASHBOARD_TAB": "true",
    }
    assert expected["ORGLAB_MEDIAWIKI_CONTACT"].startswith("contact@")
    printed = {name: site.run(f"tutor config printvalue {name}").strip() for name in expected}
    assert printed == expected
    assert site.run(PRINT_SPEC).strip() == expected["ORGLAB_PIP_SPEC"]


def install_lines(dockerfile: str) -> list[str]:
    """The orglab install of the image, with the stage it is in."""
    stage, found = None, []
    for line in dockerfile.splitlines():
        if line.startswith("FROM "):
            stage = line.split()[-1]
        if "openedx-orglab" in line and not line.lstrip().startswith("#"):
            found.append((stage, line.strip()))
    return found


def test_the_image_installs_the_pip_spec(site, configured):
    assert install_lines(site.read("env/build/openedx/Dockerfile")) == [
        ("python-requirements", f"$PIP_COMMAND install 'openedx-orglab=={orglab_version()}'")]
    assert install_lines(configured.read("env/build/openedx/Dockerfile")) == [
        ("python-requirements", "$PIP_COMMAND install 'openedx-orglab==0.2.0'")]


def test_the_settings_files_hold_the_defaults(site):
    contact = site.run("tutor config printvalue CONTACT_EMAIL").strip()
    shared = {"ORGLAB_CERTIFICATE_ISSUER": "builtin", "ORGLAB_LMS_CELERY_QUEUE": "edx.lms.core.default",
              "ORGLAB_MEDIAWIKI_CONTACT": contact}
    for path in SETTINGS["lms"]:
        assert settings_values(site.read(path)) == {**shared, "ORGLAB_INSTRUCTOR_DASHBOARD_TAB": True}, path
    for path in SETTINGS["cms"]:
        assert settings_values(site.read(path)) == shared, path


def test_a_changed_setting_reaches_every_settings_file(configured):
    for path in SETTINGS["lms"] + SETTINGS["cms"]:
        assert settings_values(configured.read(path))["ORGLAB_CERTIFICATE_ISSUER"] == "platform", path
    for path in SETTINGS["lms"]:
        assert settings_values(configured.read(path))["ORGLAB_INSTRUCTOR_DASHBOARD_TAB"] is False, path


def test_the_lms_patch_merges_the_dashboard_step_and_keeps_other_filters(site):
    other_filter = {"org.openedx.learning.course.enrollment.started.v1": {"pipeline": ["site.Step"]}}
    for path in SETTINGS["lms"]:
        block = orglab_block(site.read(path))
        names = {t.id for node in ast.walk(ast.parse(block)) if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}
        assert "OPEN_EDX_FILTERS_CONFIG" not in names  # the README: never assign it after the plugins

        # What the LMS has after its plugins: the YAML's own step, and orglab's appended to it.
        before = {**other_filter, FILTER: {"pipeline": ["site.Mine", STEP], "fail_silently": False}}
        after = run_lms_block(block, before)["OPEN_EDX_FILTERS_CONFIG"]
        assert after == before
        # A YAML that replaced the setting after orglab's common stage: the step comes back.
        after = run_lms_block(block, dict(other_filter))["OPEN_EDX_FILTERS_CONFIG"]
        assert after == {**other_filter, FILTER: {"pipeline": [STEP], "fail_silently": True}}
        assert run_lms_block(block, None)["ORGLAB_INSTRUCTOR_DASHBOARD_TAB"] is True


def test_the_tab_turned_off_in_tutor_takes_the_step_out(configured):
    other_filter = {"org.openedx.learning.course.enrollment.started.v1": {"pipeline": ["site.Step"]}}
    for path in SETTINGS["lms"]:
        block = orglab_block(configured.read(path))
        before = {**other_filter, FILTER: {"pipeline": ["site.Mine", STEP], "fail_silently": True}}
        after = run_lms_block(block, before)["OPEN_EDX_FILTERS_CONFIG"]
        assert after == {**other_filter, FILTER: {"pipeline": ["site.Mine"], "fail_silently": True}}
        assert before[FILTER]["pipeline"] == ["site.Mine", STEP]  # copied, never changed in place


def script_commands(script: str) -> list[str]:
    return [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_init_limited_to_orglab_runs_its_two_commands_in_the_lms(site):
    site.jobs()
    site.run(INIT)
    first = site.jobs()
    assert [(service, script_commands(script)) for service, script in first] == [("lms-job", ORGLAB_COMMANDS)]
    site.run(INIT)  # a second init hands over the same, idempotent, commands
    assert site.jobs() == first


def test_the_full_init_runs_orglab_after_the_lms_migrations(site):
    site.jobs()
    site.run("tutor local do init")
    scripts = [script for _service, script in site.jobs()]
    migrate = [i for i, s in enumerate(scripts) if "./manage.py lms migrate" in script_commands(s)]
    ours = [i for i, s in enumerate(scripts) if script_commands(s) == ORGLAB_COMMANDS]
    assert len(migrate) == 1 and len(ours) == 1
    assert ours[0] > migrate[0]


def test_the_init_tasks_through_tutor_s_hooks_api():
    from tutor import hooks, plugins
    from tutor.plugins import v1

    (point,) = importlib.metadata.entry_points(group="tutor.plugin.v1", name="orglab")
    with hooks.Contexts.PLUGINS.enter():  # what Tutor's start-up does for each entry point
        v1.discover_package(point)
    try:
        plugins.load("orglab")  # `tutor plugins enable orglab`, as every tutor command loads it
        tasks = list(hooks.Filters.CLI_DO_INIT_TASKS.iterate_from_context(hooks.Contexts.app("orglab").name))
        # `tutor local launch` builds the openedx image (the stock one has no orglab).
        assert hooks.Filters.IMAGES_BUILD_REQUIRED.apply([], "local") == ["openedx"]
    finally:
        plugins.unload("orglab")
        hooks.clear_all(context=hooks.Contexts.PLUGINS.name)
        sys.modules.pop("tutororglab.plugin", None)
    assert [(service, script_commands(script)) for service, script in tasks] == [("lms", ORGLAB_COMMANDS)]
    assert "idempotent" in tasks[0][1]
    assert list(hooks.Filters.CLI_DO_INIT_TASKS.iterate_from_context(hooks.Contexts.app("orglab").name)) == []


@pytest.mark.django_db
def test_the_waffle_command_of_the_init_is_idempotent():
    from django.core.management import call_command
    from waffle.models import Switch

    name = ORGLAB_COMMANDS[0].split()[3]
    args = shlex.split(ORGLAB_COMMANDS[0])[4:]
    assert args == ["on", "--create"]
    for _ in range(2):
        call_command("waffle_switch", name, *args)
        assert list(Switch.objects.filter(name=name).values_list("active", flat=True)) == [True]


def test_the_readme_commands_are_the_ones_tested():
    # Each README command is run here or needs Docker, and each command run here is in the README
    # (`tutor local launch` is there twice: to install and to upgrade).
    assert set(readme_commands(README)) == set(RUN_BY_TESTS + NEEDS_DOCKER_OR_NETWORK)


def test_the_main_readme_block_uses_the_plugin_readme_s_commands():
    text = MAIN_README.read_text(encoding="utf-8")
    block = text[text.index("### With Tutor"):]
    block = block[:block.index("\n### ", 1)]
    commands = [line.strip() for fenced in re.findall(r"^```sh\n(.*?)^```", block, re.M | re.S)
                for line in fenced.splitlines() if line.strip()]
    assert ENABLE in commands
    assert set(commands) <= set(readme_commands(README))
