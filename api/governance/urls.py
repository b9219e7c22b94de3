"""API routes for change requests, steering decision lists, Q&A entries and deadlines.

``change-requests`` reads the public list (GET) and files a request (POST); each workflow step
is a POST on ``change-requests/{number}/<step>`` (``api.governance.commands``).
"""

from django.urls import path

from api.governance import commands, views

urlpatterns = [
    path("change-requests", commands.ChangeRequestCollection.as_view(), name="change-request-list"),
    path(
        "change-requests/<str:number>",
        views.ChangeRequestDetail.as_view(),
        name="change-request-detail",
    ),
    *(
        path(
            f"change-requests/<str:number>/{step}",
            view.as_view(),
            name=f"change-request-{step}",
        )
        for step, view in commands.STEP_VIEWS.items()
    ),
    path("decision-lists", views.DecisionListList.as_view(), name="decision-list-list"),
    path(
        "decision-lists/<int:id>", views.DecisionListDetail.as_view(), name="decision-list-detail"
    ),
    path("faq-entries", views.FaqEntryList.as_view(), name="faq-entry-list"),
    path("deadlines", views.DeadlineList.as_view(), name="deadline-list"),
]
