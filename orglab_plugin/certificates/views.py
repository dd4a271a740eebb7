"""The `builtin` issuer's certificate: a public verification page and a PDF (DESIGN.md, decision 6).

Anyone with a certificate's link (its uuid) may check it, so these views need no login and show
nothing personal beyond the name printed on the certificate: no username, no e-mail address.
"""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..csp import content_security_policy
from ..models import CertificateAward
from .facts import certificate_facts
from .pdf import render_certificate_pdf


def _award_or_none(uuid) -> CertificateAward | None:
    return CertificateAward.objects.filter(uuid=uuid).first()


def _not_found(request, uuid):
    """The page's 404: no certificate has this number (or it was never issued here)."""
    return render(request, "orglab_plugin/certificate.html",
                  {"award": None, "uuid": uuid, "csp_nonce": request.orglab_csp_nonce}, status=404)


@require_safe
@content_security_policy
def verify(request, uuid):
    """The public page that says whose certificate this is, of which course, and whether it stands."""
    award = _award_or_none(uuid)
    if award is None:
        return _not_found(request, uuid)
    context = certificate_facts(award)
    context.update({
        "csp_nonce": request.orglab_csp_nonce,
        "uuid": award.uuid,
        "pdf_url": reverse("orglab:certificate-pdf", args=[award.uuid]),
        "verify_url": request.build_absolute_uri(reverse("orglab:certificate-verify", args=[award.uuid])),
    })
    return render(request, "orglab_plugin/certificate.html", context)


@require_safe
@content_security_policy
def pdf(request, uuid):
    """The certificate as a one-page A4 landscape PDF."""
    award = _award_or_none(uuid)
    if award is None:
        return _not_found(request, uuid)
    verify_url = request.build_absolute_uri(reverse("orglab:certificate-verify", args=[award.uuid]))
    content = render_certificate_pdf(award, verify_url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{award.uuid}.pdf"'
    # The status can change (staff may revoke it): make every copy ask again.
    response["Cache-Control"] = "no-cache"
    return response
