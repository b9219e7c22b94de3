"""The steering group (Stuurgroep i-Sociaal Domein) decides in meetings.

A ``SteeringMeeting`` has a date and an agenda built from the change requests ready for a
decision. Each ``AgendaItem`` gets one decision: approve, reject, or defer to a later meeting
(the change request then waits for the next agenda). Once all items are decided the secretary
publishes the meeting's decision list (besluitenlijst).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from governance.constants import SteeringOutcome


class SteeringMeeting(models.Model):
    held_on = models.DateField(_("datum"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    decisions_published_at = models.DateTimeField(
        _("besluitenlijst gepubliceerd op"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vergadering stuurgroep")
        verbose_name_plural = _("vergaderingen stuurgroep")
        ordering = ["-held_on", "-pk"]
        permissions = [("manage_steeringmeeting", _("Kan vergaderingen van de stuurgroep beheren"))]

    def __str__(self) -> str:
        return _("Stuurgroep %(date)s") % {"date": date_format(self.held_on, "j F Y")}

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"pk": self.pk})

    @property
    def decisions_published(self) -> bool:
        return self.decisions_published_at is not None


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        SteeringMeeting,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("vergadering"),
    )
    change_request = models.ForeignKey(
        "governance.ChangeRequest",
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("wijzigingsverzoek"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    outcome = models.CharField(
        _("besluit"), max_length=8, choices=SteeringOutcome.choices, blank=True
    )
    motivation = models.TextField(_("motivering"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    decided_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "change_request"], name="agenda_item_once_per_meeting"
            ),
            # A change request waits on one agenda at a time.
            models.UniqueConstraint(
                fields=["change_request"],
                condition=models.Q(outcome=""),
                name="agenda_item_one_open_per_change_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.change_request_id}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)
