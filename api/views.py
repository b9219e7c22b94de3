"""The OpenAPI document itself, at ``/api/v1/openapi.json``: public, no login."""

from drf_spectacular.utils import OpenApiResponse, OpenApiTypes, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny


class OpenApiDocument(SpectacularJSONAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="openapi_document",
        summary="Het OpenAPI-document van deze API",
        description="De beschrijving van alle endpoints (OpenAPI 3), zonder authenticatie.",
        tags=["API"],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="OpenAPI 3-document")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
