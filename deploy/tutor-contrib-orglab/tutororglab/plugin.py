"""The `orglab` Tutor plugin (Tutor 22): install openedx-orglab into the openedx image, set its
settings in the LMS and Studio, and run its init tasks (`tutor local do init --limit=orglab`)."""
from __future__ import annotations

from importlib import resources

from tutor import hooks

from . import __version__

PACKAGE = resources.files("tutororglab")

# Tutor config values (`tutor config save --set ORGLAB_...=...`). The defaults of the settings are
# the ones orglab itself has (orglab_plugin/settings/common.py, course_export/settings/common.py),
# except the MediaWiki contact, which is this site's contact address rather than the project's.
CONFIG_DEFAULTS: dict[str, object] = {
    "ORGLAB_VERSION": __version__,
    # What the image installs: any pip requirement (a version pin, a wheel URL, a git URL).
    "ORGLAB_PIP_SPEC": f"openedx-orglab=={__version__}",
    # "builtin" (orglab's verification page and PDF) or "platform" (edx-platform's certificates).
    "ORGLAB_CERTIFICATE_ISSUER": "builtin",
    # The queue Tutor's lms-worker reads; Studio sends the LMS's orglab tasks there too.
    "ORGLAB_LMS_CELERY_QUEUE": "edx.lms.core.default",
    # Sent in the User-Agent of orglab's requests to Wikipedia and Wikidata (Wikimedia's policy).
    "ORGLAB_MEDIAWIKI_CONTACT": "{{ CONTACT_EMAIL }}",
    # The "Organizer Lab" section of the LMS's (legacy) instructor dashboard.
    "ORGLAB_INSTRUCTOR_DASHBOARD_TAB": True,
}

# Patches, one file each in tutororglab/patches/, named after the Tutor patch they fill:
# openedx-dockerfile-post-python-requirements (the install, in the image's virtualenv stage, as
# Tutor's own OPENEDX_EXTRA_PIP_REQUIREMENTS), openedx-lms-common-settings and
# openedx-cms-common-settings (included by both the production and the development settings).
PATCHES = (
    "openedx-dockerfile-post-python-requirements",
    "openedx-lms-common-settings",
    "openedx-cms-common-settings",
)

# Init tasks: (service, script in tutororglab/tasks/). LOW priority: after Tutor's own lms init
# (migrations), which orglab's commands need on a first `tutor local launch`.
INIT_TASKS = (("lms", "lms-init"),)


def read(*path: str) -> str:
    return PACKAGE.joinpath(*path).read_text(encoding="utf-8")


hooks.Filters.CONFIG_DEFAULTS.add_items(list(CONFIG_DEFAULTS.items()))

hooks.Filters.ENV_PATCHES.add_items([(name, read("patches", name)) for name in PATCHES])



@hooks.Filters.IMAGES_BUILD_REQUIRED.add()
def _build_openedx_on_launch(image_names: list[str], context_name: str) -> list[str]:
    """The stock openedx image has no orglab: `tutor local launch` must build it (`tutor dev
    launch` builds openedx-dev, Tutor's own rule, which holds our patch too)."""
    if context_name == "local" and "openedx" not in image_names:
        image_names.append("openedx")
    return image_names


for _service, _script in INIT_TASKS:
    hooks.Filters.CLI_DO_INIT_TASKS.add_item((_service, read("tasks", _script)), priority=hooks.priorities.LOW)
