"""The REST API of mentor review (v1), under /api/orglab/v1/courses/<course>/:

- `mentoring/assignments/` (staff): list (`?mentor=`, `?username=`), assign a mentor to a learner;
  `mentoring/assignments/upload/`: a CSV file `username,mentor`; `mentoring/assignments/<username>/<mentor>/`:
  remove an assignment (DELETE);
- `mentoring/queue/` (a mentor, or staff with `?mentor=`): what awaits feedback and what was revised;
- `learners/<username>/feedback/`: the feedback on a learner's work (their mentor, staff, or the
  learner themselves) and give feedback on a version (their mentor or staff);
  `learners/<username>/signoff/`: sign off a submitted proposal (their mentor or staff);
- `me/feedback/`: the requesting learner's feedback (`?unread=true`, `?block_id=`);
  `me/feedback/read/`: mark feedback read.

Refusals: anonymous 401; someone who reviews nobody in the course 403 on the reviewers' endpoints
(and on the staff's, anyone not staff); a learner who does not exist or whom the mentor does not
review, 404 (one answer for both: no user enumeration); bad input 400 naming the field.
"""
from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from ... import feedback as feedback_module
from ... import mentoring, roles
from ...models import Feedback
from ..door import CourseAPIView, JSONBodyParser
from .serializers import DetailSerializer, ImportReportSerializer
from .views import COURSE_ID, ERRORS, USERNAME, CSVParser, PlainTextCSVParser

log = logging.getLogger(__name__)

VERDICTS = list(feedback_module.ALL_VERDICTS)
GIVEN_VERDICTS = list(feedback_module.GIVEN_VERDICTS)
MAX_VERSION = 2**31 - 1
NOT_FOUND = {404: OpenApiResponse(DetailSerializer, description="No such learner among those you review.")}
REVIEWER_ERRORS = {**ERRORS, 403: OpenApiResponse(DetailSerializer,
                                                   description="Neither a mentor nor staff of this course."),
                   **NOT_FOUND}


class IsReviewer(BasePermission):
    """The requesting user reviews work in the view's course: its staff or one of its mentors."""

    message = "Only the course's mentors and staff can do this."

    def has_permission(self, request, view) -> bool:
        return roles.is_reviewer(request.user, view.course_key)


# --------------------------------------------------------------------------- serializers


class BlockIdField(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return UsageKey.from_string(value)
        except InvalidKeyError:
            raise serializers.ValidationError(f"{value[:100]!r} is not a block id.") from None


class AssignmentSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A mentor assigned to a learner."""

    username = serializers.CharField(source="learner", help_text="The learner's username.")
    mentor = serializers.CharField(help_text="The mentor's username.")
    assigned_by = serializers.CharField(allow_null=True)
    created = serializers.DateTimeField()


class AssignmentInputSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """Assign a mentor to a learner (again: nothing changes)."""

    username = serializers.CharField(max_length=150, help_text="The learner's username.")
    mentor = serializers.CharField(max_length=150, help_text="The mentor's username.")


class AssignmentQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    mentor = serializers.CharField(max_length=150, required=False)
    username = serializers.CharField(max_length=150, required=False)


class AssignmentUploadSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    file = serializers.FileField(help_text="A CSV file (UTF-8) with the header username,mentor.")


class FeedbackSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """Feedback given on one submitted version of a learner's work."""

    id = serializers.IntegerField()
    course_id = serializers.CharField(source="course_key")
    block_id = serializers.CharField(source="block_key")
    block_type = serializers.CharField()
    version = serializers.IntegerField()
    section = serializers.CharField(allow_blank=True, help_text="The section's id; empty: the whole version.")
    verdict = serializers.ChoiceField(choices=VERDICTS)
    comment = serializers.CharField(allow_blank=True)
    author = serializers.CharField(allow_null=True, help_text="The reviewer's username (null once retired).")
    created = serializers.DateTimeField()
    unread = serializers.BooleanField(help_text="The learner has not marked it read.")


class FeedbackQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    block_id = BlockIdField(max_length=255, required=False)
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION, required=False)


class MyFeedbackQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    block_id = BlockIdField(max_length=255, required=False)
    unread = serializers.BooleanField(required=False, default=False, help_text="Only what is not read yet.")


class FeedbackInputSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """Feedback on one submitted version: a verdict and a comment, on one section or the whole version."""

    block_id = BlockIdField(max_length=255)
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    section = serializers.CharField(max_length=feedback_module.MAX_SECTION_CHARS, required=False, allow_blank=True,
                                    default="", trim_whitespace=True,
                                    help_text="A section's id (a worksheet field's, a proposal section's); empty "
                                              "or absent: the whole version.")
    verdict = serializers.ChoiceField(choices=GIVEN_VERDICTS)
    comment = serializers.CharField(max_length=feedback_module.MAX_COMMENT_CHARS, required=False, allow_blank=True,
                                    default="", trim_whitespace=False,
                                    help_text="Required for comment and please_revise.")


class SignOffInputSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """Sign off a submitted version of the learner's grant proposal (an orglab_proposal block)."""

    block_id = BlockIdField(max_length=255)
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    comment = serializers.CharField(max_length=feedback_module.MAX_COMMENT_CHARS, required=False, allow_blank=True,
                                    default="", trim_whitespace=False)


class MarkReadSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), max_length=1000,
                                help_text="Ids of feedback on your own work.")


class MarkedSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    marked = serializers.IntegerField(help_text="How many were newly marked read.")


class QueueItemSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The latest version of a learner's block, waiting for feedback."""

    username = serializers.CharField(source="learner")
    block_id = serializers.CharField(source="block_key")
    block_type = serializers.CharField()
    version = serializers.IntegerField()
    submitted = serializers.DateTimeField()
    last_feedback_version = serializers.IntegerField(allow_null=True)
    last_verdict = serializers.CharField(allow_blank=True)
    review_url = serializers.CharField(help_text="The review page of this version.")


class QueueLearnerSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    username = serializers.CharField(source="learner")
    mentors = serializers.ListField(child=serializers.CharField())
    submitted = serializers.IntegerField()
    to_review = serializers.IntegerField()


class QueueSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """What the reviewer has to review: oldest first."""

    learners = QueueLearnerSerializer(many=True)
    awaiting = QueueItemSerializer(many=True, help_text="Never reviewed, oldest first.")
    revised = QueueItemSerializer(many=True, help_text="Revised since the last feedback, oldest first.")
    mentors = serializers.ListField(child=serializers.CharField(), help_text="The course's mentors (staff only).")


class QueueQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    mentor = serializers.CharField(max_length=150, required=False, help_text="Staff: one mentor's learners.")


# --------------------------------------------------------------------------- views


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _raise(error: feedback_module.FeedbackError):
    if error.code == "forbidden":
        raise PermissionDenied(str(error))
    if error.code == "not_found":
        raise NotFound(str(error))
    raise ValidationError({error.field or "detail": [str(error)]})


class _ReviewView(CourseAPIView):
    permission_classes = (IsAuthenticated, IsReviewer)

    def reviewed_learner(self, username: str):
        """The learner the requesting reviewer may review; 404 for anyone else (or nobody)."""
        learner = _user(username)
        if learner is None or not roles.can_review(self.request.user, self.course_key, learner):
            raise NotFound("No such learner among those you review.")
        return learner


