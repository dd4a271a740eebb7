"""What a certificate says (its page and its PDF show the same), formatted in the active language."""
from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from ..models import CertificateAward

DEFAULT_COURSE_TITLE = "Organizer Lab"


def course_title(course_key) -> str:
    """The course's display name: setting `ORGLAB_COURSE_TITLES` (course key → title), else "Organizer Lab"."""
    titles = getattr(settings, "ORGLAB_COURSE_TITLES", None) or {}
    return titles.get(str(course_key)) or DEFAULT_COURSE_TITLE


def _date(value) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATE_FORMAT")


def certificate_facts(award: CertificateAward) -> dict:
    """What the page and the PDF show, formatted in the active language."""
    revoked = award.status == CertificateAward.REVOKED
    if revoked:
        status = (gettext("Revoked on {date}").format(date=_date(award.revoked_at)) if award.revoked_at
                  else gettext("Revoked"))
    else:
        status = gettext("Valid")
    return {
        "award": award,
        "name": award.name,
        "course_key": str(award.course_key),
        "course_title": course_title(award.course_key),
        "awarded_on": _date(award.awarded_at),
        "revoked": revoked,
        "status": status,
    }
