"""How organisations and their contracts read over the API: output serializers only.

A contract is listed with its **obligation** on today's date (``organisations.obligations``):
``status`` (``up_to_date``, ``due``, ``overdue``; ``null`` once the contract has ended), the
``targetRelease`` to move to, the ``deadline`` (the end of the implementation term, art. 3.30)
and ``daysLeft`` (negative once it has passed). A municipality's list also holds the contracts
of the regions it belongs to: ``organisation`` names the holder, and ``url`` is the contract
under its holder.

Only what the portal's organisation pages show; never who recorded a move or a response.
"""

from django.urls import reverse

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organisations.constants import (
    ObligationStatus,
    OrganisationKind,
    ProcurementType,
    ProviderResponseKind,
)
from organisations.models import Organisation


def _absolute(field: serializers.Field, path: str) -> str:
    request = field.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def organisation_path(slug: str) -> str:
    return reverse("api:organisations:organisation-detail", kwargs={"slug": slug})


def contracts_path(slug: str) -> str:
    return reverse("api:organisations:contract-list", kwargs={"slug": slug})


def contract_path(slug: str, pk: int) -> str:
    return reverse("api:organisations:contract-detail", kwargs={"slug": slug, "id": pk})


def release_path(standard_slug: str, version: str) -> str:
    return reverse(
        "api:standards:release-detail", kwargs={"slug": standard_slug, "version": version}
    )


