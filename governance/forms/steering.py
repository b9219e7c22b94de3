"""Forms of the steering group's pages: planning a meeting and recording a decision.

They check the shape of the input only; the rules of the domain (who may decide, whether the
decision list is still open, whether someone else decided first) are the services' to enforce.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.constants import SteeringOutcome


class DateInput(forms.DateInput):
    """The browser's own date picker; it sends and shows ISO dates (2027-03-01)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Datum"),
        widget=DateInput,
        error_messages={
            "required": _("Vul de datum van de vergadering in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 1-3-2027."),
        },
    )
    location = forms.CharField(
        label=_("Locatie"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: Utrecht, VNG-kantoor, of: online."),
    )


# The radio buttons say what the secretary does; the recorded outcome reads as a result.
DECISION_CHOICES = [
    (SteeringOutcome.APPROVE, _("Goedkeuren")),
    (SteeringOutcome.REJECT, _("Afwijzen")),
    (SteeringOutcome.DEFER, _("Aanhouden tot een volgende vergadering")),
]


class DecisionForm(forms.Form):
    """The decision on one agenda item; a page with many items gives each form a prefix."""

    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een besluit.")},
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wordt gepubliceerd in de besluitenlijst en is zichtbaar voor de indiener."),
        error_messages={"required": _("Motiveer het besluit.")},
    )
    internal_note = forms.CharField(
        label=_("Interne notitie"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Alleen zichtbaar voor medewerkers; wordt niet gepubliceerd."),
    )

    @staticmethod
    def prefix_for(item_pk: int) -> str:
        return f"agendapunt-{item_pk}"
