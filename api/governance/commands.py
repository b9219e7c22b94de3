"""Write commands on change requests: filing one, and every workflow step as its own POST.

``POST /change-requests`` files a request with the service, rules and confirmation e-mail of the
web form (``governance.views.submission``): an anonymous caller gives an e-mail address, gets the
confirmation link and the request counts once confirmed; an authenticated caller files as
themselves, and with their account's own address the request goes straight to intake.

``POST /change-requests/{number}/<step>`` takes one step of ``governance.steps`` (and the
submitter's two steps an account can take without the tracking link: ``supply-info`` and
``withdraw``). Each calls the same service as the step page (``governance.views.actions``), with
the caller as actor, and refuses in the page's order, writing nothing: 401 without credentials,
403 for a caller without a staff role, 404 for a request that is not public, 409 when
``seenState`` is not the state now, 409 when the state does not allow the step, 403 when the
step belongs to another role, 400 for invalid input (also for a rule of the domain the service
checks), 409 when the service finds the request moved on meanwhile. Side effects (e-mails,
notices) happen after commit, in the services' receivers, exactly as for the pages.

An API key acts as its user within its scopes (``api.authentication``): every command here needs
``change-requests:write``; without credentials a step is a 401 with ``WWW-Authenticate: Bearer``.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_fsm import can_proceed, has_transition_perm
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.governance import command_serializers as io
from api.governance.views import CHANGE_REQUESTS, ChangeRequestList
from api.models import ApiScope
from api.problems import PROBLEM_CONTENT_TYPE, problem
from governance import selectors
from governance.conflicts import merged_proposal
from governance.constants import ChangeRequestState
from governance.exceptions import (
    ApplyConflict,
    GovernanceError,
    NotPermitted,
    StateConflict,
    SubmissionRefused,
    TransitionRefused,
)
from governance.models import ChangeRequest, TransitionEvent
from governance.permissions import may_read_internal_notes
from governance.services import application
from governance.services import change_requests as services

# What an API key needs for every command here (``api.authentication``).
WRITE_SCOPES = {"POST": ApiScope.CHANGE_REQUESTS_WRITE}


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Deze stap kan nu niet bij dit wijzigingsverzoek.")
    default_code = "conflict"


class StaffOnly(BasePermission):
    message = gettext_lazy("Alleen medewerkers zetten stappen in de behandeling.")

    def has_permission(self, request: Request, view) -> bool:
        return may_read_internal_notes(request.user)


def _refusal(
    error: GovernanceError, serializer: serializers.Serializer, *, field: str | None = None
) -> APIException:
    """A service's typed error as the API answers it: 409, 403, or 400 naming the input field."""
    if isinstance(error, StateConflict | TransitionRefused):
        return Conflict(error.message)
    if isinstance(error, NotPermitted):
        return PermissionDenied(error.message)
    name = io.api_field_name(serializer, error.field) or field or api_settings.NON_FIELD_ERRORS_KEY
    return ValidationError({name: [error.message]})


NUMBER = OpenApiParameter(
    "number",
    str,
    OpenApiParameter.PATH,
    description="The number of the change request, e.g. WV-2026-0042.",
)
UNAUTHENTICATED = OpenApiResponse(
    description="Niet geauthenticeerd: geen of een ongeldige sleutel."
)


# Filing -----------------------------------------------------------------------------------------


