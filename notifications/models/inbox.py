"""The notification centre: what happened, per follower, read or not.

One ``Notification`` per follower per event: the same event never reaches one follower twice,
however many of the follower's subscriptions it matches (``key`` plus the follower is unique).
It keeps the subscription it came through, which is the reason it is shown ("u volgt artikel
3.30"), and whether it still has to go into the follower's digest.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("account"),
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    subscription = models.ForeignKey(
        "notifications.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("abonnement"),
    )
    key = models.CharField(_("gebeurtenis"), max_length=120)
    title = models.CharField(_("titel"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("adres"), max_length=500)
    reason = models.CharField(_("waarom"), max_length=300)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # Set for a follower who wants a digest; cleared when the digest that holds it is queued.
    digest_due = models.BooleanField(_("nog in overzicht"), default=False)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "user"],
                condition=Q(user__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["key", "email"],
                condition=Q(user__isnull=True),
                name="notification_once_per_address",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title
