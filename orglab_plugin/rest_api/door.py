"""The REST API's front door: the same input rules as the blocks (`orglab_plugin.inputs`), and a
JSON error for every refusal — Django's own refusals (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too
many form fields) included, which would otherwise be its HTML "Bad Request (400)" page.

Every APIView of orglab (the plugin's and course_export's) is an `OrgLabAPIView` (it mixes in
`JSONErrorsMixin` and parses JSON with `JSONBodyParser`); a view of one course is a `CourseAPIView`.
"""
from __future__ import annotations

import io
from functools import cached_property

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.utils.translation import gettext
from drf_spectacular.openapi import AutoSchema
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.views import APIView

from ..inputs import InputError, read_json

# A JSON body of the API is a policy document, a milestone or a reason: small.
DEFAULT_MAX_BODY_BYTES = 256 * 1024


def max_body_bytes() -> int:
    return int(getattr(settings, "ORGLAB_API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


class PayloadTooLarge(APIException):
    status_code = 413
    default_code = "too_large"

    def __init__(self, limit: int | None = None):
        limit = max_body_bytes() if limit is None else limit
        super().__init__(gettext("The request body is too large (the limit is {kb} KB).").format(kb=limit // 1024))


def refusal(error: InputError) -> APIException:
    """The DRF exception (400 or 413, JSON) for a body refused at the door."""
    if error.code == "too_large":
        return PayloadTooLarge(error.limit)
    if error.code == "too_deep":
        return ParseError(gettext("The JSON body is nested too deeply to be read."))
    if error.code == "too_big":
        return ParseError(gettext("A number in the body is too large."))
    if error.code == "not_utf8":
        return ParseError(gettext("The body is not UTF-8 text."))
    if error.code == "bad_text":
        return ParseError(gettext("“{field}” contains a character that cannot be stored (a lone surrogate or "
                                  "NUL).").format(field=error.field[:80]))
    return ParseError(gettext("The body is not valid JSON."))


class JSONBodyParser(JSONParser):
    """DRF's JSON parser through orglab's front door: bounded size and depth, finite numbers,
    storable text. Any JSON value may be the body; views check its shape."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        raw = stream.read(limit + 1) if stream is not None else b""
        try:
            return read_json(raw, max_bytes=limit, require_object=False)
        except InputError as error:
            raise refusal(error) from None


class FormBodyParser(FormParser):
    """DRF's form parser with Django's size limit. DRF 3.18 reads a form through `request.body`
    (which refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE); DRF 3.16, which Open edX pins, reads
    the raw stream whole, so the limit is kept here for both."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None) or max_body_bytes())
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(limit)
        return super().parse(io.BytesIO(raw), media_type, parser_context)


class JSONErrorsMixin:
    """An APIView whose every 4xx is JSON: Django's refusals of a request become DRF exceptions."""

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):
            exc = PayloadTooLarge(int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 0) or max_body_bytes()))
        elif isinstance(exc, TooManyFieldsSent):
            exc = ParseError(gettext("The form has too many fields."))
        elif isinstance(exc, SuspiciousOperation):
            exc = ParseError(gettext("The request could not be read."))
        elif isinstance(exc, UnicodeDecodeError):
            exc = ParseError(gettext("The body is not UTF-8 text."))
        return super().handle_exception(exc)


class OrgLabAPIView(JSONErrorsMixin, APIView):
    """What every view of orglab's APIs shares: JWT (first, for the 401's WWW-Authenticate) or session
    authentication, a login, drf-spectacular's AutoSchema whatever the site's DRF default, and the
    front door: JSON bodies through `JSONBodyParser`, every refusal answered in JSON."""

    authentication_classes = (JwtAuthentication, SessionAuthentication)
    parser_classes = (JSONBodyParser,)
    permission_classes = (IsAuthenticated,)
    schema = AutoSchema()


class IsCourseStaff(BasePermission):
    """The requesting user is staff of the view's course (`view.course_key`, from the URL).

    Put it after `IsAuthenticated`, so that an anonymous request gets a 401 and never reaches the
    course id (an invalid one is a 400, raised by `view.course_key`). The refusal says what the view's
    `staff_only_message` says.
    """

    message = "Only the course's staff can do this."

    def has_permission(self, request, view) -> bool:
        from ..roles import is_course_staff  # it needs the models; this module must not (see api)

        self.message = getattr(view, "staff_only_message", IsCourseStaff.message)
        return is_course_staff(request.user, view.course_key)


class CourseAPIView(OrgLabAPIView):
    """A view of one course (`course_id` in the URL), for the course's staff unless it says otherwise."""

    permission_classes = (IsAuthenticated, IsCourseStaff)
    staff_only_message = IsCourseStaff.message

    @cached_property
    def course_key(self) -> CourseKey:
        course_id = self.kwargs.get("course_id", "")
        try:
            return CourseKey.from_string(course_id)
        except InvalidKeyError:
            raise ValidationError({"course_id": [f"{course_id[:100]!r} is not a course id."]}) from None
