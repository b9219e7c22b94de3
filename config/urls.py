"""Root URL configuration: the public portal, accounts, the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("standards.urls")),
    path("", include("pages.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
