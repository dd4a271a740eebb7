"""Production settings of course_export, applied after the LMS has loaded its YAML file.

lms/envs/production.py makes every YAML key a Django setting (`vars().update(...)`) before it calls
`add_plugins(__name__, ProjectType.LMS, SettingsType.PRODUCTION)`, so `settings` here already holds
the operator's values: their `ORGLAB_*` settings replaced the defaults of `settings/common.py`, and
a YAML `OPEN_EDX_FILTERS_CONFIG` replaced the whole setting, our tab's step with it. Read those
values as settings (not from `ENV_TOKENS`, which edx-platform keeps only for old plugins) and put
the tab's step back, or take it out when the YAML turned `ORGLAB_INSTRUCTOR_DASHBOARD_TAB` off.
"""
from __future__ import annotations

from .common import register_dashboard_tab


def plugin_settings(settings) -> None:
    register_dashboard_tab(settings)
