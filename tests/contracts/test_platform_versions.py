"""The platform test environment (`make test-platform`) really has the versions Open edX pins:
requirements/test-platform.txt is resolved within requirements/platform-constraints.txt, which
mirrors openedx-platform's requirements/edx/base.txt (its header names the commit); and the suite,
when it runs there, runs on those versions."""
from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", re.M)
# What orglab itself imports from the platform's stack: these must be pinned by the constraints.
OURS = {"django", "djangorestframework", "drf-spectacular", "xblock", "web-fragments", "edx-completion",
        "openedx-events", "openedx-filters", "edx-django-utils", "edx-opaque-keys", "edx-drf-extensions",
        "celery", "mako", "requests", "django-waffle"}


def pins(path: Path) -> dict[str, str]:
    return {name.lower().replace("_", "-"): version for name, version in PIN.findall(path.read_text())}


def test_the_constraints_name_their_source_and_pin_what_orglab_uses():
    text = (REQUIREMENTS / "platform-constraints.txt").read_text()
    assert re.search(r"openedx/openedx-platform, requirements/edx/base\.txt at commit\s+#\s*[0-9a-f]{40}\b", text)
    assert OURS <= set(pins(REQUIREMENTS / "platform-constraints.txt"))


def test_the_platform_environment_is_resolved_within_the_constraints():
    constraints = pins(REQUIREMENTS / "platform-constraints.txt")
    resolved = pins(REQUIREMENTS / "test-platform.txt")
    assert OURS <= set(resolved)
    assert {name: resolved[name] for name in constraints if name in resolved} == \
        {name: constraints[name] for name in constraints if name in resolved}


def test_platform_in_reads_the_same_requirements_as_the_test_environment():
    def includes(name: str) -> set[str]:
        return set(re.findall(r"^-r\s+(\S+)", (REQUIREMENTS / name).read_text(), re.M))

    assert includes("platform.in") == {"base.in", "devsite.in", "testing.in"}
    assert includes("test.in") == {"dev.in", "testing.in", "deploy.in"} and includes("dev.in") == {"base.in", "devsite.in"}


@pytest.mark.skipif(".venv-platform" not in sys.prefix, reason="runs in make test-platform's virtualenv")
def test_the_suite_runs_on_the_pinned_versions():
    constraints = pins(REQUIREMENTS / "platform-constraints.txt")
    installed = {name: metadata.version(name) for name in OURS}
    assert installed == {name: constraints[name] for name in OURS}
