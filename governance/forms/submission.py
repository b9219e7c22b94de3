"""The form a change request is filed with, by anyone, against an article or a document.

It checks only what a single field can check (present, not too long, a valid e-mail address, a
known choice). The rules of the domain (the proposed text must differ from the current one, a
document-level request can only propose a new article, the release must still accept requests)
are the service's; its ``InvalidInput`` errors are put next to the field they name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.constants import ChangeKind, ImpactClass
from organisations.constants import OrganisationKind
from standards.texts import normalise_text

# Long enough for the longest article of any standard; it also bounds the redline preview,
# whose diff is quadratic in the worst case.
MAX_TEXT_LENGTH = 50_000
MAX_MOTIVATION_LENGTH = 10_000


class ChangeRequestForm(forms.Form):
    """A change request against one article: the proposed wording and who proposes it."""

    kind = forms.ChoiceField(
        label=_("Soort wijziging"),
        choices=ChangeKind.choices,
        initial=ChangeKind.CHANGE_WORDING,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de soort wijziging.")},
    )
    title = forms.CharField(
        label=_("Titel van uw verzoek"),
        max_length=200,
        help_text=_("In een paar woorden, bijvoorbeeld: Levertermijn verduidelijken."),
        error_messages={"required": _("Geef een titel.")},
    )
    proposed_text = forms.CharField(
        label=_("Voorgestelde tekst"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=_(
            "Hier staat een kopie van de huidige tekst. Pas die aan tot de tekst die u voorstelt. "
            "Bij het schrappen van een artikel kunt u dit veld laten zoals het is."
        ),
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        max_length=MAX_MOTIVATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Waarom is deze wijziging nodig? Welk probleem lost zij op?"),
        error_messages={"required": _("Geef een motivering.")},
    )
    impact = forms.ChoiceField(
        label=_("Verwachte impact op lopende contracten"),
        choices=ImpactClass.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de verwachte impact.")},
    )
    summary = forms.CharField(
        label=_("Samenvatting in gewone taal"),
        max_length=MAX_MOTIVATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén of twee zinnen die iedereen begrijpt, ook zonder juridische kennis."),
        error_messages={"required": _("Geef een korte samenvatting.")},
    )
    submitter_name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Geef uw naam.")},
    )
    submitter_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text=_("Wij sturen u een link om uw e-mailadres te bevestigen."),
        error_messages={
            "required": _("Geef uw e-mailadres."),
            "invalid": _("Geef een geldig e-mailadres, zoals naam@gemeente.nl."),
        },
    )
    organisation_name = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Geef uw organisatie.")},
    )
    organisation_type = forms.ChoiceField(
        label=_("Soort organisatie"),
        choices=[("", _("Kies een soort organisatie")), *OrganisationKind.choices],
        error_messages={"required": _("Kies de soort organisatie.")},
    )

    def clean_proposed_text(self) -> str:
        # Browsers send a textarea with \r\n line ends; stored article text is normalised, and
        # an untouched copy of it must compare equal to it.
        return normalise_text(self.cleaned_data["proposed_text"])


class DocumentChangeRequestForm(ChangeRequestForm):
    """A change request against a whole document: it can only propose a new article."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["proposed_text"].help_text = _("De tekst van het artikel dat u voorstelt.")
