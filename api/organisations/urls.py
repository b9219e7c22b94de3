"""API routes for organisations, contracts and their adoption status (authenticated)."""

from django.urls import path

from api.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisations", views.OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>",
        views.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<slug:slug>/contracts",
        views.ContractList.as_view(),
        name="contract-list",
    ),
    path(
        "organisations/<slug:slug>/contracts/<int:id>",
        views.ContractDetail.as_view(),
        name="contract-detail",
    ),
]
