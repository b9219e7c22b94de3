"""Admin of the change-request workflow.

The admin is the back office, not a second workflow: a change request's state only moves through
the services (admin actions call the same ones as the web pages, the API and the management
commands), and what those services write is shown read-only. The timeline (``TransitionEvent``)
is append-only; assessments, reviews and decisions are records of a judgement and are not edited
afterwards. What the secretariat may correct by hand: the wording of a request's title, summary
and submitter details, its due date, and the wording of a Q&A entry.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.exceptions import GovernanceError
from governance.models import (
    AgendaItem,
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    NumberSeries,
    PracticalReview,
    SteeringMeeting,
    TransitionEvent,
)
from governance.models.change_request import INTAKE
from governance.permissions import may_manage_meetings
from governance.services.change_requests import change_request_to_legal_review
from governance.services.steering import meeting_build_agenda, meeting_publish_decisions
from standards.history_admin import ReadOnlyHistoryAdmin


def _report(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    objects: QuerySet,
    run: Callable,
    done: str,
) -> None:
    """Run a service per selected object and report each outcome; a refusal is a message."""
    for obj in objects:
        try:
            run(obj)
        except GovernanceError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{obj}: {done}", messages.SUCCESS)


class ReadOnlyInline(admin.TabularInline):
    """Rows written by the services, shown on their parent's page and never edited there."""

    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record written only by the services: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class TransitionEventInline(ReadOnlyInline):
    model = TransitionEvent
    fields = [
        "created_at",
        "transition",
        "from_state",
        "to_state",
        "actor_role",
        "actor",
        "public_comment",
        "internal_note",
    ]
    ordering = ["created_at", "pk"]


class LegalAssessmentInline(ReadOnlyInline):
    model = LegalAssessment
    fields = [
        "revision",
        "verdict",
        "motivation",
        "legal_grounds",
        "amended_text",
        "assessed_by",
        "assessed_at",
    ]


