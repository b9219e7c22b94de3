"""The timeline of a change request: one ``TransitionEvent`` per state change.

Every transition writes exactly one event: which step, from which state to which, who took it,
when, a public comment the submitter and everyone else can read, and an internal note that only
staff roles read. It is append-only; ``django-simple-history`` keeps every edit of the change
request itself besides.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.constants import ActorRole, ChangeRequestState


class TransitionEvent(models.Model):
    change_request = models.ForeignKey(
        "governance.ChangeRequest",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("wijzigingsverzoek"),
    )
    transition = models.CharField(_("stap"), max_length=32)
    from_state = models.CharField(
        _("van status"), max_length=20, choices=ChangeRequestState.choices
    )
    to_state = models.CharField(_("naar status"), max_length=20, choices=ChangeRequestState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgevoerd door"),
    )
    actor_role = models.CharField(_("rol"), max_length=20, choices=ActorRole.choices)
    public_comment = models.TextField(_("toelichting"), blank=True)
    internal_note = models.TextField(_("interne notitie"), blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.change_request_id}: {self.from_state} → {self.to_state}"
