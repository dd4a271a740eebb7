"""Certificates: the two issuers (DESIGN.md, decision 6) and the builtin one's public page and PDF."""
from __future__ import annotations

import os
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import compat
from orglab_plugin.certificates.issuers import BuiltinIssuer, IssuerError, PlatformIssuer, get_issuer
from orglab_plugin.models import CertificateAward
from tests.helpers import pdf_streams

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
NAME = "Wangari Maathai"
ARABIC = "وانغاري ماثاي"
HINDI = "वंगारी मथाई"
urls = pytest.mark.urls("tests.orglab_plugin.certificate_test_urls")


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("wmaathai", "wangari@example.org", "orglab-dev")


@pytest.fixture
def award(learner):
    return CertificateAward.objects.create(
        user=learner, course_key=COURSE, uuid=uuid.uuid4(), status=CertificateAward.AWARDED,
        awarded_at=timezone.now(), name=NAME,
    )


def revoke(award):
    award.status = CertificateAward.REVOKED
    award.revoked_at = award.awarded_at + timedelta(days=40)
    award.save()
    return award


# --------------------------------------------------------------------------- the verification page


@urls
def test_the_page_shows_the_certificate_and_nothing_else_personal(client, award, settings):
    settings.ORGLAB_COURSE_TITLES = {str(COURSE): "Organizer Lab 2026"}
    response = client.get(reverse("orglab:certificate-verify", args=[award.uuid]))
    assert response.status_code == 200
    page = response.content.decode()
    assert NAME in page
    assert "Organizer Lab 2026" in page and str(COURSE) in page
    assert date_format(timezone.localtime(award.awarded_at), "DATE_FORMAT") in page
    assert "Valid" in page and "Revoked" not in page
    assert reverse("orglab:certificate-pdf", args=[award.uuid]) in page
    assert "wmaathai" not in page and "wangari@example.org" not in page
    assert '<html lang="en" dir="ltr">' in page


@urls
def test_the_default_course_title(client, award):
    page = client.get(reverse("orglab:certificate-verify", args=[award.uuid])).content.decode()
    assert "Organizer Lab" in page


@urls
def test_a_revoked_certificate_says_so_with_its_date(client, award):
    revoke(award)
    page = client.get(reverse("orglab:certificate-verify", args=[award.uuid])).content.decode()
    assert f"Revoked on {date_format(award.revoked_at, 'DATE_FORMAT')}" in page
    assert "Valid" not in page


