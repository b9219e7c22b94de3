"""API routes for change requests, steering decision lists, Q&A entries and deadlines."""

from django.urls import path

from api.governance import views

urlpatterns = [
    path("change-requests", views.ChangeRequestList.as_view(), name="change-request-list"),
    path(
        "change-requests/<str:number>",
        views.ChangeRequestDetail.as_view(),
        name="change-request-detail",
    ),
    path("decision-lists", views.DecisionListList.as_view(), name="decision-list-list"),
    path(
        "decision-lists/<int:id>", views.DecisionListDetail.as_view(), name="decision-list-detail"
    ),
    path("faq-entries", views.FaqEntryList.as_view(), name="faq-entry-list"),
    path("deadlines", views.DeadlineList.as_view(), name="deadline-list"),
]