@extend_schema(parameters=[COURSE_ID])
class AssignmentListView(CourseAPIView):
    """The course's mentor assignments; assign a mentor to a learner (staff)."""

    @extend_schema(operation_id="orglab_mentor_assignments_list", parameters=[AssignmentQuerySerializer],
                   responses={200: AssignmentSerializer(many=True), **ERRORS})
    def get(self, request, course_id):
        query = AssignmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = mentoring.mentor_assignments(self.course_key, mentor=query.validated_data.get("mentor", ""),
                                            learner=query.validated_data.get("username", ""))
        return Response(AssignmentSerializer(rows, many=True).data)

    @extend_schema(operation_id="orglab_mentor_assignments_create", request=AssignmentInputSerializer,
                   responses={201: AssignmentSerializer, 200: AssignmentSerializer, **ERRORS})
    def post(self, request, course_id):
        data = AssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        learner, mentor = _user(data.validated_data["username"]), _user(data.validated_data["mentor"])
        problems = {}
        if learner is None:
            problems["username"] = [f"No user is called {data.validated_data['username']!r}."]
        if mentor is None:
            problems["mentor"] = [f"No user is called {data.validated_data['mentor']!r}."]
        if problems:
            raise ValidationError(problems)
        try:
            assignment, created = mentoring.assign_mentor(self.course_key, learner, mentor, request.user)
        except mentoring.MentoringError as error:
            raise ValidationError({"username": [str(error)]}) from None
        return Response(AssignmentSerializer(assignment).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(parameters=[COURSE_ID, USERNAME,
                           OpenApiParameter("mentor", OpenApiTypes.STR, OpenApiParameter.PATH,
                                            description="The mentor's username.")])
class AssignmentDetailView(CourseAPIView):
    """Remove a mentor's assignment to a learner (staff); their feedback stays."""

    @extend_schema(operation_id="orglab_mentor_assignments_delete", request=None,
                   responses={204: None, **ERRORS,
                              404: OpenApiResponse(DetailSerializer, description="No such assignment.")})
    def delete(self, request, course_id, username, mentor):
        learner, mentor_user = _user(username), _user(mentor)
        if learner is None or mentor_user is None or not mentoring.unassign_mentor(
                self.course_key, learner, mentor_user, request.user):
            raise NotFound(f"{mentor!r} is not assigned to {username!r} in this course.")
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[COURSE_ID])
class AssignmentUploadView(CourseAPIView):
    """Assign the mentors a CSV file lists: header `username,mentor` (learner, then mentor, by
    username), at most 5,000 rows and 1 MB, as the body (text/csv) or the field `file` of a
    multipart form. The report says how many rows were taken and why each other was refused."""

    parser_classes = (CSVParser, PlainTextCSVParser, MultiPartParser)

    @extend_schema(
        operation_id="orglab_mentor_assignments_upload",
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": AssignmentUploadSerializer},
        responses={200: ImportReportSerializer, **ERRORS,
                   415: OpenApiResponse(DetailSerializer, description="Not text/csv, text/plain or multipart/form-data.")},
    )
    def post(self, request, course_id):
        data = request.data
        if isinstance(data, (bytes, str)):
            body = data
        elif request.content_type.split(";")[0].strip().lower() in ("text/csv", "text/plain"):
            body = b""
        else:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": ["Send the CSV file as the body (text/csv) or as the field 'file' "
                                                "of a multipart form."]})
            if upload.size > mentoring.MAX_BYTES:
                raise ValidationError({"file": ["The file is larger than 1 MB; split it into smaller files."]})
            body = upload.read()
        if not body:
            raise ValidationError({"file": ["The file is empty: its first line must be the header username,mentor."]})
        try:
            report = mentoring.import_assignments_csv(self.course_key, body, request.user)
        except mentoring.MentoringError as error:
            raise ValidationError({"file": [str(error)]}) from None
        log.info("orglab: %s imported mentor assignments in %s: %d taken, %d refused", request.user.username,
                 self.course_key, report["taken"], len(report["refused"]))
        return Response(ImportReportSerializer(report).data)


@extend_schema(parameters=[COURSE_ID])
class QueueView(_ReviewView):
    """The requesting reviewer's queue: their learners (staff: every learner with a mentor, or one
    mentor's), the latest versions awaiting feedback and those revised since the last feedback."""

    @extend_schema(operation_id="orglab_mentor_queue", parameters=[QueueQuerySerializer],
                   responses={200: QueueSerializer, **ERRORS,
                              403: OpenApiResponse(DetailSerializer, description="Neither a mentor nor staff.")})
    def get(self, request, course_id):
        query = QueueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queue = feedback_module.mentor_queue(request.user, self.course_key,
                                             mentor=query.validated_data.get("mentor", ""))

        def item(entry):
            url = reverse("orglab:review-submission", kwargs={"course_id": str(self.course_key),
                                                              "username": entry.learner,
                                                              "block_id": str(entry.block_key)})
            return {**vars(entry), "review_url": f"{url}?version={entry.version}"}

        return Response(QueueSerializer({
            "learners": [{**vars(row), "mentors": list(row.mentors)} for row in queue.learners],
            "awaiting": [item(entry) for entry in queue.awaiting],
            "revised": [item(entry) for entry in queue.revised],
            "mentors": queue.mentors,
        }).data)


