"""REST views of orglab_plugin (v1): learners' submissions, progress, certificates and grant-fund
eligibility, and the course staff's cohort, policy, milestones and award decisions.

Every view authenticates with a JWT (the LMS's) or the session. An anonymous request gets a 401
(JwtAuthentication sends the WWW-Authenticate header); a course id that is not one, a 400; a
learner who is not staff of the course, a 403 on the staff's endpoints; an unknown learner, a 404.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ... import awards, milestones, submissions, tasks
from ... import policy as policy_module
from ...certificates.issuers import IssuerError
from ...certificates.state import certificate_state
from ...cohort import enrolled_users, is_enrolled
from ...course_policy import policy_state, replace_policy
from ...models import (
    CertificateAward,
    CoursePolicy,
    CourseUnit,
    GrantEligibility,
    StaffMilestone,
    UnitProgress,
)
from ...status import learner_status, set_eligibility_override
from ..door import CourseAPIView, FormBodyParser, JSONBodyParser, OrgLabAPIView
from . import schema as _schema  # noqa: F401  (registers the JWT scheme with drf-spectacular)
from . import serializers as s
from .permissions import can_read_learner_work
from .serializers import SubmissionQuerySerializer, SubmissionSerializer

log = logging.getLogger(__name__)


class _Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        self.page_size = getattr(settings, "ORGLAB_API_PAGE_SIZE", 50)
        return super().get_page_size(request)


_View = OrgLabAPIView


class BadGateway(APIException):
    status_code = 502
    default_detail = "The certificate issuer failed; the change is recorded, try again or check the issuer."
    default_code = "issuer_failed"


COURSE_ID = OpenApiParameter("course_id", OpenApiTypes.STR, OpenApiParameter.PATH,
                             description="A course id, e.g. course-v1:Wikimedia+OrgLab+2026.")
USERNAME = OpenApiParameter("username", OpenApiTypes.STR, OpenApiParameter.PATH, description="The learner's username.")
# Every refusal is JSON: a 400 is an object naming each problem (`{"field": ["…"]}`, or `detail`),
# the others are `{"detail": "…"}`.
ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad input (the body names each problem)."),
    401: OpenApiResponse(s.DetailSerializer, description="Not logged in."),
    403: OpenApiResponse(s.DetailSerializer, description="Not staff of this course."),
    413: OpenApiResponse(s.DetailSerializer, description="The body is too large."),
}
LEARNER_ERRORS = {**ERRORS, 404: OpenApiResponse(s.DetailSerializer, description="No such learner.")}


class SubmissionListView(_View):
    """GET /api/orglab/v1/submissions/?course_id=…[&block_id=…][&username=…]

    The submitted versions of one learner's work in a course, oldest first.
    Without `username`, the requesting learner's own; course staff may name a learner.
    """

    @extend_schema(parameters=[SubmissionQuerySerializer],
                   responses={200: s.paginated(SubmissionSerializer, "PaginatedSubmissionList"),
                              **ERRORS, 404: OpenApiResponse(s.DetailSerializer, description="No such learner.")})
    def get(self, request):
        query = SubmissionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        course_key = query.validated_data["course_id"]
        block_key = query.validated_data.get("block_id")
        learner = request.user
        username = query.validated_data.get("username")
        if username and username != request.user.username:
            learner = get_user_model().objects.filter(username=username).first()
            if learner is None or not can_read_learner_work(request.user, course_key, learner):
                # One answer for "no such learner" and "not yours to read": no user enumeration.
                raise NotFound("No such learner in this course.")

        if block_key is not None:
            rows = submissions.submission_history(user=learner, block_key=block_key)
        else:
            rows = list(submissions.course_submissions(course_key=course_key, user=learner))
        paginator = _Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(SubmissionSerializer(page, many=True).data)


# --------------------------------------------------------------------------- course views


class _CourseView(CourseAPIView):
    """A view of one course (`course_id` in the URL); by default for the course's staff only."""

    def learner(self, username: str):
        learner = get_user_model().objects.filter(username=username).first()
        if learner is None:
            raise NotFound(f"No user is called {username!r}.")
        return learner


@extend_schema(parameters=[COURSE_ID])
class MyProgressView(_CourseView):
    """The requesting learner's progress per unit, certificate and grant-fund eligibility in a course.

    The learner is evaluated first, so a first visit already has a decision.
    """

    permission_classes = (IsAuthenticated,)

    @extend_schema(operation_id="orglab_me", responses={200: s.LearnerProgressSerializer, **ERRORS,
                                                        404: OpenApiResponse(s.DetailSerializer, description="No such course.")})
    def get(self, request, course_id):
        course_key = self.course_key
        if not (CourseUnit.objects.filter(course_key=course_key).exists()
                or CoursePolicy.objects.filter(course_key=course_key).exists()):
            raise NotFound("orglab knows no course with this id (it has no outline yet).")
        awards.evaluate_learners(course_key, [request.user.pk])
        return Response(s.LearnerProgressSerializer(learner_status(course_key, request.user)).data)


