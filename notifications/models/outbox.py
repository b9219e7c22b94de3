"""The outbox: every e-mail the portal sends, with its status, until it has been delivered.

A message is written here first, in the same transaction as what caused it, under a key that
says what it is ("transition:812:a.jansen@example.nl"); the same key is never queued twice, so a
duplicated event sends nothing twice. A worker claims a message for a while, sends it and marks
it sent; a failed attempt is retried later with a growing delay and its error stays visible; a
message whose claim ran out (its worker died) is claimed again.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt, opgegeven")


class OutgoingMail(models.Model):
    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=300)
    text = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), db_index=True)
    claimed_until = models.DateTimeField(_("bezet tot"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="queued"),
                name="outgoing_mail_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
