"""Forms of the follower's pages: following with a frequency, changing it, stopping."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Frequency


class FollowForm(forms.Form):
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


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(label=_("Hoe vaak"), choices=Frequency.choices, required=False)
    stop = forms.BooleanField(required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("stop") and not data.get("frequency"):
            raise forms.ValidationError(_("Kies hoe vaak u berichten wilt ontvangen."))
        return data


class EmailFollowForm(forms.Form):
    """Following without an account: the address to confirm, and how often."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak"), choices=Frequency.choices, initial=Frequency.IMMEDIATELY
    )
