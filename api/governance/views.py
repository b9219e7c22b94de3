"""Read endpoints of the governance resources: change requests, decision lists, Q&A, deadlines.

Everything here is public and read-only, and shows what the public web pages show: confirmed
change requests with their public timeline (``governance.views.public``), the decision lists the
steering group published (``governance.views.steering``), the published Q&A entries
(``governance.views.faq``) and the dates of the iCalendar agenda (``notifications.calendars``).
Each list reads a fixed number of queries however many rows it has; the tests pin them.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from django_filters.utils import translate_validation
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.governance.filters import ChangeRequestApiFilter, DeadlineFilter, FaqEntryApiFilter
from api.governance.serializers import (
    ChangeRequestDetailSerializer,
    ChangeRequestSerializer,
    DeadlineKind,
    DeadlineSerializer,
    DecisionListDetailSerializer,
    DecisionListSerializer,
    FaqEntrySerializer,
)
from governance import selectors
from governance.models import ChangeRequest, FaqEntry, SteeringMeeting
from notifications.calendars import calendar_releases
from standards.constants import SEALED_RELEASE_STATES
from standards.deadlines import AMSTERDAM
from standards.models import Release

# Tags as the OpenAPI document groups the operations (SPECTACULAR_SETTINGS["TAGS"]).
CHANGE_REQUESTS = "Wijzigingsverzoeken"
STEERING = "Besluitenlijsten"
FAQ = "Vragen en antwoorden"
DEADLINES = "Termijnen"


# Change requests --------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=[CHANGE_REQUESTS],
        operation_id="listChangeRequests",
        summary="List public change requests",
        description=(
            "Every change request whose submitter confirmed the e-mail address (as the public web "
            "list), newest number first. Filters combine; `search` searches number, title, summary "
            "and motivation like the web list. Never the submitter's name or e-mail address."
        ),
        responses={200: ChangeRequestSerializer(many=True)},
    )
)
class ChangeRequestList(generics.ListAPIView):
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestApiFilter

    def get_queryset(self) -> QuerySet[ChangeRequest]:
        return selectors.change_requests_public().select_related("article", "scheduled_release")


@extend_schema_view(
    get=extend_schema(
        tags=[CHANGE_REQUESTS],
        operation_id="getChangeRequest",
        summary="Get one change request with its public timeline",
        description=(
            "The request as its public page shows it: proposed text and the text it was written "
            "against, motivation, the legal and practical reviews, the decisions of published "
            "decision lists, the Q&A answer it ended in and the timeline (state changes with the "
            "public comment and the role that took the step). Internal notes and the submitter's "
            "personal data are never included. A request whose e-mail address is not yet confirmed "
            "does not exist here."
        ),
        parameters=[
            OpenApiParameter(
                "number",
                str,
                OpenApiParameter.PATH,
                description="The number of the change request, e.g. WV-2026-0042.",
            )
        ],
        responses={
            200: ChangeRequestDetailSerializer,
            404: OpenApiResponse(description="No public change request has this number."),
        },
    )
)
class ChangeRequestDetail(generics.GenericAPIView):
    serializer_class = ChangeRequestDetailSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, number: str) -> Response:
        try:
            change_request = selectors.change_request_get(number=number)
        except ChangeRequest.DoesNotExist as error:
            raise NotFound(_("Dit wijzigingsverzoek bestaat niet.")) from error
        if not change_request.is_public:
            # Until the e-mail address is confirmed the request does not count and is not shown.
            raise NotFound(_("Dit wijzigingsverzoek bestaat niet."))
        return Response(self.get_serializer(change_request).data)


# Decision lists ---------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=[STEERING],
        operation_id="listDecisionLists",
        summary="List the published decision lists of the steering group",
        description=(
            "The meetings of the Stuurgroep i-Sociaal Domein whose decision list "
            "(besluitenlijst) is published, newest first. A meeting's agenda is not public "
            "until then."
        ),
        responses={200: DecisionListSerializer(many=True)},
    )
)
class DecisionListList(generics.ListAPIView):
    serializer_class = DecisionListSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[SteeringMeeting]:
        return selectors.decision_lists_published()


@extend_schema_view(
    get=extend_schema(
        tags=[STEERING],
        operation_id="getDecisionList",
        summary="Get one published decision list",
        description=(
            "The decisions of one meeting in the order of its agenda: the change request, the "
            "decision (approve, reject, defer) and its motivation."
        ),
        parameters=[
            OpenApiParameter(
                "id", int, OpenApiParameter.PATH, description="The decision list's id."
            )
        ],
        responses={
            200: DecisionListDetailSerializer,
            404: OpenApiResponse(description="No published decision list has this id."),
        },
    )
)
class DecisionListDetail(generics.GenericAPIView):
    serializer_class = DecisionListDetailSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, id: int) -> Response:
        try:
            meeting = selectors.decision_list_get(id)
        except SteeringMeeting.DoesNotExist as error:
            raise NotFound(
                _("Deze besluitenlijst bestaat niet of is nog niet gepubliceerd.")
            ) from (error)
        return Response(self.get_serializer(meeting).data)


# Q&A --------------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=[FAQ],
        operation_id="listFaqEntries",
        summary="List the published Q&A entries",
        description=(
            "The questions and answers (vragen en antwoorden) of every standard, newest first: a "
            "review may end a change request with an answer instead of a text change."
        ),
        responses={200: FaqEntrySerializer(many=True)},
    )
)
class FaqEntryList(generics.ListAPIView):
    serializer_class = FaqEntrySerializer
    filterset_class = FaqEntryApiFilter

    def get_queryset(self) -> QuerySet[FaqEntry]:
        return selectors.faq_entries_published()


# Deadlines --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One date of a release that people plan by; ``at`` only for a moment (a deadline)."""

    id: str
    kind: str
    date: datetime.date
    at: datetime.datetime | None
    release: Release

    @property
    def kind_label(self) -> str:
        return str(DeadlineKind.LABELS[self.kind])


