"""Forms of the release manager's page: adopting and publishing a release.

They check the shape of the input; the rules (the state of the release, the term of art. 3.30
for substantive changes) are the services' (``governance.services.releases``). Every form carries
the state the page showed, so that acting on a stale page is refused.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms.steering import DateInput

DATE_ERRORS = {
    "required": _("Vul de datum in."),
    "invalid": _("Vul een geldige datum in, bijvoorbeeld 1-3-2027."),
}


class ReleaseStepForm(forms.Form):
    """A step without input of its own (freeze, reopen)."""

    seen_state = forms.CharField(widget=forms.HiddenInput)


class AdoptForm(ReleaseStepForm):
    adopted_on = forms.DateField(
        label=_("Vastgesteld op"), widget=DateInput, error_messages=DATE_ERRORS
    )
    note = forms.CharField(
        label=_("Besluit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: besluit van de stuurgroep van 12 maart 2027, agendapunt 4."),
        error_messages={"required": _("Leg vast welk besluit de versie vaststelde.")},
    )


class PublishForm(ReleaseStepForm):
    published_on = forms.DateField(
        label=_("Gepubliceerd op"), widget=DateInput, error_messages=DATE_ERRORS
    )
    effective_on = forms.DateField(
        label=_("Ingangsdatum"),
        widget=DateInput,
        help_text=_("Vanaf deze datum geldt de nieuwe versie voor nieuwe contracten."),
        error_messages=DATE_ERRORS,
    )
    implementation_deadline = forms.DateField(
        label=_("Bestaande contracten aanpassen uiterlijk"),
        widget=DateInput,
        help_text=_(
            "Standaard zes kalendermaanden na publicatie (art. 3.30). Zonder inhoudelijke "
            "wijzigingen kan dit de ingangsdatum zijn: dan is geen nieuwe termijn nodig."
        ),
        error_messages=DATE_ERRORS,
    )