@extend_schema(parameters=[COURSE_ID])
class CohortView(_CourseView):
    """The course's learners (its enrolled ones, as the dashboard and the reports count them), a page
    at a time, with units completed, certificate and eligibility."""

    @extend_schema(operation_id="orglab_learners_list", parameters=[s.CohortQuerySerializer],
                   responses={200: s.paginated(s.CohortLearnerSerializer, "PaginatedCohortLearnerList"), **ERRORS})
    def get(self, request, course_id):
        query = s.CohortQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        course_key = self.course_key
        paginator = _Pagination()
        page = paginator.paginate_queryset(
            enrolled_users(course_key, query.validated_data.get("status")).only("pk", "username"), request,
            view=self)
        ids = [user.pk for user in page]
        units_total = CourseUnit.objects.filter(course_key=course_key).count()
        done = dict(UnitProgress.objects.filter(course_key=course_key, user_id__in=ids, total__gt=0,
                                                completed__gte=F("total"))
                    .values("user_id").annotate(n=Count("pk")).values_list("user_id", "n"))
        certificates = {row[0]: row[1:] for row in CertificateAward.objects.filter(
            course_key=course_key, user_id__in=ids).values_list("user_id", "status", "meets_policy")}
        eligibilities = {row[0]: row[1:] for row in GrantEligibility.objects.filter(
            course_key=course_key, user_id__in=ids).values_list("user_id", "status", "override")}
        rows = []
        for user in page:
            certificate = certificates.get(user.pk, (None, None))
            eligibility = eligibilities.get(user.pk, (None, ""))
            rows.append({"username": user.username, "units_completed": done.get(user.pk, 0),
                         "units_total": units_total, "certificate_status": certificate[0],
                         "certificate_meets_policy": certificate[1], "eligibility_status": eligibility[0],
                         "overridden": bool(eligibility[1])})
        return paginator.get_paginated_response(s.CohortLearnerSerializer(rows, many=True).data)


@extend_schema(parameters=[COURSE_ID, USERNAME])
class LearnerDetailView(_CourseView):
    """One learner of the course as staff see them: progress, awards, override and audit history."""

    @extend_schema(operation_id="orglab_learner_detail",
                   responses={200: s.LearnerDetailSerializer, **LEARNER_ERRORS})
    def get(self, request, course_id, username):
        learner = self.learner(username)
        awards.evaluate_learners(self.course_key, [learner.pk])
        return Response(s.LearnerDetailSerializer(learner_status(self.course_key, learner, staff=True)).data)


# --------------------------------------------------------------------------- the policy


