"""A learner's certificate as the API shows it: status, dates, whether it still meets the policy,
and the issuer's URL."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def certificate_state(row) -> dict | None:
    """A certificate (a `CertificateAward`, or None) as the API shows it (with the issuer's URL), or None."""
    from django.core.exceptions import ImproperlyConfigured

    from .issuers import IssuerError, get_issuer

    if row is None:
        return None
    try:
        url = get_issuer(row.issuer).url(row)
    except (IssuerError, ImproperlyConfigured):
        log.warning("orglab: no URL for certificate %s (issuer %s)", row.uuid, row.issuer, exc_info=True)
        url = None
    return {"uuid": row.uuid, "status": row.status, "awarded_at": row.awarded_at, "revoked_at": row.revoked_at,
            "meets_policy": row.meets_policy, "url": url}
