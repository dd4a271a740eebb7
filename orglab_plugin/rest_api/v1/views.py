"""REST views of orglab_plugin (v1)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from ... import api
from .permissions import can_read_learner_work
from .serializers import SubmissionQuerySerializer, SubmissionSerializer


class _Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        self.page_size = getattr(settings, "ORGLAB_API_PAGE_SIZE", 50)
        return super().get_page_size(request)


class SubmissionListView(APIView):
    """GET /api/orglab/v1/submissions/?course_id=…[&block_id=…][&username=…]

    The submitted versions of one learner's work in a course, oldest first.
    Without `username`, the requesting learner's own; course staff may name a learner.
    """

    authentication_classes = (JwtAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated,)

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
            rows = api.submission_history(user=learner, block_key=block_key)
        else:
            rows = list(api.course_submissions(course_key=course_key, user=learner))
        paginator = _Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(SubmissionSerializer(page, many=True).data)
