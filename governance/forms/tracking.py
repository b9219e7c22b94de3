"""Forms of the submitter's own tracking page: answering a question and withdrawing.

They check only what a form can see (something typed, the box ticked); whether the step is
allowed in the request's current state is the service's answer.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultilineTextField(forms.CharField):
    """Text from a textarea, with the browser's CRLF line ends turned into the stored LF.

    Without this an unchanged multi-line text would look changed (``\\r\\n`` against ``\\n``).
    """

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class SupplyInfoForm(forms.Form):
    """The submitter's answer to the secretariat's question, optionally with new wording."""

    answer = MultilineTextField(
        label=_("Uw antwoord"),
        help_text=_("Uw antwoord komt in het openbare verloop van uw wijzigingsverzoek."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Geef uw antwoord.")},
    )
    proposed_text = MultilineTextField(
        label=_("Voorgestelde tekst"),
        help_text=_(
            "Pas de tekst alleen aan als uw antwoord daarom vraagt. Een aangepaste tekst wordt "
            "een nieuwe revisie van uw verzoek."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Geef de voorgestelde tekst.")},
    )

    def __init__(self, *args, with_proposed_text: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_proposed_text:
            # A request to remove an article has no wording to revise.
            del self.fields["proposed_text"]

    def revised_text(self) -> str | None:
        """The new wording, or None when the submitter left the current wording as it was."""
        if "proposed_text" not in self.fields or "proposed_text" not in self.changed_data:
            return None
        return self.cleaned_data["proposed_text"]


class WithdrawForm(forms.Form):
    reason = MultilineTextField(
        label=_("Reden van intrekken"),
        help_text=_("De reden komt in het openbare verloop van uw wijzigingsverzoek."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Ja, ik trek dit wijzigingsverzoek in"),
        help_text=_("Intrekken kan niet ongedaan worden gemaakt."),
        error_messages={"required": _("Vink aan dat u het wijzigingsverzoek wilt intrekken.")},
    )