@extend_schema(parameters=[COURSE_ID, USERNAME])
class LearnerFeedbackView(_ReviewView):
    """The feedback on a learner's work (`?block_id=`, `?version=`), newest first: for their mentor,
    course staff and the learner themselves. POST: give feedback on a submitted version (their
    mentor or course staff)."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (JSONBodyParser,)

    def _learner(self, request, username):
        if username == request.user.username and request.method == "GET":
            return request.user
        if not roles.is_reviewer(request.user, self.course_key):
            raise PermissionDenied(IsReviewer.message)
        return self.reviewed_learner(username)

    @extend_schema(operation_id="orglab_feedback_list", parameters=[FeedbackQuerySerializer],
                   responses={200: FeedbackSerializer(many=True), **REVIEWER_ERRORS})
    def get(self, request, course_id, username):
        learner = self._learner(request, username)
        query = FeedbackQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        block_key = query.validated_data.get("block_id")
        if block_key is not None and block_key.context_key != self.course_key:
            raise ValidationError({"block_id": ["This block is not in this course."]})
        rows = feedback_module.learner_feedback(learner, self.course_key, block_key=block_key)
        if query.validated_data.get("version"):
            rows = [row for row in rows if row.version == query.validated_data["version"]]
        return Response(FeedbackSerializer(rows, many=True).data)

    @extend_schema(operation_id="orglab_feedback_give", request=FeedbackInputSerializer,
                   responses={201: FeedbackSerializer, **REVIEWER_ERRORS})
    def post(self, request, course_id, username):
        learner = self._learner(request, username)
        data = FeedbackInputSerializer(data=request.data if isinstance(request.data, dict) else {})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            given = feedback_module.give_feedback(
                course_key=self.course_key, reviewer=request.user, learner=learner, block_key=values["block_id"],
                version=values["version"], verdict=values["verdict"], comment=values["comment"],
                section=values["section"])
        except feedback_module.FeedbackError as error:
            _raise(error)
        return Response(FeedbackSerializer(given).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[COURSE_ID, USERNAME])
class SignOffView(_ReviewView):
    """Sign off a learner's submitted grant proposal (their mentor or course staff): records the
    course's `mentor_signoff` milestone (today, by you), which may change their eligibility."""

    parser_classes = (JSONBodyParser,)

    @extend_schema(operation_id="orglab_feedback_sign_off", request=SignOffInputSerializer,
                   responses={201: FeedbackSerializer, **REVIEWER_ERRORS})
    def post(self, request, course_id, username):
        learner = self.reviewed_learner(username)
        data = SignOffInputSerializer(data=request.data if isinstance(request.data, dict) else {})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            given = feedback_module.sign_off(course_key=self.course_key, reviewer=request.user, learner=learner,
                                             block_key=values["block_id"], version=values["version"],
                                             comment=values["comment"])
        except feedback_module.FeedbackError as error:
            _raise(error)
        return Response(FeedbackSerializer(given).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[COURSE_ID])
class MyFeedbackView(CourseAPIView):
    """The feedback given on the requesting learner's work in the course, newest first."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(operation_id="orglab_my_feedback", parameters=[MyFeedbackQuerySerializer],
                   responses={200: FeedbackSerializer(many=True), **ERRORS})
    def get(self, request, course_id):
        query = MyFeedbackQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        block_key = query.validated_data.get("block_id")
        if block_key is not None and block_key.context_key != self.course_key:
            raise ValidationError({"block_id": ["This block is not in this course."]})
        rows = feedback_module.learner_feedback(request.user, self.course_key, block_key=block_key,
                                                unread_only=query.validated_data["unread"])
        return Response(FeedbackSerializer(rows, many=True).data)


@extend_schema(parameters=[COURSE_ID])
class MarkFeedbackReadView(CourseAPIView):
    """Mark feedback on your own work read (ids of other feedback are ignored)."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (JSONBodyParser,)

    @extend_schema(operation_id="orglab_my_feedback_read", request=MarkReadSerializer,
                   responses={200: MarkedSerializer, **ERRORS})
    def post(self, request, course_id):
        data = MarkReadSerializer(data=request.data if isinstance(request.data, dict) else {})
        data.is_valid(raise_exception=True)
        ids = list(Feedback.objects.filter(pk__in=data.validated_data["ids"], course_key=self.course_key)
                   .values_list("pk", flat=True))
        return Response({"marked": feedback_module.mark_feedback_read(request.user, ids)})
