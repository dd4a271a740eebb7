"""Packaging for openedx-orglab: the Organizer Lab on Open edX (WikiLearn)."""
from __future__ import annotations

import os
import re

from setuptools import find_namespace_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def read(*parts: str) -> str:
    with open(os.path.join(HERE, *parts), encoding="utf-8") as handle:
        return handle.read()


def requirements(name: str) -> list[str]:
    """Requirement lines of requirements/<name>.in, without comments, -r or -c lines."""
    lines = []
    for line in read("requirements", f"{name}.in").splitlines():
        line = re.sub(r"\s*#.*$", "", line).strip()
        if line and not line.startswith("-"):
            lines.append(line)
    return lines


def version() -> str:
    match = re.search(r'^__version__ = "([^"]+)"', read("orglab_plugin", "__init__.py"), re.M)
    return match.group(1)


setup(
    name="openedx-orglab",
    version=version(),
    description="The Wikimedia Organizer Lab on Open edX: campaign-design XBlocks, certificates and grant-fund eligibility.",
    long_description=read("README.md"),
    long_description_content_type="text/markdown",
    # The licence as an SPDX expression (current setuptools deprecates licence classifiers).
    license="AGPL-3.0-only",
    python_requires=">=3.11",
    # Namespace packages too: the data folders (templates/, static/, public/, locale/, data/) are
    # packages of their own to setuptools, so their files ship without "absent from packages" warnings.
    packages=find_namespace_packages(include=["orglab_xblocks*", "orglab_plugin*", "course_export*"]),
    include_package_data=True,
    install_requires=requirements("base"),
    extras_require={
        "dev": requirements("dev"),
        "test": requirements("test"),
    },
    entry_points={
        "xblock.v1": [
            "orglab_worksheet = orglab_xblocks.worksheet.block:WorksheetBlock",
            "orglab_topic_list = orglab_xblocks.topic_list.block:TopicListBlock",
            "orglab_audience = orglab_xblocks.audience.block:AudienceBlock",
            "orglab_proposal = orglab_xblocks.proposal.block:ProposalBlock",
        ],
        "lms.djangoapp": [
            "orglab_plugin = orglab_plugin.apps:OrgLabPluginConfig",
            "orglab_course_export = course_export.apps:CourseExportConfig",
        ],
        "cms.djangoapp": [
            "orglab_plugin = orglab_plugin.apps:OrgLabPluginConfig",
        ],
        # The course's "Organizer Lab" tab for its staff (a link to the cohort dashboard) and "My
        # Organizer Lab" for its learners (their own page); the name is the tab's `type`, as
        # edx-platform registers its own tabs.
        "openedx.course_tab": [
            "orglab_dashboard = orglab_plugin.course_tabs:OrganizerLabDashboardTab",
            "orglab_my_lab = orglab_plugin.course_tabs:MyOrganizerLabTab",
        ],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
)
