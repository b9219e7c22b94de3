"""Authenticated read endpoints: organisations, their contracts and where each stands.

Who reads what is ``api.organisations.access``: over a session the portal's own rule, over an API
key the same narrowed to the key's organisations (for an integrator: exactly those). A key needs
the scope ``organisations:read``. Without credentials the answer is 401 with a ``Bearer``
challenge; an organisation or contract the caller may not read is a 404, exactly like one that
does not exist, so that slugs cannot be probed.

Each endpoint reads a fixed number of queries however many contracts, providers, moves or
responses there are; obligations are computed in Python from the contracts and the published
releases of their standards (``organisations.selectors.contract_obligations``). Nothing here is
cached by shared caches: ``Cache-Control: private, no-cache``.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

import django_filters
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import ApiKey, ApiScope
from api.organisations import serializers
from api.organisations.access import organisations_readable
from organisations import selectors
from organisations.constants import OrganisationKind
from organisations.models import Contract, Organisation

TAG = "Organisaties"
PRIVATE = "private, no-cache"

SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The organisation's address name, e.g. gemeente-utrecht.",
)
CONTRACT_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The contract's id (from its url)."
)
UNAUTHENTICATED = OpenApiResponse(
    description="Niet geauthenticeerd: geen, een ongeldige, ingetrokken of verlopen sleutel."
)
NO_SCOPE = OpenApiResponse(description="The API key lacks the scope organisations:read.")
NOT_READABLE = OpenApiResponse(
    description="No organisation with this slug that the caller may read (also when it exists)."
)
AUTHENTICATED = (
    "Needs a session or an API key with the scope `organisations:read`. Organisation contacts "
    "read their own organisations (and the regions their municipality belongs to), the "
    "secretariat all; an API key that names organisations reads only those (an integrator's key: "
    "exactly those)."
)


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices, help_text="Only organisations of this kind."
    )

    class Meta:
        model = Organisation
        fields = ["kind"]


class OrganisationAccess:
    """What the four endpoints share: who may call them, and which organisations they see."""

    permission_classes = [IsAuthenticated]
    required_scopes = {"GET": ApiScope.ORGANISATIONS_READ}

    def readable(self) -> QuerySet[Organisation]:
        api_key = self.request.auth if isinstance(self.request.auth, ApiKey) else None
        return organisations_readable(self.request.user, api_key)

    def organisation(self, slug: str, queryset: QuerySet[Organisation] | None = None):
        try:
            return (queryset if queryset is not None else self.readable()).get(slug=slug)
        except Organisation.DoesNotExist as error:
            raise NotFound(_("Deze organisatie bestaat niet.")) from error

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(
                _("Meld u aan: met een API-sleutel (Authorization: Bearer …) of in het portaal.")
            )
        super().permission_denied(request, message, code)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = PRIVATE
        response.setdefault("Vary", "Authorization, Cookie")
        return response


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        operation_id="listOrganisations",
        summary="List the organisations the caller may read",
        description=f"Sorted by name. {AUTHENTICATED}",
        responses={
            200: serializers.OrganisationSerializer(many=True),
            401: UNAUTHENTICATED,
            403: NO_SCOPE,
        },
    )
)
class OrganisationList(OrganisationAccess, generics.ListAPIView):
    serializer_class = serializers.OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return self.readable().order_by("name", "pk")


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        operation_id="getOrganisation",
        summary="Get one organisation",
        description=(
            "Its data, and a region's member municipalities or the regions a municipality belongs "
            f"to. {AUTHENTICATED}"
        ),
        parameters=[SLUG],
        responses={
            200: serializers.OrganisationDetailSerializer,
            401: UNAUTHENTICATED,
            403: NO_SCOPE,
            404: NOT_READABLE,
        },
    )
)
class OrganisationDetail(OrganisationAccess, generics.GenericAPIView):
    serializer_class = serializers.OrganisationDetailSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, slug: str) -> Response:
        by_name = Organisation.objects.order_by("name")
        organisation = self.organisation(
            slug,
            self.readable().prefetch_related(
                Prefetch("municipalities", queryset=by_name),
                Prefetch("regions", queryset=by_name),
            ),
        )
        return Response(self.get_serializer(organisation).data)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        operation_id="listContracts",
        summary="List the contracts that bind an organisation, with where each stands",
        description=(
            "The organisation's own contracts and, for a municipality, those of the regions it "
            "belongs to (`organisation` names the holder). Each with the release it is on and its "
            "obligation today (Europe/Amsterdam): `up_to_date`, `due` or `overdue`, the release to "
            "move to, the deadline of the implementation term (art. 3.30) and the days left "
            "(negative once passed); `status` is null for a contract that has ended. Sorted by "
            f"standard, holder and name. {AUTHENTICATED}"
        ),
        parameters=[SLUG],
        responses={
            200: serializers.ContractSerializer(many=True),
            401: UNAUTHENTICATED,
            403: NO_SCOPE,
            404: NOT_READABLE,
        },
    )
)
class ContractList(OrganisationAccess, generics.GenericAPIView):
    serializer_class = serializers.ContractSerializer
    filter_backends: list = []

    def get(self, request: Request, slug: str) -> Response:
        organisation = self.organisation(slug)
        page = self.paginate_queryset(selectors.contracts_binding(organisation))
        obligations = selectors.contract_obligations(page)
        return self.get_paginated_response(self.get_serializer(obligations, many=True).data)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        operation_id="getContract",
        summary="Get one contract with its moves and the providers' responses",
        description=(
            "A contract held by the organisation (a region's contract is read under the region), "
            "with its obligation today, its recorded moves to newer releases and the providers' "
            "answers to releases (art. 3.30.4: a refusal ends the contract with that provider per "
            f"the release's effective date). {AUTHENTICATED}"
        ),
        parameters=[SLUG, CONTRACT_ID],
        responses={
            200: serializers.ContractDetailSerializer,
            401: UNAUTHENTICATED,
            403: NO_SCOPE,
            404: OpenApiResponse(
                description="No such contract of an organisation the caller may read."
            ),
        },
    )
)
class ContractDetail(OrganisationAccess, generics.GenericAPIView):
    serializer_class = serializers.ContractDetailSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, slug: str, id: int) -> Response:
        organisation = self.organisation(slug)
        try:
            contract = selectors.contract_get(organisation=organisation, pk=id)
        except Contract.DoesNotExist as error:
            raise NotFound(_("Dit contract bestaat niet.")) from error
        [obligation] = selectors.contract_obligations([contract])
        return Response(self.get_serializer(obligation).data)
