"""Forms of the workflow steps staff take on one change request (``governance.steps``).

One form per step. Each parses what the page sends into the keyword arguments of the step's
service (``service_kwargs``); the rules of the domain (an amended wording with the verdict
"feasible with changes", no merging into itself, …) stay in the services, which report breaches
as typed errors that the view puts next to the field they name.

Every form carries the state the user saw (``seen_state``, hidden), so a decision taken on a
page that someone else has meanwhile acted upon is refused as a conflict instead of applied to a
change request the user has not seen.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from governance.constants import BurdenEffect, ChangeKind, LegalVerdict, PracticalFeasibility
from governance.models import ChangeRequest
from standards.constants import ReleaseState
from standards.models import Release

INTERNAL_NOTE_HELP = _("Alleen zichtbaar voor medewerkers, nooit voor de indiener of het publiek.")
PUBLIC_COMMENT_HELP = _("Verschijnt in de openbare tijdlijn van het verzoek.")


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _internal_note() -> forms.CharField:
    return forms.CharField(
        label=_("Interne notitie"),
        required=False,
        widget=_textarea(3),
        help_text=INTERNAL_NOTE_HELP,
    )


class StepForm(forms.Form):
    """What every step form has: the state of the change request as the user saw it."""

    seen_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, change_request: ChangeRequest, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"seen_state": change_request.state, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.change_request = change_request

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned input as keyword arguments of the step's service."""
        return {name: value for name, value in self.cleaned_data.items() if name != "seen_state"}


class RequestInfoForm(StepForm):
    question = forms.CharField(
        label=_("Vraag aan de indiener"),
        widget=_textarea(5),
        help_text=_(
            "De indiener krijgt de vraag per e-mail en antwoordt via de volgcode; daarna komt "
            "het verzoek terug in de intake. De vraag verschijnt in de openbare tijdlijn."
        ),
        error_messages={"required": _("Schrijf uw vraag aan de indiener.")},
    )
    internal_note = _internal_note()


class ToLegalReviewForm(StepForm):
    comment = forms.CharField(
        label=_("Toelichting"), required=False, widget=_textarea(), help_text=PUBLIC_COMMENT_HELP
    )
    internal_note = _internal_note()


