"""Input and output of the write commands on change requests: filing one and the staff steps.

One input and one output serializer per command. An input serializer only parses what a single
field can check, with the limits and Dutch messages of the web forms
(``governance.forms.submission``, ``governance.forms.actions``), and turns references (a release
by its version, an article by its lasting identity, a change request by its number) into the
objects the service takes; ``source=`` names the service's keyword argument, so
``validated_data`` is what the service is called with. The rules of the domain (a text that must
differ from the current one, the amended wording a verdict needs, the release a request targets
after a missed deadline) stay in the services, whose ``InvalidInput`` errors the views report
under the camelCase name of the field they concern.

An output serializer says what the command did: the change request as the public list shows it,
the timeline event the step wrote (without its internal note) and what the step recorded besides
(the legal assessment, the practical review, the Q&A entry, …).
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.governance.serializers import (
    ChangeRequestSerializer,
    FaqAnswerSerializer,
    LegalAssessmentSerializer,
    PracticalReviewSerializer,
    TimelineEventSerializer,
)
from governance.constants import (
    Application,
    BurdenEffect,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
)
from governance.forms.submission import MAX_MOTIVATION_LENGTH, MAX_TEXT_LENGTH
from governance.models import ChangeRequest, TransitionEvent
from governance.targets import SubmissionTarget
from organisations.constants import OrganisationKind
from standards import selectors as standards_selectors
from standards.exceptions import InvalidVersion
from standards.models import ArticleVersion, DocumentVersion, Release


def _messages(required: str, **others: str) -> dict[str, str]:
    """The web form's message for a missing field, for every way a field can be missing."""
    return {"required": required, "blank": required, "null": required, **others}


def api_field_name(serializer: serializers.Serializer, service_field: str | None) -> str | None:
    """The camelCase input field that carries the service's keyword argument ``service_field``."""
    if service_field is None:
        return None
    for name, field in serializer.fields.items():
        if field.source == service_field or name == service_field:
            return name
    return None


# Filing a change request ------------------------------------------------------------------------


