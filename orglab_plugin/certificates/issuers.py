"""Who issues a learner's certificate (DESIGN.md, decision 6).

A `CertificateAward` row is orglab's record that a learner earned the certificate of a course.
An issuer turns that record into the certificate the learner sees:

- `builtin`: the row *is* the certificate; the plugin's public verification page and PDF
  (`orglab_plugin.certificates.views`) show it. Used by the devsite and where the platform's
  certificates are off.
- `platform`: inside the LMS, the learner goes on edx-platform's certificate allowlist and the
  platform generates its own certificate.

The site picks one with the setting `ORGLAB_CERTIFICATE_ISSUER` ("builtin" by default).

The platform issuer works in the LMS only (its web and Celery workers): edx-platform's
certificates app is not installed in Studio, and a certificate task run by Studio's workers would
fail there or write through the wrong service. Outside the LMS it raises IssuerError before it
touches the platform: orglab's tasks that may issue certificates are sent to the LMS's queue
(setting `ORGLAB_LMS_CELERY_QUEUE`), also when Studio starts them.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .. import compat

log = logging.getLogger(__name__)

DEFAULT_ISSUER = "builtin"


class IssuerError(Exception):
    """The issuer could not issue or revoke a certificate (the award row is unchanged by it)."""


class CertificateIssuer:
    """The interface every issuer implements."""

    name: str = ""

    def issue(self, award) -> None:
        """Called after `award` (a `CertificateAward`) was created or reinstated as awarded."""
        raise NotImplementedError

    def revoke(self, award) -> None:
        """Called after staff revoked `award`."""
        raise NotImplementedError

    def url(self, award) -> str | None:
        """The learner-facing URL of the certificate, or None when there is none (yet)."""
        raise NotImplementedError


class BuiltinIssuer(CertificateIssuer):
    """The award row is the certificate: nothing to do beyond logging."""

    name = "builtin"

    def issue(self, award) -> None:
        log.info("Certificate %s issued (builtin) for user %s in %s.", award.uuid, award.user_id, award.course_key)

    def revoke(self, award) -> None:
        log.info("Certificate %s revoked (builtin) for user %s in %s.", award.uuid, award.user_id, award.course_key)

    def url(self, award) -> str | None:
        return reverse("orglab:certificate-verify", args=[award.uuid])


class PlatformIssuer(CertificateIssuer):
    """edx-platform's own certificate, for a learner orglab put on the course's allowlist."""

    name = "platform"

    @staticmethod
    def _in_the_lms(award, action: str) -> None:
        """Refuse (IssuerError, logged) to run edx-platform's certificate code outside the LMS."""
        if compat.running_in_lms():
            return
        from django.conf import settings

        variant = getattr(settings, "SERVICE_VARIANT", None)
        message = (f"The platform issuer cannot {action} certificate {award.uuid} (user {award.user_id}, "
                   f"{award.course_key}) here: edx-platform's certificates run in the LMS only, and this "
                   f"process is {variant or 'not edx-platform'}. Run orglab's task on the LMS queue "
                   f"(setting ORGLAB_LMS_CELERY_QUEUE, now "
                   f"{getattr(settings, 'ORGLAB_LMS_CELERY_QUEUE', None)!r}).")
        log.error(message)
        raise IssuerError(message)

    def issue(self, award) -> None:
        self._in_the_lms(award, "issue")
        user, course_key = award.user, award.course_key
        notes = f"Organizer Lab certificate {award.uuid}: awarded by orglab's course policy."
        try:
            compat.allowlist_learner(user, course_key, notes)
            queued = compat.generate_platform_certificate(user, course_key)
        except Exception as exc:  # the platform's errors are of many kinds; all end here
            log.exception("The platform could not issue certificate %s (user %s, %s).",
                          award.uuid, award.user_id, course_key)
            raise IssuerError(
                f"The platform could not issue the certificate of user {award.user_id} in {course_key}: {exc}"
            ) from exc
        if not queued:
            # The platform applies its own checks (enrolment mode, ID verification, an invalidation,
            # HTML certificates on) and may decline, or only record a status: no generation task
            # was queued. The learner keeps the allowlist entry; staff should look.
            log.warning("The platform queued no generation of certificate %s (user %s, %s): it declined or "
                        "only recorded a status (see its log); the learner is on the allowlist.",
                        award.uuid, award.user_id, course_key)
        else:
            log.info("Certificate %s queued for generation (platform) for user %s in %s.", award.uuid,
                     award.user_id, course_key)

    def revoke(self, award) -> None:
        self._in_the_lms(award, "revoke")
        user, course_key = award.user, award.course_key
        try:
            compat.remove_from_allowlist(user, course_key)
            compat.invalidate_platform_certificate(user, course_key)
        except Exception as exc:
            log.exception("The platform could not revoke certificate %s (user %s, %s).",
                          award.uuid, award.user_id, course_key)
            raise IssuerError(
                f"The platform could not revoke the certificate of user {award.user_id} in {course_key}: {exc}"
            ) from exc
        log.info("Certificate %s revoked (platform) for user %s in %s.", award.uuid, award.user_id, course_key)

    def url(self, award) -> str | None:
        self._in_the_lms(award, "give the URL of")
        try:
            return compat.platform_certificate_url(award.user, award.course_key) or None
        except Exception as exc:
            log.exception("The platform could not give the URL of certificate %s (user %s, %s).",
                          award.uuid, award.user_id, award.course_key)
            raise IssuerError(
                f"The platform could not give the certificate URL of user {award.user_id} in "
                f"{award.course_key}: {exc}"
            ) from exc


ISSUERS: dict[str, type[CertificateIssuer]] = {
    BuiltinIssuer.name: BuiltinIssuer,
    PlatformIssuer.name: PlatformIssuer,
}


def get_issuer(name: str | None = None) -> CertificateIssuer:
    """The issuer called `name`, or the site's (setting `ORGLAB_CERTIFICATE_ISSUER`, default "builtin")."""
    source = ""
    if name is None:
        name = getattr(settings, "ORGLAB_CERTIFICATE_ISSUER", None) or DEFAULT_ISSUER
        source = " (setting ORGLAB_CERTIFICATE_ISSUER)"
    try:
        return ISSUERS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown certificate issuer {name!r}{source}; choose one of: {', '.join(sorted(ISSUERS))}."
        ) from None
