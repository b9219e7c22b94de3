from governance.models.change_request import ChangeRequest
from governance.models.events import TransitionEvent
from governance.models.numbering import NumberSeries
from governance.models.reviews import FaqEntry, LegalAssessment, PracticalReview
from governance.models.steering import AgendaItem, SteeringMeeting

__all__ = [
    "AgendaItem",
    "ChangeRequest",
    "FaqEntry",
    "LegalAssessment",
    "NumberSeries",
    "PracticalReview",
    "SteeringMeeting",
    "TransitionEvent",
]