@extend_schema_field(OpenApiTypes.URI)
class BlankAsNullMixin:
    """An optional text the model keeps as "" goes out as null: "" is no e-mail address or URL,
    and the document's ``format`` says what a present value looks like."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class OptionalEmailField(BlankAsNullMixin, serializers.EmailField):
    pass


class OptionalURLField(BlankAsNullMixin, serializers.URLField):
    pass


@extend_schema_field(OpenApiTypes.URI)
class _Link(serializers.Field):
    """An absolute address computed from the object by ``path`` (read-only)."""

    def __init__(self, path, **kwargs) -> None:
        self.path = path
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return _absolute(self, self.path(value))


# --- Organisations -------------------------------------------------------------------------------


class OrganisationReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = _Link(lambda organisation: organisation_path(organisation.slug))


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text="The organisation's lasting address name.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    kindLabel = serializers.CharField(source="get_kind_display")
    cbsCode = serializers.CharField(
        source="cbs_code", allow_null=True, help_text="Municipalities only, e.g. GM0363."
    )
    province = serializers.CharField(help_text="Municipalities only; empty otherwise.")
    kvkNumber = serializers.CharField(source="kvk_number", help_text="Empty when unknown.")
    active = serializers.BooleanField(
        help_text="False for a municipality that merged into another: kept for its contracts."
    )
    url = _Link(lambda organisation: organisation_path(organisation.slug))
    contractsUrl = _Link(lambda organisation: contracts_path(organisation.slug))


class OrganisationDetailSerializer(OrganisationSerializer):
    email = OptionalEmailField(allow_null=True, help_text="The general address; null when unknown.")
    website = OptionalURLField(allow_null=True, help_text="Null when unknown.")
    municipalities = serializers.SerializerMethodField(
        help_text="A region's member municipalities; empty for others."
    )
    regions = serializers.SerializerMethodField(
        help_text="The regions a municipality belongs to; empty for others."
    )

    @extend_schema_field(OrganisationReferenceSerializer(many=True))
    def get_municipalities(self, organisation: Organisation) -> list[dict]:
        members = organisation.municipalities.all() if organisation.is_region else ()
        return OrganisationReferenceSerializer(members, many=True, context=self.context).data

    @extend_schema_field(OrganisationReferenceSerializer(many=True))
    def get_regions(self, organisation: Organisation) -> list[dict]:
        regions = (
            organisation.regions.all() if organisation.kind == OrganisationKind.MUNICIPALITY else ()
        )
        return OrganisationReferenceSerializer(regions, many=True, context=self.context).data


# --- Contracts ---------------------------------------------------------------------------------


class ContractStandardSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ContractReleaseSerializer(serializers.Serializer):
    """A release of the contract's standard; ``context["standard_slug"]`` names the standard
    (the contract's), so the release's own standard need not be loaded."""

    version = serializers.CharField(help_text="MAJOR.MINOR, e.g. 1.2.")
    implementationDeadline = serializers.DateField(
        source="implementation_deadline",
        allow_null=True,
        help_text="The last day of the implementation term (art. 3.30).",
    )
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, release) -> str:
        return _absolute(self, release_path(self.context["standard_slug"], release.version))


class ObligationSerializer(serializers.Serializer):
    """What the contract must do by when, today (Europe/Amsterdam)."""

    status = serializers.ChoiceField(
        choices=ObligationStatus.choices,
        allow_null=True,
        help_text="null once the contract has ended.",
    )
    statusLabel = serializers.SerializerMethodField()
    targetRelease = serializers.SerializerMethodField(
        help_text="The release to move to; null when up to date."
    )
    deadline = serializers.DateField(
        allow_null=True, help_text="By when to be on the first missed release."
    )
    daysLeft = serializers.IntegerField(
        source="days_left", allow_null=True, help_text="Negative once the deadline has passed."
    )
    missedVersions = serializers.SerializerMethodField(
        help_text="The published releases after the contract's own, up to the target."
    )
    on = serializers.DateField(source="at", help_text="The day the obligation is measured on.")

    def get_statusLabel(self, obligation) -> str | None:
        return None if obligation.status is None else str(obligation.status.label)

    @extend_schema_field(ContractReleaseSerializer(allow_null=True))
    def get_targetRelease(self, obligation) -> dict | None:
        if obligation.target is None:
            return None
        return ContractReleaseSerializer(
            obligation.target,
            context=self.context | {"standard_slug": obligation.contract.standard.slug},
        ).data

    def get_missedVersions(self, obligation) -> list[str]:
        return [release.version for release in obligation.missed]


class ContractSerializer(serializers.Serializer):
    """A contract with its obligation; the object is an ``Obligation`` (``.contract``)."""

    id = serializers.IntegerField(source="contract.pk")
    name = serializers.CharField(source="contract.name")
    organisation = OrganisationReferenceSerializer(
        source="contract.organisation",
        help_text="Who holds the contract: the organisation itself, or a region it belongs to.",
    )
    standard = ContractStandardSerializer(source="contract.standard")
    procurementType = serializers.ChoiceField(
        source="contract.procurement_type", choices=ProcurementType.choices
    )
    startsOn = serializers.DateField(source="contract.starts_on")
    endsOn = serializers.DateField(source="contract.ends_on", allow_null=True)
    release = serializers.SerializerMethodField(help_text="The release the contract is on now.")
    providers = OrganisationReferenceSerializer(source="contract.providers", many=True)
    obligation = ObligationSerializer(source="*")
    url = _Link(
        lambda obligation: contract_path(
            obligation.contract.organisation.slug, obligation.contract.pk
        )
    )

    @extend_schema_field(ContractReleaseSerializer)
    def get_release(self, obligation) -> dict:
        contract = obligation.contract
        return ContractReleaseSerializer(
            contract.release, context=self.context | {"standard_slug": contract.standard.slug}
        ).data


class ContractMoveSerializer(serializers.Serializer):
    fromVersion = serializers.CharField(source="from_release.version")
    toVersion = serializers.CharField(source="to_release.version")
    movedOn = serializers.DateField(source="moved_on")


class ProviderResponseSerializer(serializers.Serializer):
    """A provider's answer to a release (art. 3.30.4): a refusal ends the contract with it."""

    provider = OrganisationReferenceSerializer()
    version = serializers.CharField(source="release.version")
    kind = serializers.ChoiceField(choices=ProviderResponseKind.choices)
    reason = serializers.CharField(help_text="Why it refused; empty when it accepted.")
    respondedOn = serializers.DateField(source="responded_on")


class ContractDetailSerializer(ContractSerializer):
    moves = serializers.SerializerMethodField(
        help_text="Its moves to newer releases, oldest first."
    )
    providerResponses = serializers.SerializerMethodField(
        help_text="The providers' answers to releases, newest release first."
    )

    @extend_schema_field(ContractMoveSerializer(many=True))
    def get_moves(self, obligation) -> list[dict]:
        moves = sorted(obligation.contract.moves.all(), key=lambda m: (m.moved_on, m.pk))
        return ContractMoveSerializer(moves, many=True).data

    @extend_schema_field(ProviderResponseSerializer(many=True))
    def get_providerResponses(self, obligation) -> list[dict]:
        responses = sorted(
            obligation.contract.responses.all(),
            key=lambda r: (-r.release.version_major, -r.release.version_minor, r.provider.name),
        )
        return ProviderResponseSerializer(responses, many=True, context=self.context).data
