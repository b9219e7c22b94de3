"""Root URL configuration: the public portal, accounts, the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("api.urls")),
    path("api-sleutels/", include("api.urls_keys")),
    # Governance first: its pages hang off standards' URLs (…/<document>/wijzigingsverzoek/),
    # which standards would otherwise read as an article number.
    path("", include("notifications.urls")),
    path("", include("governance.urls")),
    path("", include("organisations.urls")),
    path("", include("organisations.urls_dashboard")),
    path("", include("standards.urls")),
    path("", include("pages.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
