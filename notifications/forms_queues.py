"""The form of the follow button on a work queue's page: how often, or stop."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Frequency


class QueueFollowForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Hoe vaak"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATELY,
        required=False,
    )
    stop = forms.BooleanField(required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("stop") and not data.get("frequency"):
            data["frequency"] = Frequency.IMMEDIATELY
        return data
