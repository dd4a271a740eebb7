#!/usr/bin/env bash
# Smoke test of the built distribution: build the wheel from this work tree, install it into a
# clean virtualenv (--no-deps, then requirements/dev.txt from the package index), and run the
# devsite against the INSTALLED packages (only devsite/ is copied beside them: it is not packaged):
# `check --deploy`, migrate, seed a small cohort, render a unit in Spanish, serve the packages'
# static files and block resources, find their templates, and read the blocks' translations where
# the LMS reads them. Everything happens under a fresh temporary directory, removed at the end
# (KEEP=1 keeps it). Takes about a minute, most of it installing requirements/dev.txt.
#
#   bash tests/wheel_smoke.sh          # PY=… to build with another interpreter (setuptools, wheel)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PY:-$REPO/.venv/bin/python}
BASE_PY=$("$PY" -c 'import sys; print(sys._base_executable)')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/orglab-wheel-smoke.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
started=$SECONDS
step() { printf '[wheel-smoke %3ds] %s\n' $((SECONDS - started)) "$*"; }

step "copy the work tree (tracked and new files) to $WORK/src"
mkdir -p "$WORK/src"
(cd "$REPO" && git ls-files -z --cached --others --exclude-standard) | while IFS= read -r -d '' name; do
  if [ -f "$REPO/$name" ]; then mkdir -p "$WORK/src/$(dirname "$name")" && cp -p "$REPO/$name" "$WORK/src/$name"; fi
done

step "build the wheel (no network, no build isolation)"
"$PY" -m pip wheel --quiet --no-deps --no-build-isolation --no-index -w "$WORK/dist" "$WORK/src"
WHEEL=$(ls "$WORK"/dist/openedx_orglab-*.whl)

step "install $(basename "$WHEEL") into a clean virtualenv"
"$BASE_PY" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install --quiet --no-deps "$WHEEL"
step "install requirements/dev.txt into it"
"$VPY" -m pip install --quiet -r "$REPO/requirements/dev.txt"

step "the devsite, beside the installed packages"
mkdir -p "$WORK/site" "$WORK/var"
cp -r "$WORK/src/devsite" "$WORK/site/devsite"
cd "$WORK/site"
export PYTHONPATH="$WORK/site" DJANGO_SETTINGS_MODULE=devsite.settings ORGLAB_VAR_DIR="$WORK/var"
unset ORGLAB_DEBUG

step "manage.py check --deploy"
"$VPY" -m django check --deploy --fail-level ERROR
step "migrate and seed a small cohort"
"$VPY" -m django migrate --run-syncdb --noinput -v 0
"$VPY" -m django seed_demo --learners 3 --no-stages

step "run the installed packages"
"$VPY" - <<'PYTHON'
import gettext
import sys
from importlib import resources
from pathlib import Path

import django

django.setup()
import course_export
import orglab_plugin
import orglab_xblocks
from django.template.loader import get_template
from django.test import Client
from xblock.core import XBlock

site_packages = Path(sys.prefix).resolve()
for package in (orglab_xblocks, orglab_plugin, course_export):
    where = Path(package.__file__).resolve()
    assert site_packages in where.parents, f"{package.__name__} is imported from {where}, not the wheel"

for template in ("course_export/dashboard.html", "course_export/instructor_tab.html",
                 "instructor_dashboard/orglab.html", "orglab_plugin/certificate.html"):
    get_template(template)

# Where edx-platform's XBlockI18nService reads an XBlock's own catalogue (domain `text`), es-419 too.
translations = resources.files("orglab_xblocks") / "translations"
spanish = gettext.translation("text", str(translations), ["es_419"])
assert spanish.gettext("Save draft") != "Save draft", "no Spanish in translations/"

client = Client()
for url in ("/static/course_export/dashboard.js", "/static/course_export/dashboard.css"):
    assert client.get(url).status_code == 200, url
for block_type, cls in (("orglab_worksheet", "worksheet"), ("orglab_topic_list", "topic_list"),
                        ("orglab_audience", "audience")):
    XBlock.load_class(block_type)
    for resource in (f"public/js/{cls}.js", f"public/css/{cls}.css"):
        response = client.get(f"/resource/{block_type}/{resource}")
        assert response.status_code == 200, (block_type, resource)

assert client.login(username="learner1", password="orglab-dev")
for unit in ("unit1", "unit2", "unit3", "unit4"):
    page = client.get(f"/scenario/{unit}/", HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200, unit
    assert spanish.gettext("Save draft") in page.content.decode("utf-8"), f"{unit} is not in Spanish"
print("the installed wheel runs: templates, static files, block resources, translations, Spanish pages")
PYTHON

step "passed in $((SECONDS - started)) s"
