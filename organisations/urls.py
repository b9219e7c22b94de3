"""Pages of organisations and their contracts."""

from django.urls import path

from organisations.views import contracts, organisations

app_name = "organisations"

urlpatterns = [
    path("organisaties/", organisations.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", organisations.organisation_create, name="organisation_create"),
    path(
        "organisaties/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisaties/<slug:slug>/bewerken/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisaties/<slug:slug>/contracten/nieuw/",
        contracts.contract_create,
        name="contract_create",
    ),
    path(
        "organisaties/<slug:slug>/contracten/<int:pk>/",
        contracts.contract_detail,
        name="contract_detail",
    ),
    path(
        "organisaties/<slug:slug>/contracten/<int:pk>/bewerken/",
        contracts.contract_edit,
        name="contract_edit",
    ),
    path(
        "organisaties/<slug:slug>/contracten/<int:pk>/overstap/",
        contracts.contract_move,
        name="contract_move",
    ),
    path(
        "organisaties/<slug:slug>/contracten/<int:pk>/reactie-aanbieder/",
        contracts.provider_response,
        name="provider_response",
    ),
    path(
        "organisaties/<slug:slug>/contracten/<int:pk>/wat-is-er-veranderd/",
        contracts.contract_changes,
        name="contract_changes",
    ),
    path(
        "organisaties/<slug:slug>/contracten/<int:pk>/tekst-op-datum/",
        contracts.contract_text_on,
        name="contract_text_on",
    ),
]
