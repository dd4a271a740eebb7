"""Django system checks of orglab_plugin (`./manage.py lms check --tag orglab --database default`).

`completion_tracking_enabled` warns when edx-completion's waffle switch
`completion.enable_completion_tracking` is off: edx-completion then writes no `BlockCompletion`,
so no learner's unit progress, certificate or eligibility ever moves. The switch lives in the
database, so the check is a database check: Django runs it on `migrate` (before migrating, so it
must not fail on a database without waffle's table yet) and on `check --database ...`, never on
plain `check` / `runserver` (Django passes `databases=None` there).
"""
from __future__ import annotations

from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError

TAG = "orglab"
SWITCH_OFF = "orglab.W001"
SWITCH_UNREADABLE = "orglab.W002"


def completion_tracking_enabled(app_configs=None, databases=None, **kwargs):  # pylint: disable=unused-argument
    """Warn when edx-completion's completion tracking is off (or cannot be read yet)."""
    if not databases:
        return []
    # edx-completion's own switch object (completion/waffle.py), so the name and the way it is read
    # (waffle, with edx-toggles' request cache) are the ones edx-completion uses before writing.
    from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH

    switch = ENABLE_COMPLETION_TRACKING_SWITCH.name
    try:
        enabled = ENABLE_COMPLETION_TRACKING_SWITCH.is_enabled()
    except DatabaseError as error:  # not migrated yet: waffle's table does not exist
        return [CheckWarning(
            f"Could not read the waffle switch {switch} ({error.__class__.__name__}); the database is "
            "probably not migrated yet.",
            hint=f"After migrating, make sure the switch is on: ./manage.py lms waffle_switch {switch} on "
                 "--create. Without it no completion is recorded and no Organizer Lab progress moves.",
            id=SWITCH_UNREADABLE,
        )]
    if enabled:
        return []
    return [CheckWarning(
        f"The waffle switch {switch} is off: edx-completion records no BlockCompletion, so no learner's "
        "Organizer Lab unit progress, certificate or grant-fund eligibility can change.",
        hint=f"Turn it on: ./manage.py lms waffle_switch {switch} on --create (or in the Django admin, "
             "Waffle > Switches).",
        id=SWITCH_OFF,
    )]
