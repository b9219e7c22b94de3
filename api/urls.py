"""``/api/v1/``: the REST API for integrators (NL API Design Rules: no trailing slashes)."""

from django.urls import include, path

from api.views import OpenApiDocument

app_name = "api"

urlpatterns = [
    path("openapi.json", OpenApiDocument.as_view(), name="openapi"),
    path("", include("api.standards.urls")),
    path("", include("api.governance.urls")),
    path("", include("api.organisations.urls")),
]