class PracticalReviewInline(ReadOnlyInline):
    model = PracticalReview
    fields = ["revision", "feasibility", "burden_effect", "advice", "reviewed_by", "reviewed_at"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "title", "state", "standard", "organisation_type", "due_on"]
    list_filter = ["state", "standard", "organisation_type", "kind", "impact"]
    list_select_related = ["standard"]
    search_fields = ["number", "title"]
    ordering = ["-year", "-sequence"]
    inlines = [TransitionEventInline, LegalAssessmentInline, PracticalReviewInline]
    actions = ["to_legal_review"]
    # The state moves only through the services (the field is protected besides); what the
    # request is about and where the workflow put it are set by the services too. The proposed
    # wording changes only as a new revision from the submitter (supply_info), so that a legal
    # assessment always names the text it judged.
    readonly_fields = [
        "number",
        "state",
        "standard",
        "document",
        "article",
        "base_release",
        "base_version",
        "target_version",
        "proposed_text",
        "revision",
        "submitter_user",
        "confirmed_at",
        "submitted_at",
        "merged_into",
        "scheduled_release",
        "decided_at",
        "updated_at",
        # What the workflow decided on; changing them here would bypass it.
        "kind",
        "impact",
        "motivation",
        "base_text",
        "applied_version",
        "application",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["number", "state", "due_on", "title", "summary", "kind", "impact"]},
        ),
        (
            gettext_lazy("Voorstel"),
            {
                "fields": [
                    "standard",
                    "document",
                    "article",
                    "base_release",
                    "base_version",
                    "target_version",
                    "revision",
                    "base_text",
                    "proposed_text",
                    "motivation",
                    "applied_version",
                    "application",
                ]
            },
        ),
        (
            gettext_lazy("Indiener"),
            {
                "fields": [
                    "submitter_name",
                    "submitter_email",
                    "organisation_name",
                    "organisation_type",
                    "submitter_user",
                ]
            },
        ),
        (
            gettext_lazy("Verloop"),
            {
                "fields": [
                    "submitted_at",
                    "confirmed_at",
                    "merged_into",
                    "scheduled_release",
                    "decided_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # filed through the submission form: number, target and tracking code

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # kept with their timeline; a submitter withdraws instead

    def has_intake_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(INTAKE)

    def save_model(self, request: HttpRequest, obj: ChangeRequest, form, change: bool) -> None:
        obj._change_reason = _("Gecorrigeerd in het beheer")
        super().save_model(request, obj, form, change)

    @admin.action(
        description=gettext_lazy("Doorzetten naar juridische toets"), permissions=["intake"]
    )
    def to_legal_review(self, request: HttpRequest, queryset: QuerySet[ChangeRequest]) -> None:
        _report(
            self,
            request,
            queryset.order_by("year", "sequence"),
            lambda change_request: change_request_to_legal_review(
                change_request=change_request, by=request.user
            ),
            _("doorgezet naar juridische toets."),
        )


@admin.register(TransitionEvent)
class TransitionEventAdmin(ReadOnlyAdmin):
    """The timeline is append-only: every transition writes one event, nothing rewrites it."""

    list_display = [
        "change_request",
        "transition",
        "from_state",
        "to_state",
        "actor_role",
        "actor",
        "created_at",
    ]
    list_filter = ["transition", "to_state", "actor_role"]
    list_select_related = ["change_request", "actor"]
    search_fields = ["change_request__number"]
    date_hierarchy = "created_at"


@admin.register(LegalAssessment)
class LegalAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["change_request", "revision", "verdict", "assessed_by", "assessed_at"]
    list_filter = ["verdict"]
    list_select_related = ["change_request", "assessed_by"]
    search_fields = ["change_request__number"]


@admin.register(PracticalReview)
class PracticalReviewAdmin(ReadOnlyAdmin):
    list_display = [
        "change_request",
        "revision",
        "feasibility",
        "burden_effect",
        "reviewed_by",
        "reviewed_at",
    ]
    list_filter = ["feasibility", "burden_effect"]
    list_select_related = ["change_request", "reviewed_by"]
    search_fields = ["change_request__number"]


@admin.register(FaqEntry)
class FaqEntryAdmin(ReadOnlyHistoryAdmin):
    """The secretariat may correct the wording of a published question and answer."""

    list_display = ["__str__", "standard", "change_request", "published_at"]
    list_filter = ["standard"]
    list_select_related = ["standard", "change_request"]
    search_fields = ["question", "answer", "change_request__number"]
    raw_id_fields = ["article"]
    readonly_fields = ["change_request", "published_at"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is not None:
            return [*self.readonly_fields, "standard", "article"]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # An entry that answers a change request is that request's outcome.
        if obj is not None and obj.change_request_id is not None:
            return False
        return super().has_delete_permission(request, obj)


class AgendaItemInline(ReadOnlyInline):
    """Built by "agenda opstellen", decided per item on the meeting page (the services)."""

    model = AgendaItem
    fields = ["position", "change_request", "outcome", "motivation", "decided_by", "decided_at"]
    ordering = ["position"]


@admin.register(SteeringMeeting)
class SteeringMeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "held_on", "location", "decisions_published_at"]
    date_hierarchy = "held_on"
    readonly_fields = ["decisions_published_at", "created_at"]
    inlines = [AgendaItemInline]
    actions = ["build_agenda", "publish_decisions"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Once the decision list is published the meeting is a record (the services agree).
        if obj is not None and obj.decisions_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A meeting with an agenda holds decisions (or their history); only an empty one goes.
        if obj is None or obj.agenda_items.exists():
            return False
        return super().has_delete_permission(request, obj)

    def has_manage_permission(self, request: HttpRequest) -> bool:
        return may_manage_meetings(request.user)

    @admin.action(description=gettext_lazy("Agenda opstellen"), permissions=["manage"])
    def build_agenda(self, request: HttpRequest, queryset: QuerySet[SteeringMeeting]) -> None:
        for meeting in queryset:
            try:
                items = meeting_build_agenda(meeting=meeting, by=request.user)
            except GovernanceError as error:
                self.message_user(request, f"{meeting}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(meeting)s: %(count)d verzoeken op de agenda gezet.")
                    % {"meeting": meeting, "count": len(items)},
                    messages.SUCCESS,
                )

    @admin.action(description=gettext_lazy("Besluitenlijst publiceren"), permissions=["manage"])
    def publish_decisions(self, request: HttpRequest, queryset: QuerySet[SteeringMeeting]) -> None:
        _report(
            self,
            request,
            queryset,
            lambda meeting: meeting_publish_decisions(meeting=meeting, by=request.user),
            _("besluitenlijst gepubliceerd."),
        )


@admin.register(NumberSeries)
class NumberSeriesAdmin(ReadOnlyAdmin):
    """Numbers are handed out without gaps by the submission service; never set by hand."""

    list_display = ["year", "last_sequence"]