class ChangeRequestCollection(ChangeRequestList):
    """``/change-requests``: the public list (GET, ``ChangeRequestList``) and filing (POST)."""

    required_scopes = WRITE_SCOPES

    @extend_schema(
        tags=[CHANGE_REQUESTS],
        operation_id="submitChangeRequest",
        summary="File a change request",
        description=(
            "Files a change request (wijzigingsverzoek) as the web form does, with the same "
            "rules: against an article (`article`, its lasting identity) of the release in force "
            "or of the draft of the next one, or, to propose a new article, against a document "
            "(`document`). Without authentication `submitterName` and `submitterEmail` are "
            "required: a confirmation link is mailed to the address, and the request counts (and "
            "is public) only once it is confirmed. An authenticated caller files as themselves; "
            "with the account's own address no confirmation is needed and the request goes "
            "straight to intake. A request filed after the submission deadline of the draft is "
            "meant for the release after it (`targetRelease`, `missedRelease`). An API key needs "
            "the scope `change-requests:write`."
        ),
        request=io.ChangeRequestSubmitSerializer,
        parameters=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[201],
                description="The address of the change request (public once confirmed).",
            )
        ],
        responses={
            201: OpenApiResponse(
                response=io.ChangeRequestSubmittedSerializer,
                description="Filed: the number, the state and the release it is meant for.",
            ),
            400: OpenApiResponse(
                description=(
                    "Ongeldige invoer, or a release that takes no requests (any more); nothing "
                    "is stored. invalidParams names the fields."
                )
            ),
            401: OpenApiResponse(description="A bad, revoked or expired API key."),
            403: OpenApiResponse(description="The API key lacks the scope change-requests:write."),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = io.ChangeRequestSubmitSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        try:
            change_request, target = services.change_request_submit(
                by=request.user, **serializer.validated_data
            )
        except GovernanceError as error:
            field = "release" if isinstance(error, SubmissionRefused) else None
            raise _refusal(error, serializer, field=field) from error
        body = io.ChangeRequestSubmittedSerializer(
            io.Submission(change_request, target), context=self.get_serializer_context()
        ).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


# Workflow steps ---------------------------------------------------------------------------------


def _public_change_request(number: str) -> ChangeRequest:
    try:
        change_request = selectors.change_request_get(number=number)
    except ChangeRequest.DoesNotExist as error:
        raise NotFound(_("Dit wijzigingsverzoek bestaat niet.")) from error
    if not change_request.is_public:
        raise NotFound(_("Dit wijzigingsverzoek bestaat niet."))
    return change_request


class ChangeRequestStep(generics.GenericAPIView):
    """One step on one change request: ``transition`` names it, ``service`` takes it."""

    transition: str
    service: Callable[..., Any]
    result_serializer_class: type[io.StepResultSerializer]
    permission_classes = [IsAuthenticated, StaffOnly]
    required_scopes = WRITE_SCOPES
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, number: str) -> Response:
        change_request = _public_change_request(number)
        self._check_may_take(request, change_request)
        context = {**self.get_serializer_context(), "change_request": change_request}
        serializer = self.get_serializer_class()(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        kwargs = {k: v for k, v in serializer.validated_data.items() if k != "seen_state"}
        try:
            result = type(self).service(change_request=change_request, by=request.user, **kwargs)
        except ApplyConflict as conflict:
            return self._apply_conflict(change_request, conflict)
        except GovernanceError as error:
            raise _refusal(error, serializer) from error
        changed, record = result if isinstance(result, tuple) else (result, None)
        step = io.StepResult(
            change_request=self._as_shown(changed),
            event=TransitionEvent.objects.filter(change_request=changed).latest("pk"),
            record=record,
        )
        return Response(self.result_serializer_class(step, context=context).data)

    def _check_may_take(self, request: Request, change_request: ChangeRequest) -> None:
        """The page's checks before the form, in its order; the service checks again, locked."""
        data = request.data if isinstance(request.data, dict) else {}
        seen_state = data.get("seenState")
        if seen_state in ChangeRequestState.values and seen_state != change_request.state:
            raise Conflict(StateConflict.of(change_request).message)
        transition = getattr(change_request, self.transition)
        if not can_proceed(transition):
            raise Conflict(
                _("Deze stap kan niet bij een wijzigingsverzoek met status '%(state)s'.")
                % {"state": change_request.get_state_display()}
            )
        if not has_transition_perm(transition, request.user):
            raise PermissionDenied(_("Deze stap hoort bij een andere rol."))

    @staticmethod
    def _as_shown(change_request: ChangeRequest) -> ChangeRequest:
        """The request after the step, with what its representation reads, in one query."""
        return (
            selectors.change_requests_public()
            .select_related(
                "article",
                "scheduled_release",
                "merged_into",
                "applied_version__article",
                "applied_version__release",
            )
            .get(pk=change_request.pk)
        )

    @staticmethod
    def _apply_conflict(change_request: ChangeRequest, conflict: ApplyConflict) -> Response:
        merged, fits = merged_proposal(change_request, conflict.current)
        body = problem(
            status.HTTP_409_CONFLICT,
            conflict.message,
            baseText=conflict.base,
            currentText=conflict.current,
            proposedText=conflict.proposed,
            mergedText=merged if fits else None,
        )
        return Response(body, status=status.HTTP_409_CONFLICT, content_type=PROBLEM_CONTENT_TYPE)


def step_schema(
    *,
    operation_id: str,
    summary: str,
    description: str,
    submitter: bool = False,
    conflict: Any = None,
):
    """The documentation every step shares: its refusals, each a problem response. The request
    and the answer are the decorated step's own input and result serializers."""
    who = (
        "Only the account that filed the request; an anonymous submitter uses the private "
        "tracking link on the web instead."
        if submitter
        else "Staff only, in the role the step belongs to."
    )

    def document(step: type["ChangeRequestStep"]) -> type["ChangeRequestStep"]:
        operation = extend_schema(
            tags=[CHANGE_REQUESTS],
            operation_id=operation_id,
            summary=summary,
            description=(
                f"{description} {who} Answers the change request in its new state with the event "
                "the step wrote. An API key needs the scope `change-requests:write`."
            ),
            parameters=[NUMBER],
            request=step.serializer_class,
            responses={
                200: OpenApiResponse(
                    response=step.result_serializer_class,
                    description="Done: the request in its new state and the event written.",
                ),
                400: OpenApiResponse(
                    description="Ongeldige invoer; nothing is written (see invalidParams)."
                ),
                401: UNAUTHENTICATED,
                403: OpenApiResponse(
                    description=(
                        "The submitter of another request, or a caller without a staff role."
                        if submitter
                        else "A caller without a staff role, or a step of another role."
                    )
                ),
                404: OpenApiResponse(description="No public change request has this number."),
                409: conflict
                or OpenApiResponse(
                    description=(
                        "The state does not allow this step, or the request moved on since "
                        "`seenState`; nothing is written."
                    )
                ),
            },
        )
        return extend_schema_view(post=operation)(step)

    return document


@step_schema(
    operation_id="requestInfoOnChangeRequest",
    summary="Ask the submitter for more information",
    description=(
        "Intake → needs_info. The question is mailed to the submitter and shown in the timeline."
    ),
)
class RequestInfo(ChangeRequestStep):
    transition = "request_info"
    service = services.change_request_request_info
    serializer_class = io.RequestInfoInputSerializer
    result_serializer_class = io.RequestInfoResultSerializer


@step_schema(
    operation_id="sendChangeRequestToLegalReview",
    summary="Send a change request to legal review",
    description="Intake → legal_review: the request is admissible.",
)
class ToLegalReview(ChangeRequestStep):
    transition = "to_legal_review"
    service = services.change_request_to_legal_review
    serializer_class = io.ToLegalReviewInputSerializer
    result_serializer_class = io.ToLegalReviewResultSerializer


@step_schema(
    operation_id="mergeChangeRequest",
    summary="Merge a change request into another",
    description=(
        "Intake → merged: a duplicate joins a request of the same standard that is still being "
        "handled (`into`); its submitter follows that request."
    ),
)
class Merge(ChangeRequestStep):
    transition = "merge_into"
    service = services.change_request_merge
    serializer_class = io.MergeInputSerializer
    result_serializer_class = io.MergeResultSerializer


@step_schema(
    operation_id="assessChangeRequest",
    summary="Record the legal assessment",
    description=(
        "Legal_review → practical_review: the expert team's verdict on the current revision, "
        "with its motivation, legal grounds and, with the verdict feasible_with_changes, the "
        "amended wording."
    ),
)
class Assess(ChangeRequestStep):
    transition = "assess"
    service = services.change_request_assess
    serializer_class = io.AssessInputSerializer
    result_serializer_class = io.AssessResultSerializer


@step_schema(
    operation_id="adviseOnChangeRequest",
    summary="Record the practical review",
    description=(
        "Practical_review → steering: the begeleidingsgroep's judgement of feasibility, the "
        "expected effect on administrative burden and its advice to the steering group."
    ),
)
class Advise(ChangeRequestStep):
    transition = "advise"
    service = services.change_request_advise
    serializer_class = io.AdviseInputSerializer
    result_serializer_class = io.AdviseResultSerializer


@step_schema(
    operation_id="answerChangeRequestInFaq",
    summary="Answer a change request in the Q&A",
    description=(
        "Legal_review or practical_review → answered: the request ends with a published question "
        "and answer on the standard's Q&A page instead of a text change."
    ),
)
class AnswerInFaq(ChangeRequestStep):
    transition = "answer_in_faq"
    service = services.change_request_answer_in_faq
    serializer_class = io.AnswerInFaqInputSerializer
    result_serializer_class = io.AnswerInFaqResultSerializer


@step_schema(
    operation_id="rejectChangeRequest",
    summary="Reject a change request",
    description=(
        "Intake, legal_review or practical_review → rejected, with a motivation, by whoever "
        "holds the request in its current step."
    ),
)
class Reject(ChangeRequestStep):
    transition = "reject"
    service = services.change_request_reject
    serializer_class = io.RejectInputSerializer
    result_serializer_class = io.RejectResultSerializer


@step_schema(
    operation_id="scheduleChangeRequest",
    summary="Schedule an approved change request into a draft release",
    description="Approved → scheduled: planned into the draft of a coming release of its standard.",
)
class Schedule(ChangeRequestStep):
    transition = "schedule"
    service = services.change_request_schedule
    serializer_class = io.ScheduleInputSerializer
    result_serializer_class = io.ScheduleResultSerializer


@step_schema(
    operation_id="applyChangeRequest",
    summary="Apply a scheduled change request to its draft release",
    description=(
        "Scheduled → applied: the proposal is worked into the draft. When the article changed "
        "since the request was written, nothing is applied blindly: the answer is 409 with the "
        "three texts (and the merged text when the change still fits), and the resolved text is "
        "sent again as `text`."
    ),
    conflict=OpenApiResponse(
        description=(
            "The state does not allow this step, the request moved on since `seenState`, or the "
            "article changed since the request was written; nothing is written. In the last case "
            "the problem has the three texts as `baseText` (written against), `currentText` (in "
            "the draft now) and `proposedText`, and `mergedText`: the request's change merged "
            "into the current text when it still fits (else null), to check and send as `text`."
        ),
    ),
)
class Apply(ChangeRequestStep):
    transition = "apply"
    service = application.change_request_apply
    serializer_class = io.ApplyInputSerializer
    result_serializer_class = io.ApplyResultSerializer


class SubmitterStep(ChangeRequestStep):
    """A step of the submitter, for the account that filed the request (no tracking link)."""

    permission_classes = [IsAuthenticated]


@step_schema(
    operation_id="supplyInfoOnChangeRequest",
    summary="Answer the secretariat's question as the submitter",
    description=(
        "Needs_info → intake. A new proposed wording makes a new revision of the request; it must "
        "differ from the current article text."
    ),
    submitter=True,
)
class SupplyInfo(SubmitterStep):
    transition = "supply_info"
    service = services.change_request_supply_info
    serializer_class = io.SupplyInfoInputSerializer
    result_serializer_class = io.SupplyInfoResultSerializer


@step_schema(
    operation_id="withdrawChangeRequest",
    summary="Withdraw a change request as the submitter",
    description="Any state before approved → withdrawn; it also leaves a steering agenda.",
    submitter=True,
)
class Withdraw(SubmitterStep):
    transition = "withdraw"
    service = services.change_request_withdraw
    serializer_class = io.WithdrawInputSerializer
    result_serializer_class = io.WithdrawResultSerializer


# The path of each step under /change-requests/{number}/, and its view.
STEP_VIEWS: dict[str, type[ChangeRequestStep]] = {
    "request-info": RequestInfo,
    "to-legal-review": ToLegalReview,
    "merge": Merge,
    "assess": Assess,
    "advise": Advise,
    "answer-in-faq": AnswerInFaq,
    "reject": Reject,
    "schedule": Schedule,
    "apply": Apply,
    "supply-info": SupplyInfo,
    "withdraw": Withdraw,
}
