"""What the workflow writes, read in one go: a refused step must leave all of it as it was."""

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


def workflow_rows() -> dict[str, list[dict]]:
    """Every row of every table the change-request workflow writes to."""
    tables = {
        "change_requests": ChangeRequest.objects.all(),
        "history": ChangeRequest.history.all(),
        "events": TransitionEvent.objects.all(),
        "legal_assessments": LegalAssessment.objects.all(),
        "practical_reviews": PracticalReview.objects.all(),
        "faq_entries": FaqEntry.objects.all(),
        "meetings": SteeringMeeting.objects.all(),
        "agenda_items": AgendaItem.objects.all(),
        "number_series": NumberSeries.objects.all(),
    }
    return {name: list(rows.order_by("pk").values()) for name, rows in tables.items()}
