"""Reads of the change-request workflow.

Selectors return querysets with their related rows loaded, so the number of queries of a list,
a queue or a detail page does not grow with its rows. Internal notes are left out unless the
caller says the reader may see them.
"""

import datetime
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from governance.constants import OPEN_STATES, QUEUE_STATE, ChangeRequestState, Queue
from governance.models import (
    AgendaItem,
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    PracticalReview,
    SteeringMeeting,
    TransitionEvent,
)
from standards.models import Article, ArticleVersion, DocumentVersion, Standard

S = ChangeRequestState
SIMILAR_TITLE_THRESHOLD = 0.6
_WORD = re.compile(r"\w+")


def change_requests_public() -> QuerySet[ChangeRequest]:
    """Every confirmed change request, newest first, with what a list row shows."""
    return ChangeRequest.objects.public().select_related(
        "standard", "document", "base_version", "base_release"
    )


def change_requests_of_user(user) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.filter(submitter_user=user)
        .select_related("standard", "document", "base_version")
        .order_by("-year", "-sequence")
    )


def change_request_get(*, number: str) -> ChangeRequest:
    """One change request with everything its page shows; raises ``DoesNotExist``."""
    return (
        ChangeRequest.objects.select_related(
            "standard",
            "document",
            "article",
            "base_release__standard",
            "base_version__document",
            "merged_into",
            "scheduled_release__standard",
            "faq_entry",
        )
        .prefetch_related(
            Prefetch(
                "legal_assessments",
                queryset=LegalAssessment.objects.order_by("revision", "assessed_at"),
            ),
            Prefetch(
                "practical_reviews",
                queryset=PracticalReview.objects.order_by("revision", "reviewed_at"),
            ),
            Prefetch("merged_requests", queryset=ChangeRequest.objects.order_by("sequence")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting").order_by("meeting__held_on"),
            ),
        )
        .get(number=number)
    )


def change_request_by_tracking_token(token: str) -> ChangeRequest:
    return ChangeRequest.objects.select_related("standard", "merged_into").get(tracking_token=token)


def timeline(change_request: ChangeRequest) -> QuerySet[TransitionEvent]:
    """The public timeline; callers show ``internal_note`` only to staff roles."""
    return change_request.events.order_by("created_at", "pk")


def queue(step: Queue) -> QuerySet[ChangeRequest]:
    """The work waiting in one step, most urgent first; rows carry ``is_overdue``."""
    return (
        ChangeRequest.objects.filter(state=QUEUE_STATE[step])
        .select_related("standard", "document", "base_version")
        .order_by("due_on", "year", "sequence")
    )


def queue_sizes() -> dict[str, int]:

    counts = (
        ChangeRequest.objects.filter(state__in=QUEUE_STATE.values())
        .values("state")
        .annotate(n=Count("pk"))
    )
    by_state = {row["state"]: row["n"] for row in counts}
    return {step: by_state.get(state, 0) for step, state in QUEUE_STATE.items()}


def agenda_candidates(*, meeting: SteeringMeeting | None = None) -> QuerySet[ChangeRequest]:
    """Requests waiting for the steering group that are on no undecided agenda item.

    For a ``meeting``, requests already discussed there (and deferred) are left out: they wait
    for a later meeting.
    """
    waiting_on_agenda = AgendaItem.objects.filter(change_request=OuterRef("pk"), outcome="")
    candidates = ChangeRequest.objects.filter(state=S.STEERING).exclude(Exists(waiting_on_agenda))
    if meeting is not None:
        discussed_here = AgendaItem.objects.filter(change_request=OuterRef("pk"), meeting=meeting)
        candidates = candidates.exclude(Exists(discussed_here))
    return candidates.order_by("year", "sequence")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class SimilarRequest:
    change_request: ChangeRequest
    same_article: bool
    similarity: float


def similar_change_requests(
    *, standard: Standard, title: str, article: Article | None = None, limit: int = 5
) -> list[SimilarRequest]:
    """Open requests on the same article, and open requests of the standard with a similar title.

    Shown while a submitter types, so duplicates are avoided ("lijkt op WV-2026-0012").
    """
    wanted = _words(title)
    candidates = ChangeRequest.objects.filter(standard=standard, state__in=OPEN_STATES).only(
        "pk", "number", "title", "state", "article_id", "year", "sequence"
    )
    found = []
    for candidate in candidates:
        same_article = article is not None and candidate.article_id == article.pk
        similarity = (
            SequenceMatcher(None, wanted, _words(candidate.title)).ratio() if wanted else 0.0
        )
        if same_article or similarity >= SIMILAR_TITLE_THRESHOLD:
            found.append(SimilarRequest(candidate, same_article, round(similarity, 2)))
    found.sort(key=lambda s: (not s.same_article, -s.similarity, s.change_request.number))
    return found[:limit]


