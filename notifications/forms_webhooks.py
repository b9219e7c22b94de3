"""The form of the integrator's webhook pages: an endpoint's address and its events."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import WebhookEvent
from notifications.webhooks import url_problem


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Adres"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Het https-adres waarop uw server de berichten ontvangt."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Gebeurtenissen"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waarover uw server een bericht krijgt."),
        error_messages={"required": _("Kies ten minste één gebeurtenis.")},
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        problem = url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url
