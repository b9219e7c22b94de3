"""What the API shows of change requests, decision lists, Q&A entries and deadlines.

Only what the public web pages show: a change request's submitter (name, e-mail address,
account) and the internal notes of its timeline are never part of any representation here, and a
timeline names who took a step by role only. Field names are English camelCase; states and other
choices keep their stored code with a Dutch ``…Label`` beside it; datetimes carry their offset.

All serializers are output serializers (the API is read-only in this increment); the list
parameters are the FilterSets of ``api.governance.filters``.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance import selectors
from governance.constants import (
    ActorRole,
    BurdenEffect,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
    SteeringOutcome,
)
from governance.models import AgendaItem, ChangeRequest, FaqEntry
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ArticleReferenceSerializer(serializers.Serializer):
    """An article by its lasting identity, with the number and title it had in ``release``."""

    id = serializers.UUIDField(
        help_text="The article's lasting identity (the id of /articles/{id})."
    )
    number = serializers.CharField(allow_null=True, help_text="The number in `release`.")
    title = serializers.CharField(allow_null=True)
    release = serializers.CharField(
        allow_null=True, help_text="The release in which the article had this number and title."
    )


def article_reference(change_request: ChangeRequest | None, article=None) -> dict | None:
    """The article a change request (or a Q&A entry through it) is about, as written against."""
    article = article or (change_request.article if change_request else None)
    if article is None:
        return None
    version = change_request.base_version if change_request else None
    if version is not None and version.article_id != article.pk:
        version = None  # a Q&A entry about another article than its request was written against
    return {
        "id": article.key,
        "number": version.number if version else None,
        "title": version.title if version else None,
        "release": change_request.base_release.version if version else None,
    }


class ChangeRequestSerializer(serializers.Serializer):
    """A row of the list: what the public web list shows, and the addresses of the request."""

    number = serializers.CharField(help_text="The number, e.g. WV-2026-0042.")
    title = serializers.CharField()
    summary = serializers.CharField(help_text="Summary in plain language.")
    state = serializers.ChoiceField(choices=ChangeRequestState.choices)
    stateLabel = serializers.CharField(source="get_state_display")
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    kindLabel = serializers.CharField(source="get_kind_display")
    standard = serializers.SlugField(source="standard.slug")
    document = serializers.SlugField(source="document.slug")
    article = serializers.SerializerMethodField()
    targetRelease = serializers.CharField(
        source="target_version",
        help_text="The first release the request could still be filed for.",
    )
    scheduledRelease = serializers.CharField(
        source="scheduled_release.version",
        allow_null=True,
        help_text="The release the approved request is scheduled for.",
    )
    organisationType = serializers.ChoiceField(
        source="organisation_type", choices=OrganisationKind.choices
    )
    organisationTypeLabel = serializers.CharField(source="get_organisation_type_display")
    submittedAt = serializers.DateTimeField(source="submitted_at", allow_null=True)
    updatedAt = serializers.DateTimeField(source="updated_at")
    url = serializers.HyperlinkedIdentityField(
        view_name="api:change-request-detail", lookup_field="number"
    )
    webUrl = serializers.SerializerMethodField()

    @extend_schema_field(ArticleReferenceSerializer(allow_null=True))
    def get_article(self, change_request: ChangeRequest) -> dict | None:
        return article_reference(change_request)

    @extend_schema_field(serializers.URLField())
    def get_webUrl(self, change_request: ChangeRequest) -> str:
        return _absolute(self.context, change_request.get_absolute_url())


class TimelineEventSerializer(serializers.Serializer):
    """One step of the public timeline; never the internal note, never a person's name."""

    fromState = serializers.ChoiceField(source="from_state", choices=ChangeRequestState.choices)
    fromStateLabel = serializers.CharField(source="get_from_state_display")
    toState = serializers.ChoiceField(source="to_state", choices=ChangeRequestState.choices)
    toStateLabel = serializers.CharField(source="get_to_state_display")
    at = serializers.DateTimeField(source="created_at")
    publicComment = serializers.CharField(source="public_comment", allow_blank=True)
    role = serializers.ChoiceField(source="actor_role", choices=ActorRole.choices)
    roleLabel = serializers.CharField(source="get_actor_role_display")


class LegalAssessmentSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The revision of the proposal that was judged.")
    verdict = serializers.ChoiceField(choices=LegalVerdict.choices)
    verdictLabel = serializers.CharField(source="get_verdict_display")
    motivation = serializers.CharField()
    legalGrounds = serializers.ListField(source="grounds", child=serializers.CharField())
    amendedText = serializers.CharField(
        source="amended_text",
        allow_blank=True,
        help_text="The amended wording when the verdict is feasible_with_changes.",
    )
    assessedAt = serializers.DateTimeField(source="assessed_at")


class PracticalReviewSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    feasibility = serializers.ChoiceField(choices=PracticalFeasibility.choices)
    feasibilityLabel = serializers.CharField(source="get_feasibility_display")
    burdenEffect = serializers.ChoiceField(source="burden_effect", choices=BurdenEffect.choices)
    burdenEffectLabel = serializers.CharField(source="get_burden_effect_display")
    advice = serializers.CharField(help_text="The advice to the steering group.")
    reviewedAt = serializers.DateTimeField(source="reviewed_at")


class SteeringDecisionSerializer(serializers.Serializer):
    """The steering group's decision on the request in one meeting with a published list."""

    decisionList = serializers.IntegerField(
        source="meeting_id", help_text="The id of the decision list (/decision-lists/{id})."
    )
    heldOn = serializers.DateField(source="meeting.held_on")
    outcome = serializers.ChoiceField(choices=SteeringOutcome.choices)
    outcomeLabel = serializers.CharField(source="get_outcome_display")
    motivation = serializers.CharField(allow_blank=True)


class FaqAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    publishedAt = serializers.DateTimeField(source="published_at")


class ChangeRequestDetailSerializer(ChangeRequestSerializer):
    """One request as its public page shows it, with its reviews, decisions and timeline."""

    impact = serializers.ChoiceField(choices=ImpactClass.choices)
    impactLabel = serializers.CharField(source="get_impact_display")
    revision = serializers.IntegerField(
        help_text="The revision of the proposal (raised when the submitter supplies a new text)."
    )
    baseText = serializers.CharField(
        source="base_text",
        allow_blank=True,
        help_text="The article text the request was written against.",
    )
    proposedText = serializers.CharField(source="proposed_text", allow_blank=True)
    motivation = serializers.CharField()
    organisationName = serializers.CharField(source="organisation_name")
    mergedInto = serializers.CharField(
        source="merged_into.number",
        allow_null=True,
        help_text="The request this one was merged into.",
    )
    mergedRequests = serializers.SerializerMethodField()
    legalAssessments = LegalAssessmentSerializer(source="legal_assessments.all", many=True)
    practicalReviews = PracticalReviewSerializer(source="practical_reviews.all", many=True)
    steeringDecisions = serializers.SerializerMethodField()
    faqAnswer = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mergedRequests(self, change_request: ChangeRequest) -> list[str]:
        return [other.number for other in change_request.merged_requests.all()]

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, change_request: ChangeRequest) -> list[dict]:
        events = selectors.timeline(change_request)
        return TimelineEventSerializer(events, many=True, context=self.context).data

    @extend_schema_field(SteeringDecisionSerializer(many=True))
    def get_steeringDecisions(self, change_request: ChangeRequest) -> list[dict]:
        # Only decisions of a published list: before that the decision is not yet public.
        decided = [
            item
            for item in change_request.agenda_items.all()
            if item.outcome and item.meeting.decisions_published
        ]
        return SteeringDecisionSerializer(decided, many=True, context=self.context).data

    @extend_schema_field(FaqAnswerSerializer(allow_null=True))
    def get_faqAnswer(self, change_request: ChangeRequest) -> dict | None:
        if change_request.state != ChangeRequestState.ANSWERED:
            return None
        try:
            entry = change_request.faq_entry
        except FaqEntry.DoesNotExist:
            return None
        return FaqAnswerSerializer(entry, context=self.context).data