def meetings() -> QuerySet[SteeringMeeting]:

    return SteeringMeeting.objects.annotate(
        item_count=Count("agenda_items"),
        open_count=Count("agenda_items", filter=Q(agenda_items__outcome="")),
    ).order_by("-held_on", "-pk")


def meeting_get(pk: int) -> SteeringMeeting:
    return SteeringMeeting.objects.prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related(
                "change_request__standard",
                "change_request__document",
                "change_request__base_version",
                "decided_by",
            )
            .prefetch_related(
                Prefetch(
                    "change_request__practical_reviews",
                    queryset=PracticalReview.objects.order_by("-revision", "-reviewed_at"),
                ),
                Prefetch(
                    "change_request__legal_assessments",
                    queryset=LegalAssessment.objects.order_by("-revision", "-assessed_at"),
                ),
            )
            .order_by("position"),
        )
    ).get(pk=pk)


def queue_rows(step: Queue) -> QuerySet[ChangeRequest]:
    """The rows of a queue page, most urgent first (requests without a due date last).

    Each row carries ``waiting_since`` (the time of its latest ``TransitionEvent``: when it
    entered this step) and, in the steering queue, ``agenda_meeting_id`` and
    ``agenda_meeting_on`` of the meeting whose agenda it waits on (None when on no agenda).
    """
    latest_event = TransitionEvent.objects.filter(change_request=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    rows = (
        queue(step)
        .select_related("base_version__document")
        .annotate(waiting_since=Subquery(latest_event.values("created_at")[:1]))
        .order_by(F("due_on").asc(nulls_last=True), "year", "sequence")
    )
    if step == Queue.STEERING:
        open_item = AgendaItem.objects.filter(change_request=OuterRef("pk"), outcome="").order_by(
            "meeting__held_on", "pk"
        )
        rows = rows.annotate(
            agenda_meeting_id=Subquery(open_item.values("meeting_id")[:1]),
            agenda_meeting_on=Subquery(open_item.values("meeting__held_on")[:1]),
        )
    return rows


def queue_overdue_counts(*, today: datetime.date | None = None) -> dict[str, int]:
    """Per queue, how many requests are past their due date (``due_on`` before ``today``)."""
    today = today or timezone.localdate()
    counts = (
        ChangeRequest.objects.filter(state__in=QUEUE_STATE.values(), due_on__lt=today)
        .values("state")
        .annotate(n=Count("pk"))
    )
    by_state = {row["state"]: row["n"] for row in counts}
    return {step: by_state.get(state, 0) for step, state in QUEUE_STATE.items()}


# Reads of the public change-request pages and the Q&A page.


def change_request_target_versions() -> list[str]:
    """The versions public change requests are meant for, newest first (a filter's choices)."""
    versions = (
        ChangeRequest.objects.public()
        .order_by()
        .values_list("target_version", flat=True)
        .distinct()
    )

    def version_key(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in version.split(".") if part.isdigit())

    return sorted(versions, key=version_key, reverse=True)


def article_latest_version(key) -> ArticleVersion | None:
    """The newest text of the article with identity ``key``, with what a link to it needs."""
    return (
        ArticleVersion.objects.filter(article__key=key)
        .select_related("release__standard", "document")
        .order_by("-release__version_major", "-release__version_minor")
        .first()
    )


def change_request_document_version(change_request: ChangeRequest) -> DocumentVersion | None:
    """The document as it read in the release the change request was written against."""
    return (
        DocumentVersion.objects.filter(
            release_id=change_request.base_release_id, document_id=change_request.document_id
        )
        .only("pk", "title", "release_id", "document_id")
        .first()
    )


def faq_page_entries(standard: Standard) -> QuerySet[FaqEntry]:
    """A standard's Q&A entries, newest first, with the article text and request each names."""
    return standard.faq_entries.select_related(
        "article",
        "change_request__base_release__standard",
        "change_request__base_version__document",
    ).order_by("-published_at", "-pk")


def decision_lists_published() -> QuerySet[SteeringMeeting]:
    """The meetings whose decision list is published, newest first, with their size."""
    return (
        SteeringMeeting.objects.filter(decisions_published_at__isnull=False)
        .annotate(item_count=Count("agenda_items"))
        .order_by("-held_on", "-pk")
    )


def decision_list_get(pk: int) -> SteeringMeeting:
    """One published decision list with its decisions and what each names; ``DoesNotExist``."""
    items = AgendaItem.objects.select_related(
        "change_request__standard",
        "change_request__article",
        "change_request__base_release",
        "change_request__base_version",
    ).order_by("position")
    return (
        decision_lists_published()
        .prefetch_related(Prefetch("agenda_items", queryset=items))
        .get(pk=pk)
    )


def faq_entries_published() -> QuerySet[FaqEntry]:
    """Every Q&A entry, newest first, with the standard, article and request each names."""
    return FaqEntry.objects.select_related(
        "standard",
        "article",
        "change_request__base_release",
        "change_request__base_version",
        "change_request__article",
    ).order_by("-published_at", "-pk")