@urls
def test_the_page_follows_the_language(client, award):
    page = client.get(reverse("orglab:certificate-verify", args=[award.uuid]), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es" dir="ltr">' in page.content.decode()


@urls
def test_an_unknown_certificate_is_not_found(client, award):
    response = client.get(reverse("orglab:certificate-verify", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert NAME not in response.content.decode()
    assert client.get(reverse("orglab:certificate-pdf", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/orglab/certificates/not-a-uuid/").status_code == 404


@urls
def test_the_views_need_no_login_and_only_read(client, award):
    assert client.get(reverse("orglab:certificate-verify", args=[award.uuid])).status_code == 200
    assert client.post(reverse("orglab:certificate-verify", args=[award.uuid])).status_code == 405


# --------------------------------------------------------------------------- the PDF


@urls
def test_the_pdf(client, award):
    response = client.get(reverse("orglab:certificate-pdf", args=[award.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="certificate-{award.uuid}.pdf"'
    content = response.content
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF")
    assert content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") + content.count(b"/Type /Page/") == 1
    assert b"/MediaBox [0 0 841.89 595.28]" in content  # A4 landscape, in points
    assert b"DejaVuSans" in content  # the Unicode font, embedded


@urls
@pytest.mark.parametrize("name", [ARABIC, HINDI, "Wangarĩ Muta Maathai", "王加利·马塔伊", "x" * 255])
def test_names_in_any_script(client, award, name):
    award.name = name
    award.save()
    response = client.get(reverse("orglab:certificate-pdf", args=[award.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@urls
def test_characters_no_font_shows_are_reported(client, award, settings, caplog):
    settings.ORGLAB_CERTIFICATE_FALLBACK_FONTS = []  # DejaVu Sans alone has no Devanagari
    award.name = HINDI
    award.save()
    assert client.get(reverse("orglab:certificate-pdf", args=[award.uuid])).status_code == 200
    assert str(award.uuid) in caplog.text and "U+0935" in caplog.text
    assert "ORGLAB_CERTIFICATE_FALLBACK_FONTS" in caplog.text


@urls
def test_fallback_fonts_show_what_the_main_font_lacks(client, award, settings, caplog):
    liberation = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not (os.path.isfile(liberation) and os.path.isfile(dejavu)):
        pytest.skip("needs the Liberation and DejaVu fonts")
    settings.ORGLAB_CERTIFICATE_FONT = liberation  # no Arabic
    settings.ORGLAB_CERTIFICATE_FALLBACK_FONTS = ["/nonexistent/Noto.ttf", dejavu]
    award.name = ARABIC
    award.save()
    content = client.get(reverse("orglab:certificate-pdf", args=[award.uuid])).content
    assert b"LiberationSans" in content and b"DejaVuSans" in content
    assert "U+" not in caplog.text


@urls
def test_a_broken_font_file_falls_back_to_helvetica(client, award, settings):
    settings.ORGLAB_CERTIFICATE_FONT = __file__
    content = client.get(reverse("orglab:certificate-pdf", args=[award.uuid])).content
    assert content.startswith(b"%PDF") and b"/Helvetica" in content


@urls
def test_without_the_unicode_font_helvetica_shows_what_it_can(client, award, settings):
    settings.ORGLAB_CERTIFICATE_FONT = "/nonexistent/font.ttf"
    award.name = f"{ARABIC} (Wangarĩ)"
    award.save()
    response = client.get(reverse("orglab:certificate-pdf", args=[award.uuid]))
    assert response.status_code == 200
    streams = pdf_streams(response.content)
    assert b"/Helvetica" in response.content
    assert b"????? ?????" in streams  # the Arabic letters Helvetica cannot show, one "?" each
    assert b"Certificate of completion" in streams
    assert str(award.uuid).encode() in streams
    assert b"Valid" in streams


@urls
def test_a_revoked_pdf_says_revoked(client, award, settings):
    settings.ORGLAB_CERTIFICATE_FONT = "/nonexistent/font.ttf"  # core font: the text is readable in the stream
    revoke(award)
    response = client.get(reverse("orglab:certificate-pdf", args=[award.uuid]))
    streams = pdf_streams(response.content)
    assert streams.count(b"(REVOKED)") >= 2  # the banner and the diagonal watermark
    assert b"Revoked on" in streams
    assert b"Valid" not in streams


@urls
def test_the_pdf_carries_the_verification_url(client, award, settings):
    settings.ORGLAB_CERTIFICATE_FONT = "/nonexistent/font.ttf"
    response = client.get(reverse("orglab:certificate-pdf", args=[award.uuid]))
    url = f"http://testserver/orglab/certificates/{award.uuid}/".encode()
    assert url in pdf_streams(response.content)  # printed on the page
    assert b"/URI (" + url + b")" in response.content  # and the printed address is a link


# --------------------------------------------------------------------------- the issuers


def test_the_default_issuer_is_builtin(settings):
    if hasattr(settings, "ORGLAB_CERTIFICATE_ISSUER"):
        del settings.ORGLAB_CERTIFICATE_ISSUER
    assert isinstance(get_issuer(), BuiltinIssuer)
    assert get_issuer().name == "builtin"


def test_the_issuer_setting_and_names(settings):
    settings.ORGLAB_CERTIFICATE_ISSUER = "platform"
    assert isinstance(get_issuer(), PlatformIssuer)
    assert isinstance(get_issuer("builtin"), BuiltinIssuer)


def test_an_unknown_issuer_is_a_configuration_error(settings):
    with pytest.raises(ImproperlyConfigured, match="'credly'"):
        get_issuer("credly")
    settings.ORGLAB_CERTIFICATE_ISSUER = "nope"
    with pytest.raises(ImproperlyConfigured, match="ORGLAB_CERTIFICATE_ISSUER"):
        get_issuer()


@urls
def test_the_builtin_issuer_points_to_the_verification_page(award, caplog):
    """The award row is the certificate: issuing and revoking only log (the page reads the row)."""
    issuer = BuiltinIssuer()
    before = CertificateAward.objects.filter(pk=award.pk).values().get()
    with caplog.at_level("INFO", logger="orglab_plugin.certificates.issuers"):
        issuer.issue(award)
        issuer.revoke(award)
    assert [record.getMessage() for record in caplog.records] == [
        f"Certificate {award.uuid} issued (builtin) for user {award.user_id} in {award.course_key}.",
        f"Certificate {award.uuid} revoked (builtin) for user {award.user_id} in {award.course_key}."]
    assert CertificateAward.objects.filter(pk=award.pk).values().get() == before
    assert issuer.url(award) == f"/orglab/certificates/{award.uuid}/"


@pytest.fixture
def platform(monkeypatch, settings):
    """The edx-platform boundary (compat), recorded, in the LMS (edx-platform's lms/envs/common.py
    sets SERVICE_VARIANT = 'lms')."""
    settings.SERVICE_VARIANT = "lms"
    calls = []

    def record(name, result=None):
        def stub(*args):
            calls.append((name, *args))
            return result

        monkeypatch.setattr(compat, name, stub)

    record("allowlist_learner")
    record("generate_platform_certificate", True)
    record("remove_from_allowlist", True)
    record("invalidate_platform_certificate", True)
    record("platform_certificate_url", "/certificates/abc")
    return calls


def test_the_platform_issuer_allowlists_then_generates(award, platform):
    PlatformIssuer().issue(award)
    assert [call[0] for call in platform] == ["allowlist_learner", "generate_platform_certificate"]
    name, user, course_key, notes = platform[0]
    assert (user, course_key) == (award.user, COURSE)
    assert str(award.uuid) in notes
    assert platform[1][1:] == (award.user, COURSE)


def test_the_platform_issuer_revokes_and_invalidates(award, platform):
    PlatformIssuer().revoke(award)
    assert platform == [("remove_from_allowlist", award.user, COURSE),
                        ("invalidate_platform_certificate", award.user, COURSE)]


def test_the_platform_issuer_url(award, platform):
    assert PlatformIssuer().url(award) == "/certificates/abc"
    assert platform == [("platform_certificate_url", award.user, COURSE)]


@pytest.mark.parametrize("failing, method", [
    ("allowlist_learner", "issue"),
    ("generate_platform_certificate", "issue"),
    ("remove_from_allowlist", "revoke"),
    ("invalidate_platform_certificate", "revoke"),
    ("platform_certificate_url", "url"),
])
def test_platform_errors_become_issuer_errors(award, platform, monkeypatch, caplog, failing, method):
    def broken(*args):
        raise RuntimeError("CertificateAllowlist table is locked")

    monkeypatch.setattr(compat, failing, broken)
    with pytest.raises(IssuerError, match="locked") as raised:
        getattr(PlatformIssuer(), method)(award)
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert str(award.uuid) in caplog.text  # logged with the award


def test_outside_the_platform_the_compat_functions_fail_loudly(award):
    with pytest.raises(IssuerError):
        PlatformIssuer().issue(award)


# --------------------------------------------------------------------------- the name on the certificate


@pytest.fixture
def profile_names(monkeypatch):
    """The learners' LMS profile names (edx-platform's `UserProfile.name`), as compat reads them."""
    names = {}
    monkeypatch.setattr(compat, "full_names", lambda user_ids: {pk: names[pk] for pk in user_ids if pk in names})
    return names


@urls
def test_the_certificate_page_and_pdf_print_the_lms_profile_name(client, learner, profile_names, settings):
    from orglab_plugin import awards

    learner.first_name, learner.last_name = "W.", "M."  # the account's names lose to the profile's
    learner.save()
    profile_names[learner.pk] = NAME
    awards._award_many(COURSE, [learner.pk], timezone.now())
    award = CertificateAward.objects.get(user=learner, course_key=COURSE)
    assert award.name == NAME
    page = client.get(reverse("orglab:certificate-verify", args=[award.uuid])).content.decode()
    assert NAME in page and "W. M." not in page
    settings.ORGLAB_CERTIFICATE_FONT = "/nonexistent/font.ttf"  # core font: the text is readable in the stream
    streams = pdf_streams(client.get(reverse("orglab:certificate-pdf", args=[award.uuid])).content)
    assert f"({NAME})".encode() in streams


@pytest.mark.parametrize("profile, first, last, printed", [
    (NAME, "", "", NAME),
    ("", "Wangari", "Maathai", "Wangari Maathai"),  # a profile without a name
    ("   ", "", "Maathai", "Maathai"),
    (None, "Wangari", "Maathai", "Wangari Maathai"),  # no profile row
    (None, "", "", "wmaathai"),  # no name at all: the username
])
def test_the_printed_name_falls_back_to_first_and_last_names_then_the_username(learner, profile_names, profile,
                                                                             first, last, printed):
    from orglab_plugin import awards

    learner.first_name, learner.last_name = first, last
    learner.save()
    if profile is not None:
        profile_names[learner.pk] = profile
    awards._award_many(COURSE, [learner.pk], timezone.now())
    assert CertificateAward.objects.get(user=learner, course_key=COURSE).name == printed


def test_outside_the_lms_the_printed_name_is_the_accounts(learner):
    from orglab_plugin import awards

    learner.first_name, learner.last_name = "Wangari", "Maathai"
    learner.save()
    assert compat.full_names([learner.pk]) is None  # no edx-platform here
    awards._award_many(COURSE, [learner.pk], timezone.now())
    assert CertificateAward.objects.get(user=learner, course_key=COURSE).name == "Wangari Maathai"


def test_outside_the_lms_the_platform_issuer_refuses_before_touching_the_platform(award, platform, settings,
                                                                               caplog):
    settings.SERVICE_VARIANT = "cms"  # Studio (cms/envs/common.py), e.g. its Celery worker
    settings.ORGLAB_LMS_CELERY_QUEUE = "edx.lms.core.default"
    for method in ("issue", "revoke", "url"):
        with pytest.raises(IssuerError, match="LMS only") as raised:
            getattr(PlatformIssuer(), method)(award)
        assert "edx.lms.core.default" in str(raised.value) and "cms" in str(raised.value)
    assert platform == []  # no certificate function of the platform was called
    assert str(award.uuid) in caplog.text
