"""The certificate PDF and accessibility: fpdf2 tags no text, so the PDF's metadata (subject,
keywords) points to the verification page, the accessible equivalent, in the learner's language."""
from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from orglab_plugin.models import CertificateAward

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.orglab_plugin.certificate_test_urls")]

COURSE = "course-v1:Wikimedia+OrgLab+2026"


@pytest.fixture
def award(django_user_model):
    learner = django_user_model.objects.create_user("bcaceres", "berta@example.org", "orglab-dev")
    return CertificateAward.objects.create(
        user=learner, course_key=COURSE, uuid=uuid.uuid4(), status=CertificateAward.AWARDED,
        awarded_at=timezone.now(), name="Berta Cáceres",
    )


def _pdf_string(raw: bytes) -> str:
    """A PDF string object's text: a literal "(…)" or a hex "<FEFF…>" (UTF-16BE)."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    text = raw[1:-1]
    text = re.sub(rb"\\([()\\])", rb"\1", text)
    if text.startswith(b"\xfe\xff"):
        return text[2:].decode("utf-16-be")
    return text.decode("latin-1")


def info(content: bytes, key: str) -> str:
    match = re.search(rb"/" + key.encode() + rb"\s*(<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))", content, re.S)
    assert match, f"no /{key} in the PDF's metadata"
    return _pdf_string(match.group(1))


def test_the_pdf_metadata_names_the_verification_page_as_its_accessible_version(client, award):
    content = client.get(reverse("orglab:certificate-pdf", args=[award.uuid])).content
    page = f"http://testserver{reverse('orglab:certificate-verify', args=[award.uuid])}"
    subject = info(content, "Subject")
    assert "accessible version is the certificate's verification page" in subject
    assert page in subject
    assert f"accessible version: {page}" in info(content, "Keywords")
    assert info(content, "Title") == "Certificate of completion"
    assert b"/Lang" in content  # the document's language, for screen readers


def test_the_pdf_metadata_follows_the_language(client, award):
    with override("es"):
        content = client.get(reverse("orglab:certificate-pdf", args=[award.uuid]),
                             HTTP_ACCEPT_LANGUAGE="es").content
    assert "su versión accesible es la página de verificación del certificado" in info(content, "Subject")
    assert "versión accesible:" in info(content, "Keywords")