class ChangeRequestSubmitSerializer(serializers.Serializer):
    """A change request against one article of a release, or against a document (a new article).

    The release must be the one in force or the draft of the next one, as on the web. Without
    ``article`` the request proposes a new article in ``document``. An authenticated caller may
    leave out ``submitterName`` and ``submitterEmail``: the account's own are used, and with the
    account's own address the request needs no confirmation.
    """

    standard = serializers.SlugField(
        help_text="The slug of the standard, e.g. cs-wmo.",
        error_messages=_messages(_("Geef de standaard.")),
    )
    release = serializers.CharField(
        max_length=20,
        help_text=(
            "The version the request is written against: the release in force or the draft of "
            "the next one, e.g. 1.3."
        ),
        error_messages=_messages(_("Geef de versie.")),
    )
    article = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=(
            "The lasting identity of the article (the id of /articles/{id}). Leave out to propose "
            "a new article in `document`."
        ),
    )
    document = serializers.SlugField(
        required=False,
        help_text="The document of a proposed new article, e.g. deel-3; not needed with `article`.",
    )
    kind = serializers.ChoiceField(
        choices=ChangeKind.choices,
        help_text="`new_article` is the only kind without `article`.",
        error_messages=_messages(_("Kies de soort wijziging.")),
    )
    title = serializers.CharField(max_length=200, error_messages=_messages(_("Geef een titel.")))
    proposedText = serializers.CharField(
        source="proposed_text",
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=(
            "The whole proposed wording of the article (not a diff); leave empty to remove the "
            "article. It must differ from the current text."
        ),
    )
    motivation = serializers.CharField(
        max_length=MAX_MOTIVATION_LENGTH, error_messages=_messages(_("Geef een motivering."))
    )
    impact = serializers.ChoiceField(
        choices=ImpactClass.choices,
        help_text="The expected impact on running contracts.",
        error_messages=_messages(_("Kies de verwachte impact.")),
    )
    summary = serializers.CharField(
        max_length=MAX_MOTIVATION_LENGTH,
        help_text="One or two sentences in plain language.",
        error_messages=_messages(_("Geef een korte samenvatting.")),
    )
    submitterName = serializers.CharField(
        source="submitter_name",
        max_length=200,
        required=False,
        help_text="Required without authentication; never shown in any public representation.",
        error_messages=_messages(_("Geef uw naam.")),
    )
    submitterEmail = serializers.EmailField(
        source="submitter_email",
        max_length=254,
        required=False,
        help_text=(
            "Required without authentication. A confirmation link is sent here; the request "
            "counts only once it is confirmed. Never shown in any public representation."
        ),
        error_messages=_messages(
            _("Geef uw e-mailadres."),
            invalid=_("Geef een geldig e-mailadres, zoals naam@gemeente.nl."),
        ),
    )
    organisationName = serializers.CharField(
        source="organisation_name",
        max_length=200,
        error_messages=_messages(_("Geef uw organisatie.")),
    )
    organisationType = serializers.ChoiceField(
        source="organisation_type",
        choices=OrganisationKind.choices,
        error_messages=_messages(_("Kies de soort organisatie.")),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Who files (the account, or the name and address given) and what it is filed on."""
        user = self.context["request"].user
        if user.is_authenticated:
            attrs.setdefault("submitter_name", user.get_full_name() or user.get_username())
            attrs.setdefault("submitter_email", user.email)
        missing = {}
        if not attrs.get("submitter_name"):
            missing["submitterName"] = _("Geef uw naam.")
        if not attrs.get("submitter_email"):
            missing["submitterEmail"] = _("Geef uw e-mailadres.")
        if missing:
            raise serializers.ValidationError(missing)
        attrs.update(self._subject(attrs))
        return attrs

    def _subject(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The release, document and article version the request is written against."""
        try:
            release = standards_selectors.release_get(
                standard_slug=attrs.pop("standard"), version=attrs["release"]
            )
        except (Release.DoesNotExist, InvalidVersion):
            raise serializers.ValidationError(
                {
                    "release": _("Deze standaard heeft geen versie %(version)s.")
                    % {"version": attrs["release"]}
                }
            ) from None
        article_key = attrs.pop("article", None)
        document_slug = attrs.pop("document", None)
        if article_key is not None:
            version = (
                ArticleVersion.objects.select_related("document", "article")
                .filter(release=release, article__key=article_key)
                .first()
            )
            if version is None:
                raise serializers.ValidationError(
                    {
                        "article": _("Dit artikel staat niet in versie %(version)s.")
                        % {"version": attrs["release"]}
                    }
                )
            return {"release": release, "document": version.document, "article_version": version}
        if not document_slug:
            raise serializers.ValidationError(
                {"document": _("Geef het artikel, of het document voor een nieuw artikel.")}
            )
        document_version = (
            DocumentVersion.objects.select_related("document")
            .filter(release=release, document__slug=document_slug)
            .first()
        )
        if document_version is None:
            raise serializers.ValidationError(
                {
                    "document": _("Dit document hoort niet bij versie %(version)s.")
                    % {"version": attrs["release"]}
                }
            )
        return {"release": release, "document": document_version.document, "article_version": None}


@dataclass(frozen=True)
class Submission:
    change_request: ChangeRequest
    target: SubmissionTarget


class ChangeRequestSubmittedSerializer(serializers.Serializer):
    """A filed change request: its number, its state and the release it is meant for."""

    number = serializers.CharField(source="change_request.number")
    state = serializers.ChoiceField(
        source="change_request.state", choices=ChangeRequestState.choices
    )
    stateLabel = serializers.CharField(source="change_request.get_state_display")
    confirmationRequired = serializers.SerializerMethodField(
        help_text=(
            "True while the e-mail address is to be confirmed with the link just mailed to it; "
            "until then the request does not count and is not public."
        )
    )
    targetRelease = serializers.CharField(
        source="target.version",
        help_text="The release the request is meant for (the next one after a missed deadline).",
    )
    deadline = serializers.DateTimeField(
        source="target.deadline",
        allow_null=True,
        help_text="The submission deadline of the target release, if it has one.",
    )
    missedRelease = serializers.CharField(
        source="target.missed.version",
        allow_null=True,
        help_text="The release whose submission deadline had passed, if any.",
    )
    missedDeadline = serializers.DateTimeField(
        source="target.missed.submission_deadline", allow_null=True
    )
    url = serializers.SerializerMethodField(
        help_text="The public representation (found once the request is confirmed)."
    )

    @extend_schema_field(serializers.BooleanField())
    def get_confirmationRequired(self, submission: Submission) -> bool:
        return not submission.change_request.is_public

    @extend_schema_field(serializers.URLField())
    def get_url(self, submission: Submission) -> str:
        return change_request_url(self.context, submission.change_request)


def change_request_url(context: dict, change_request: ChangeRequest) -> str:
    path = reverse("api:change-request-detail", kwargs={"number": change_request.number})
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


# The staff steps --------------------------------------------------------------------------------


class StepInputSerializer(serializers.Serializer):
    """What every step takes: the state the caller saw the change request in (optional)."""

    seenState = serializers.ChoiceField(
        source="seen_state",
        choices=ChangeRequestState.choices,
        required=False,
        help_text=(
            "The state the caller last saw. When the request has moved on since, nothing is done "
            "and the answer is 409: a decision is never applied to a state the caller did not see."
        ),
    )


def _internal_note() -> serializers.CharField:
    return serializers.CharField(
        source="internal_note",
        required=False,
        allow_blank=True,
        default="",
        help_text="Only for staff; never public, never in any API response.",
    )


def _public_comment(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=kwargs.pop("help_text", "Appears in the public timeline."),
        **kwargs,
    )


class RequestInfoInputSerializer(StepInputSerializer):
    question = serializers.CharField(
        help_text="The question to the submitter: mailed to them and shown in the timeline.",
        error_messages=_messages(_("Schrijf uw vraag aan de indiener.")),
    )
    internalNote = _internal_note()


class ToLegalReviewInputSerializer(StepInputSerializer):
    comment = _public_comment()
    internalNote = _internal_note()


class ChangeRequestNumberField(serializers.SlugRelatedField):
    """A public change request by its number; spaces and case do not matter (as on the web)."""

    default_error_messages = {
        "does_not_exist": _("Er is geen wijzigingsverzoek met nummer %(value)s."),
        "invalid": _("Geef het nummer van een wijzigingsverzoek, zoals WV-2026-0012."),
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(slug_field="number", queryset=ChangeRequest.objects.public(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().upper()
        return super().to_internal_value(data)


class MergeInputSerializer(StepInputSerializer):
    into = ChangeRequestNumberField(
        help_text="The number of the request that stays, e.g. WV-2026-0012.",
        error_messages=_messages(_("Geef het nummer van het verzoek dat blijft.")),
    )
    comment = _public_comment(
        help_text="Appears in the public timeline; empty gives 'Samengevoegd met …'."
    )
    internalNote = _internal_note()


class AssessInputSerializer(StepInputSerializer):
    verdict = serializers.ChoiceField(
        choices=LegalVerdict.choices, error_messages=_messages(_("Kies een oordeel."))
    )
    motivation = serializers.CharField(
        help_text="Appears in the public timeline.",
        error_messages=_messages(_("Motiveer het juridische oordeel.")),
    )
    legalGrounds = serializers.CharField(
        source="legal_grounds",
        required=False,
        allow_blank=True,
        default="",
        help_text="One reference per line, e.g. art. 2.3.5 Wmo 2015.",
    )
    amendedText = serializers.CharField(
        source="amended_text",
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        max_length=MAX_TEXT_LENGTH,
        help_text="The amended wording; required with the verdict feasible_with_changes.",
    )
    internalNote = _internal_note()


class AdviseInputSerializer(StepInputSerializer):
    feasibility = serializers.ChoiceField(
        choices=PracticalFeasibility.choices,
        error_messages=_messages(_("Kies of de wijziging uitvoerbaar is.")),
    )
    burdenEffect = serializers.ChoiceField(
        source="burden_effect",
        choices=BurdenEffect.choices,
        error_messages=_messages(_("Kies het verwachte effect op de administratieve lasten.")),
    )
    advice = serializers.CharField(
        help_text="The advice to the steering group; appears in the public timeline.",
        error_messages=_messages(_("Geef het advies aan de stuurgroep.")),
    )
    internalNote = _internal_note()


class AnswerInFaqInputSerializer(StepInputSerializer):
    question = serializers.CharField(
        help_text="The question as published on the standard's Q&A page.",
        error_messages=_messages(_("Geef de vraag zoals gepubliceerd.")),
    )
    answer = serializers.CharField(
        help_text="Published on the Q&A page and in the timeline.",
        error_messages=_messages(_("Geef het antwoord.")),
    )
    internalNote = _internal_note()


class RejectInputSerializer(StepInputSerializer):
    motivation = serializers.CharField(
        help_text="Why the request is rejected; appears in the public timeline.",
        error_messages=_messages(_("Motiveer waarom het verzoek wordt afgewezen.")),
    )
    internalNote = _internal_note()


class DraftReleaseField(serializers.CharField):
    """A release of the change request's standard by its version (the service wants a draft)."""

    default_error_messages = {
        "not_a_draft": _("Kies het concept van een volgende versie van deze standaard."),
    }

    def to_internal_value(self, data) -> Release:
        version = super().to_internal_value(data)
        change_request = self.context["change_request"]
        try:
            return standards_selectors.release_get(
                standard_slug=change_request.standard.slug, version=version
            )
        except (Release.DoesNotExist, InvalidVersion):
            self.fail("not_a_draft")


class ScheduleInputSerializer(StepInputSerializer):
    release = DraftReleaseField(
        help_text="The version of the draft release to work the request into, e.g. 1.3.",
        error_messages=_messages(_("Kies de versie waarin het verzoek wordt verwerkt.")),
    )
    comment = _public_comment(
        help_text="Appears in the public timeline; empty gives 'Ingepland in versie …'."
    )


class ApplyInputSerializer(StepInputSerializer):
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        trim_whitespace=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=(
            "The text after applying. Leave out to take the proposal as it is, which works when "
            "the article did not change since the request was written; otherwise the answer is "
            "409 with the three texts, and the resolved text is sent here. For a new article: "
            "its text (default: the proposal)."
        ),
    )
    number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="The number of a new article (required for a new article only).",
    )
    title = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="The title of a new article (required for a new article only).",
    )
    comment = _public_comment()

    def validate_text(self, text: str | None) -> str | None:
        return text if text and text.strip() else None  # blank: take the proposal as it is


class SupplyInfoInputSerializer(StepInputSerializer):
    answer = serializers.CharField(
        help_text="The submitter's answer to the question; appears in the public timeline.",
        error_messages=_messages(_("Geef uw antwoord.")),
    )
    proposedText = serializers.CharField(
        source="proposed_text",
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        trim_whitespace=False,
        max_length=MAX_TEXT_LENGTH,
        help_text="A new proposed wording, if any: it makes a new revision of the request.",
    )


class WithdrawInputSerializer(StepInputSerializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the request is withdrawn; appears in the public timeline.",
    )


@dataclass(frozen=True)
class StepResult:
    """What a step did: the request as it is now, the event it wrote and what it recorded."""

    change_request: ChangeRequest
    event: TransitionEvent
    record: Any = None


class StepResultSerializer(serializers.Serializer):
    changeRequest = ChangeRequestSerializer(
        source="change_request", help_text="The change request in its new state."
    )
    event = TimelineEventSerializer(help_text="The step in the public timeline.")


class RequestInfoResultSerializer(StepResultSerializer):
    pass


class ToLegalReviewResultSerializer(StepResultSerializer):
    pass


class MergeResultSerializer(StepResultSerializer):
    mergedInto = serializers.CharField(
        source="change_request.merged_into.number",
        help_text="The number of the request that stays; its submitter now follows that one.",
    )


class AssessResultSerializer(StepResultSerializer):
    legalAssessment = LegalAssessmentSerializer(source="record")


class AdviseResultSerializer(StepResultSerializer):
    practicalReview = PracticalReviewSerializer(source="record")


class AnswerInFaqResultSerializer(StepResultSerializer):
    faqEntry = FaqAnswerSerializer(source="record", help_text="The published Q&A entry.")


class RejectResultSerializer(StepResultSerializer):
    pass


class ScheduleResultSerializer(StepResultSerializer):
    scheduledRelease = serializers.CharField(source="change_request.scheduled_release.version")


class AppliedArticleSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="article.key", help_text="The article's lasting identity.")
    number = serializers.CharField()
    title = serializers.CharField()
    release = serializers.CharField(source="release.version")


class ApplyResultSerializer(StepResultSerializer):
    application = serializers.ChoiceField(
        source="change_request.application",
        choices=Application.choices,
        help_text="clean: the proposal as it was; manual: the text sent in `text`.",
    )
    appliedArticle = AppliedArticleSerializer(
        source="change_request.applied_version",
        allow_null=True,
        help_text="The article version in the draft; null for a removal.",
    )


class SupplyInfoResultSerializer(StepResultSerializer):
    pass


class WithdrawResultSerializer(StepResultSerializer):
    pass
