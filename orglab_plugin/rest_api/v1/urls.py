from django.urls import path

from . import views

urlpatterns = [
    path("submissions/", views.SubmissionListView.as_view(), name="submission-list"),
]