def release_deadlines(releases: Iterable[Release]) -> Iterator[Deadline]:
    """The dates the iCalendar agenda shows (``notifications.calendars.release_events``).

    The submission deadline of every release that has one; the effective date and the end of
    the implementation term once the release is published. Ids are the agenda's UIDs.
    """
    for release in releases:
        if release.submission_deadline is not None:
            at = release.submission_deadline.astimezone(AMSTERDAM)
            yield Deadline(
                f"release-{release.pk}-submission-deadline",
                DeadlineKind.SUBMISSION_DEADLINE,
                at.date(),
                at,
                release,
            )
        if release.state not in SEALED_RELEASE_STATES:
            continue
        if release.effective_on is not None:
            yield Deadline(
                f"release-{release.pk}-effective",
                DeadlineKind.EFFECTIVE_DATE,
                release.effective_on,
                None,
                release,
            )
        if release.implementation_deadline is not None:
            yield Deadline(
                f"release-{release.pk}-implementation-deadline",
                DeadlineKind.IMPLEMENTATION_DEADLINE,
                release.implementation_deadline,
                None,
                release,
            )


@extend_schema_view(
    get=extend_schema(
        tags=[DEADLINES],
        operation_id="listDeadlines",
        summary="List the calendar of deadlines",
        description=(
            "The dates of every release that people plan their work by, as the iCalendar agenda "
            "(/agenda.ics) lists them, in date order: the last moment to file a change request for "
            "a release (23:59 Europe/Amsterdam), and for published releases the effective date "
            "(ingangsdatum) and the end of the implementation term (implementatietermijn). "
            "`from` and `to` keep the dates inside that window (inclusive)."
        ),
        responses={200: DeadlineSerializer(many=True)},
    )
)
class DeadlineList(generics.ListAPIView):
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self) -> QuerySet[Release]:
        return calendar_releases()

    def list(self, request: Request, *args, **kwargs) -> Response:
        filterset = self.filterset_class(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        start, end = filterset.window()
        deadlines = sorted(
            (
                deadline
                for deadline in release_deadlines(filterset.qs)
                if (start is None or deadline.date >= start)
                and (end is None or deadline.date <= end)
            ),
            # A stable sort: on one day, the order of the releases (standard, version) stays.
            key=lambda deadline: deadline.date,
        )
        page = self.paginate_queryset(deadlines)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