@extend_schema(parameters=[COURSE_ID])
class PolicyView(_CourseView):
    """The course's award policy: read it, or replace it whole.

    A new policy is validated (400 listing every problem), stored, applied to the outline (the
    block types it excludes from progress) and followed by a recompute of the course.
    """

    parser_classes = (JSONBodyParser,)

    @extend_schema(operation_id="orglab_policy_read", responses={200: s.PolicySerializer, **ERRORS})
    def get(self, request, course_id):
        return Response(s.PolicySerializer(policy_state(self.course_key)).data)

    @extend_schema(
        operation_id="orglab_policy_replace",
        request=OpenApiTypes.OBJECT,
        description="The body is the policy document (or `{\"policy\": document}`, as GET returns it).",
        examples=[OpenApiExample("The default policy", value=policy_module.DEFAULT_POLICY, request_only=True)],
        responses={200: s.PolicySerializer, 400: s.PolicyProblemsSerializer,
                   401: ERRORS[401], 403: ERRORS[403], 413: ERRORS[413]},
    )
    def handle_exception(self, exc):
        """Every 400 of this view lists its `problems`, as the schema says (a body that is not JSON,
        a bad course id, as well as a policy that is not valid)."""
        response = super().handle_exception(exc)
        if response.status_code == 400 and not (isinstance(response.data, dict) and "problems" in response.data):
            response.data = {"detail": gettext("The policy is not valid."), "problems": _messages(response.data)}
        return response

    def put(self, request, course_id):
        course_key = self.course_key
        raw = request.data
        if isinstance(raw, dict) and "policy" in raw:
            raw = raw["policy"]  # what GET returns, sent back
        try:
            replace_policy(course_key, raw, request.user, gettext)
        except policy_module.PolicyError as error:
            return Response({"detail": "The policy is not valid.", "problems": error.problems},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(s.PolicySerializer(policy_state(course_key)).data)


def _messages(detail) -> list[str]:
    """Every message of a DRF error body (a string, a list, or an object of lists), flattened."""
    if isinstance(detail, dict):
        return [f"{key}: {message}" if key != "detail" else message
                for key, value in detail.items() for message in _messages(value)]
    if isinstance(detail, (list, tuple)):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


# --------------------------------------------------------------------------- milestones


def _milestone_row(row: StaffMilestone, labels: dict[str, str]) -> dict:
    return {"username": row.user.username, "milestone": row.milestone,
            "label": gettext(labels[row.milestone]) if row.milestone in labels else None, "date": row.date,
            "recorded_by": row.recorded_by.username if row.recorded_by else None, "created": row.created}


@extend_schema(parameters=[COURSE_ID])
class MilestoneListView(_CourseView):
    """The milestones recorded in the course; record one (again: its date is replaced)."""

    parser_classes = (JSONBodyParser, FormBodyParser, MultiPartParser)

    @extend_schema(operation_id="orglab_milestones_list", parameters=[s.MilestoneQuerySerializer],
                   responses={200: s.paginated(s.MilestoneSerializer, "PaginatedMilestoneList"), **ERRORS})
    def get(self, request, course_id):
        query = s.MilestoneQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = StaffMilestone.objects.filter(course_key=self.course_key).select_related("user", "recorded_by")
        if query.validated_data.get("milestone"):
            rows = rows.filter(milestone=query.validated_data["milestone"])
        if query.validated_data.get("username"):
            rows = rows.filter(user__username=query.validated_data["username"])
        labels = milestones.known_milestones(self.course_key)
        paginator = _Pagination()
        page = paginator.paginate_queryset(rows.order_by("milestone", "user__username", "pk"), request, view=self)
        return paginator.get_paginated_response(
            s.MilestoneSerializer([_milestone_row(row, labels) for row in page], many=True).data)

    @extend_schema(operation_id="orglab_milestones_record", request=s.MilestoneInputSerializer,
                   responses={201: s.MilestoneSerializer, **ERRORS})
    def post(self, request, course_id):
        course_key = self.course_key
        data = s.MilestoneInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        learner = get_user_model().objects.filter(username=username).first()
        if learner is None or not is_enrolled(course_key, learner):
            raise ValidationError({"username": [f"No learner is called {username!r} in this course."]})
        try:
            row = milestones.record_milestone(course_key, learner, data.validated_data["milestone"],
                                              data.validated_data["date"], request.user)
        except milestones.MilestoneError as error:
            raise ValidationError({"milestone": [str(error)]}) from None
        row = StaffMilestone.objects.select_related("user", "recorded_by").get(pk=row.pk)
        return Response(s.MilestoneSerializer(_milestone_row(row, milestones.known_milestones(course_key))).data,
                        status=status.HTTP_201_CREATED)


class CSVParser(BaseParser):
    """A CSV file as the body (text/csv, or text/plain), handed over as bytes (at most 1 MB)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read(milestones.MAX_BYTES + 1)
        if len(body) > milestones.MAX_BYTES:
            raise ParseError("The file is larger than 1 MB; split it into smaller files.")
        return body


class PlainTextCSVParser(CSVParser):
    media_type = "text/plain"


@extend_schema(parameters=[COURSE_ID])
class MilestoneUploadView(_CourseView):
    """Record the milestones a CSV file lists: header `username,milestone,date` (dates YYYY-MM-DD),
    at most 5,000 rows and 1 MB. Send the file as the body (text/csv) or as the field `file` of a
    multipart form. The report says how many rows were taken and why each other was refused."""

    parser_classes = (CSVParser, PlainTextCSVParser, MultiPartParser)

    @extend_schema(
        operation_id="orglab_milestones_upload",
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": s.UploadSerializer},
        responses={200: s.ImportReportSerializer, **ERRORS,
                   415: OpenApiResponse(s.DetailSerializer, description="Not text/csv, text/plain or multipart/form-data.")},
    )
    def post(self, request, course_id):
        course_key = self.course_key
        data = request.data
        if isinstance(data, (bytes, str)):
            body = data
        elif request.content_type.split(";")[0].strip().lower() in ("text/csv", "text/plain"):
            body = b""  # an empty body: DRF parses none
        else:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": ["Send the CSV file as the body (text/csv) or as the field 'file' "
                                                "of a multipart form."]})
            if upload.size > milestones.MAX_BYTES:
                raise ValidationError({"file": ["The file is larger than 1 MB; split it into smaller files."]})
            body = upload.read()
        if not body:
            raise ValidationError({"file": ["The file is empty: its first line must be the header "
                                            "username,milestone,date."]})
        try:
            report = milestones.import_milestones_csv(course_key, body, request.user)
        except milestones.MilestoneError as error:
            raise ValidationError({"file": [str(error)]}) from None
        log.info("orglab: %s imported milestones in %s: %d taken, %d refused", request.user.username, course_key,
                 report["taken"], len(report["refused"]))
        return Response(s.ImportReportSerializer(report).data)


# --------------------------------------------------------------------------- staff actions on one learner


@extend_schema(parameters=[COURSE_ID, USERNAME])
class OverrideView(_CourseView):
    """Staff grant or deny a learner's grant-fund eligibility whatever the policy says (with a
    reason; it holds until removed), or remove their override (the policy decides again)."""

    @extend_schema(operation_id="orglab_override_set", request=s.OverrideInputSerializer,
                   responses={200: s.StaffEligibilitySerializer, **LEARNER_ERRORS})
    def post(self, request, course_id, username):
        learner = self.learner(username)
        if not is_enrolled(self.course_key, learner):  # as the dashboard: only the course's learners
            raise NotFound(f"{username!r} is not enrolled in this course.")
        data = s.OverrideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        eligibility = set_eligibility_override(learner, self.course_key, data.validated_data["override"],
                                               data.validated_data["reason"], request.user)
        return Response(s.StaffEligibilitySerializer(eligibility).data)

    @extend_schema(operation_id="orglab_override_remove", request=s.OptionalReasonSerializer,
                   parameters=[OpenApiParameter("reason", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                                                description="Why (or in the body).")],
                   responses={200: s.StaffEligibilitySerializer, **LEARNER_ERRORS})
    def delete(self, request, course_id, username):
        learner = self.learner(username)
        source = request.data if isinstance(request.data, dict) and request.data else request.query_params
        data = s.OptionalReasonSerializer(data={"reason": source.get("reason", "")})
        data.is_valid(raise_exception=True)
        current = GrantEligibility.objects.filter(course_key=self.course_key, user=learner).first()
        if current is not None and current.override:
            awards.set_override(learner, self.course_key, "", data.validated_data["reason"], request.user)
        else:  # nothing to remove: answer with the learner's (evaluated) eligibility
            awards.evaluate_learners(self.course_key, [learner.pk])
        return Response(self._eligibility(learner))

    def _eligibility(self, learner) -> dict:
        state = learner_status(self.course_key, learner, staff=True)
        return s.StaffEligibilitySerializer(state["eligibility"]).data


@extend_schema(parameters=[COURSE_ID, USERNAME])
class _CertificateActionView(_CourseView):
    action = ""

    def post(self, request, course_id, username):
        learner = self.learner(username)
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = awards.revoke_certificate if self.action == "revoke" else awards.reinstate_certificate
        try:
            award = change(learner, self.course_key, data.validated_data["reason"], request.user)
        except CertificateAward.DoesNotExist:
            raise NotFound(f"{username!r} has no certificate in this course.") from None
        except IssuerError as error:
            log.exception("orglab: the issuer failed to %s a certificate", self.action)
            raise BadGateway(str(error)) from None
        return Response(s.CertificateSerializer(certificate_state(award)).data)


class RevokeCertificateView(_CertificateActionView):
    """Revoke a learner's certificate, with a reason (audited; the issuer is told)."""

    action = "revoke"

    @extend_schema(operation_id="orglab_certificate_revoke", request=s.ReasonSerializer,
                   responses={200: s.CertificateSerializer, **LEARNER_ERRORS,
                              502: OpenApiResponse(s.DetailSerializer, description="The certificate issuer failed.")})
    def post(self, request, course_id, username):
        return super().post(request, course_id, username)


class ReinstateCertificateView(_CertificateActionView):
    """Undo a revocation, with a reason (audited; the issuer issues the certificate again)."""

    action = "reinstate"

    @extend_schema(operation_id="orglab_certificate_reinstate", request=s.ReasonSerializer,
                   responses={200: s.CertificateSerializer, **LEARNER_ERRORS,
                              502: OpenApiResponse(s.DetailSerializer, description="The certificate issuer failed.")})
    def post(self, request, course_id, username):
        return super().post(request, course_id, username)


@extend_schema(parameters=[COURSE_ID])
class RecomputeView(_CourseView):
    """Recompute every learner's progress and awards in the course (a background task)."""

    @extend_schema(operation_id="orglab_recompute", request=None,
                   responses={202: s.DetailSerializer, **ERRORS})
    def post(self, request, course_id):
        tasks.schedule_recompute(self.course_key)
        return Response({"detail": "The recompute of the course is scheduled."}, status=status.HTTP_202_ACCEPTED)