class DecisionSerializer(serializers.Serializer):
    """One line of a decision list: the request, the decision and its motivation."""

    position = serializers.IntegerField(help_text="The position on the agenda.")
    changeRequest = serializers.CharField(source="change_request.number")
    changeRequestTitle = serializers.CharField(source="change_request.title")
    changeRequestUrl = serializers.SerializerMethodField()
    standard = serializers.SlugField(source="change_request.standard.slug")
    article = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(choices=SteeringOutcome.choices)
    outcomeLabel = serializers.CharField(source="get_outcome_display")
    motivation = serializers.CharField(allow_blank=True)

    @extend_schema_field(serializers.URLField())
    def get_changeRequestUrl(self, item: AgendaItem) -> str:
        path = reverse("api:change-request-detail", kwargs={"number": item.change_request.number})
        return _absolute(self.context, path)

    @extend_schema_field(ArticleReferenceSerializer(allow_null=True))
    def get_article(self, item: AgendaItem) -> dict | None:
        return article_reference(item.change_request)


class DecisionListSerializer(serializers.Serializer):
    """A steering meeting whose decision list (besluitenlijst) is published."""

    id = serializers.IntegerField()
    heldOn = serializers.DateField(source="held_on")
    location = serializers.CharField(allow_blank=True)
    publishedAt = serializers.DateTimeField(source="decisions_published_at")
    decisionCount = serializers.IntegerField(source="item_count")
    url = serializers.HyperlinkedIdentityField(
        view_name="api:decision-list-detail", lookup_url_kwarg="id"
    )
    webUrl = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_webUrl(self, meeting) -> str:
        return _absolute(
            self.context, reverse("governance:decision_list", kwargs={"pk": meeting.pk})
        )


class DecisionListDetailSerializer(DecisionListSerializer):
    decisions = DecisionSerializer(source="agenda_items.all", many=True)


class FaqEntrySerializer(serializers.Serializer):
    """A published question and answer (vraag en antwoord) of a standard."""

    id = serializers.IntegerField()
    standard = serializers.SlugField(source="standard.slug")
    question = serializers.CharField()
    answer = serializers.CharField()
    publishedAt = serializers.DateTimeField(source="published_at")
    article = serializers.SerializerMethodField()
    changeRequest = serializers.CharField(
        source="change_request.number",
        allow_null=True,
        help_text="The change request this answer concluded.",
    )
    webUrl = serializers.SerializerMethodField()

    @extend_schema_field(ArticleReferenceSerializer(allow_null=True))
    def get_article(self, entry: FaqEntry) -> dict | None:
        return article_reference(entry.change_request, entry.article)

    @extend_schema_field(serializers.URLField())
    def get_webUrl(self, entry: FaqEntry) -> str:
        path = reverse("governance:faq", kwargs={"standard": entry.standard.slug})
        return _absolute(self.context, f"{path}#vraag-{entry.pk}")


class DeadlineKind:
    """What a date in the calendar of deadlines is (the iCalendar agenda has the same three)."""

    SUBMISSION_DEADLINE = "submission_deadline"
    EFFECTIVE_DATE = "effective_date"
    IMPLEMENTATION_DEADLINE = "implementation_deadline"

    CHOICES = [
        (SUBMISSION_DEADLINE, _("Laatste moment voor wijzigingsverzoeken")),
        (EFFECTIVE_DATE, _("Ingangsdatum")),
        (IMPLEMENTATION_DEADLINE, _("Einde implementatietermijn")),
    ]
    LABELS = dict(CHOICES)


class DeadlineSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text=(
            "Lasting identifier: the UID of the same event in the iCalendar agenda, "
            "without its domain."
        )
    )
    kind = serializers.ChoiceField(choices=DeadlineKind.CHOICES)
    kindLabel = serializers.CharField(source="kind_label")
    date = serializers.DateField(help_text="The date in Europe/Amsterdam.")
    at = serializers.DateTimeField(
        allow_null=True,
        help_text="The moment, for a submission deadline only (23:59 Europe/Amsterdam).",
    )
    standard = serializers.SlugField(source="release.standard.slug")
    release = serializers.CharField(source="release.version")
    releaseState = serializers.ChoiceField(source="release.state", choices=ReleaseState.choices)
    webUrl = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_webUrl(self, deadline) -> str:
        return _absolute(self.context, deadline.release.get_absolute_url())
