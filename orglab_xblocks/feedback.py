"""The feedback mentors and course staff gave on a learner's submitted versions, shown in the block
beside the version it was given on (issue 15), newest version first, with what the learner has not
read yet marked as new. Rendered on the server, so it shows with JavaScript off too; once shown, it
counts as read (`orglab_plugin.api.mark_feedback_read`: the feedback itself is never changed).

Only the learner's own feedback is read (`api.feedback_for(user, block)`): nobody else's work or
feedback can show here."""
from __future__ import annotations

import logging
from collections.abc import Callable

from xblock.utils.resources import ResourceLoader

from .i18n import _, long_date

log = logging.getLogger(__name__)
loader = ResourceLoader("orglab_xblocks")

VERDICTS = {
    "looks_good": _("Looks good"),
    "please_revise": _("Please revise"),
    "signed_off": _("Signed off"),
    "comment": _("Comment"),
}
TEXTS = {
    "heading": _("Feedback from your mentor"),
    "unread": _("new feedback"),
    "new": _("New"),
    "revise": _("Your mentor asked you to revise this work: change it and submit it again; your mentor will "
                "see the new version."),
}


def feedback_panel(block, section_label: Callable[[str], str] | None = None) -> str:
    """The block's feedback panel as HTML ("" when there is no feedback, no learner or no plugin).

    `section_label(section_id)` names a section the feedback was given on (a worksheet's section,
    a proposal's); unknown ids are shown as they are."""
    user_id, usage_key = block.current_user_id(), block.usage_key()
    if user_id is None or usage_key is None:
        return ""
    from orglab_plugin import api

    try:
        every = api.feedback_for(user_id, usage_key)  # every submitted version, oldest first
    except api.PluginNotInstalled:
        return ""
    versions = [version for version in every if version.feedback]
    if not versions:
        return ""
    gettext = block.gettext
    latest = every[-1].version
    shown, unread_ids = [], []
    for version in sorted(versions, key=lambda v: v.version, reverse=True):
        items = []
        for item in version.feedback:
            if item.section:
                label = section_label(item.section) if section_label else item.section
                where = gettext(_("on “{section}”")).format(section=label or item.section)
            else:
                where = gettext(_("on the whole work"))
            by = gettext(_("{name}, {date}")).format(name=item.author or gettext(_("a former reviewer")),
                                                     date=long_date(item.created.isoformat()))
            items.append({"verdict": item.verdict, "verdict_label": gettext(VERDICTS.get(item.verdict, item.verdict)),
                          "where": where, "comment": item.comment, "by": by, "unread": item.unread})
            if item.unread:
                unread_ids.append(item.id)
        heading = gettext(_("Version {n}, submitted on {date}")).format(
            n=version.version, date=long_date(version.submitted.isoformat()))
        if version.version == latest:
            heading += " · " + gettext(_("your latest"))
        shown.append({"number": version.version, "heading": heading, "items": items})
    # Asked to revise: the last verdict given on the learner's latest version says so (a later "looks
    # good" or sign-off answers it; a plain comment does not).
    newest = shown[0]
    verdicts = [item["verdict"] for item in newest["items"] if item["verdict"] != "comment"]
    revise = newest["number"] == latest and bool(verdicts) and verdicts[-1] == "please_revise"
    html = loader.render_django_template("templates/feedback.html", {
        "uid": block.html_id("orglab-fb"), "versions": shown, "unread": bool(unread_ids), "revise": revise,
        "t": {key: gettext(text) for key, text in TEXTS.items()},
    })
    if unread_ids:
        try:
            api.mark_feedback_read(user_id, unread_ids)
        except Exception:  # noqa: BLE001  (the page still shows; it stays unread until the next view)
            log.exception("orglab: could not mark feedback %s read", unread_ids)
    return html