class ChangeRequestNumberField(forms.ModelChoiceField):
    """A change request typed as its number ("WV-2026-0012"); spaces and case do not matter."""

    default_error_messages = {
        "invalid_choice": _("Er is geen wijzigingsverzoek met nummer %(value)s."),
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(
            queryset=ChangeRequest.objects.public(),
            to_field_name="number",
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


class MergeForm(StepForm):
    into = ChangeRequestNumberField(
        label=_("Samenvoegen met"),
        help_text=_(
            "Het nummer van het verzoek dat blijft, bijvoorbeeld WV-2026-0012. De indiener van "
            "dit verzoek volgt daarna dat verzoek."
        ),
        error_messages={"required": _("Geef het nummer van het verzoek dat blijft.")},
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=_textarea(),
        help_text=_(
            "Verschijnt in de openbare tijdlijn. Leeg laten geeft: Samengevoegd met …, dat over "
            "hetzelfde gaat."
        ),
    )
    internal_note = _internal_note()


class AssessForm(StepForm):
    verdict = forms.ChoiceField(
        label=_("Oordeel"),
        choices=LegalVerdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een oordeel.")},
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=_textarea(6),
        help_text=PUBLIC_COMMENT_HELP,
        error_messages={"required": _("Motiveer het juridische oordeel.")},
    )
    legal_grounds = forms.CharField(
        label=_("Juridische grondslag"),
        required=False,
        widget=_textarea(4),
        help_text=_("Eén verwijzing per regel, bijvoorbeeld: art. 2.3.5 Wmo 2015."),
    )
    amended_text = forms.CharField(
        label=_("Aangepaste tekst"),
        required=False,
        widget=_textarea(8),
        help_text=_(
            "Nodig bij het oordeel 'Juridisch haalbaar met aanpassingen'. Vooraf ingevuld met de "
            "voorgestelde tekst; pas die aan."
        ),
    )
    internal_note = _internal_note()

    def __init__(self, *args, change_request: ChangeRequest, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("amended_text", change_request.proposed_text)
        super().__init__(*args, change_request=change_request, **kwargs)


class AdviseForm(StepForm):
    feasibility = forms.ChoiceField(
        label=_("Uitvoerbaarheid in de praktijk"),
        choices=PracticalFeasibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of de wijziging uitvoerbaar is.")},
    )
    burden_effect = forms.ChoiceField(
        label=_("Effect op administratieve lasten"),
        choices=BurdenEffect.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het verwachte effect op de administratieve lasten.")},
    )
    advice = forms.CharField(
        label=_("Advies aan de stuurgroep"),
        widget=_textarea(6),
        help_text=PUBLIC_COMMENT_HELP,
        error_messages={"required": _("Geef het advies aan de stuurgroep.")},
    )
    internal_note = _internal_note()


class AnswerInFaqForm(StepForm):
    question = forms.CharField(
        label=_("Vraag"),
        widget=_textarea(3),
        help_text=_("Zoals de vraag op de pagina vraag en antwoord van de standaard verschijnt."),
        error_messages={"required": _("Geef de vraag zoals gepubliceerd.")},
    )
    answer = forms.CharField(
        label=_("Antwoord"),
        widget=_textarea(6),
        help_text=_("Wordt gepubliceerd op de pagina vraag en antwoord en in de tijdlijn."),
        error_messages={"required": _("Geef het antwoord.")},
    )
    internal_note = _internal_note()

    def __init__(self, *args, change_request: ChangeRequest, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("question", change_request.title)
        super().__init__(*args, change_request=change_request, **kwargs)


class RejectForm(StepForm):
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=_textarea(6),
        help_text=_("Waarom het verzoek wordt afgewezen. Verschijnt in de openbare tijdlijn."),
        error_messages={"required": _("Motiveer waarom het verzoek wordt afgewezen.")},
    )
    internal_note = _internal_note()


class ReleaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Release) -> str:
        return gettext("Versie %(version)s (concept)") % {"version": obj.version}


class ScheduleForm(StepForm):
    release = ReleaseChoiceField(
        label=_("Versie"),
        queryset=Release.objects.none(),
        empty_label=_("Kies een versie"),
        error_messages={
            "required": _("Kies de versie waarin het verzoek wordt verwerkt."),
            "invalid_choice": _("Kies het concept van een volgende versie van deze standaard."),
        },
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=_textarea(),
        help_text=_("Verschijnt in de openbare tijdlijn. Leeg laten geeft: Ingepland in versie …."),
    )

    def __init__(self, *args, change_request: ChangeRequest, **kwargs) -> None:
        super().__init__(*args, change_request=change_request, **kwargs)
        self.fields["release"].queryset = Release.objects.filter(
            standard_id=change_request.standard_id, state=ReleaseState.DRAFT
        ).order_by("version_major", "version_minor")


class ApplyForm(StepForm):
    """Working a scheduled request into its draft: a new article needs a number and a title;
    a wording change needs a text only when the article changed since the request (conflict)."""

    number = forms.CharField(label=_("Nummer van het nieuwe artikel"), max_length=40)
    title = forms.CharField(label=_("Titel van het nieuwe artikel"), max_length=300)
    text = forms.CharField(
        label=_("Tekst na verwerking"),
        required=False,
        widget=_textarea(rows=10),
        help_text=_(
            "Leeg laten neemt de voorgestelde tekst over, als het artikel sinds het verzoek niet "
            "is gewijzigd. Is het wel gewijzigd, dan ziet u de drie teksten en stelt u hier de "
            "tekst vast."
        ),
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=_textarea(),
        help_text=_("Verschijnt in de openbare tijdlijn."),
    )

    def __init__(self, *args, change_request: ChangeRequest, **kwargs) -> None:
        super().__init__(*args, change_request=change_request, **kwargs)
        if change_request.kind == ChangeKind.NEW_ARTICLE:
            self.fields["text"].initial = change_request.proposed_text
            self.fields["text"].help_text = _("De tekst van het nieuwe artikel.")
        else:
            del self.fields["number"]
            del self.fields["title"]
        if change_request.kind == ChangeKind.REMOVE_ARTICLE:
            del self.fields["text"]

    def service_kwargs(self) -> dict[str, Any]:
        kwargs = super().service_kwargs()
        if "text" in kwargs and not kwargs["text"].strip():
            kwargs["text"] = None  # take the proposal as it is
        return kwargs


# The form of each step, by the name of the transition it runs (``Step.transition``).
STEP_FORMS: dict[str, type[StepForm]] = {
    "request_info": RequestInfoForm,
    "to_legal_review": ToLegalReviewForm,
    "merge_into": MergeForm,
    "assess": AssessForm,
    "advise": AdviseForm,
    "answer_in_faq": AnswerInFaqForm,
    "reject": RejectForm,
    "schedule": ScheduleForm,
    "apply": ApplyForm,
}
