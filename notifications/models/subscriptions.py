"""Following: someone wants to hear about one object of the portal, or about a work queue.

A subscription ties a follower (an account, or a confirmed e-mail address for someone without
one) to one object: a change request, an article identity (so the follower keeps hearing about
the article through all its releases, also after renumbering), a document, a standard or a
release. A member of staff can instead follow a work queue (``queue``): they hear of every
request that arrives in it (``notifications.queues``). Each subscription says how often its
messages go out: at once, or gathered in a daily or weekly digest. In-app notices need an
account; a follower by e-mail address gets e-mail only.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.constants import Queue


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Direct")
    DAILY = "daily", _("Dagelijks overzicht")
    WEEKLY = "weekly", _("Wekelijks overzicht")


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("account"),
    )
    email = models.EmailField(
        _("e-mailadres"), blank=True, help_text=_("Voor wie zonder account volgt.")
    )
    # Either an object (target_type + target_id) or a queue, never both.
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("soort onderwerp"),
    )
    target_id = models.PositiveBigIntegerField(_("onderwerp"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    queue = models.CharField(_("werkvoorraad"), max_length=20, choices=Queue.choices, blank=True)
    frequency = models.CharField(
        _("frequentie"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    created_at = models.DateTimeField(_("gevolgd sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        # The two once-per-follower constraints on objects leave queue subscriptions alone:
        # their target columns are NULL, and NULLs never collide in a unique index.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"],
                condition=Q(user__isnull=False),
                name="subscription_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["email", "target_type", "target_id"],
                condition=Q(user__isnull=True),
                name="subscription_once_per_address",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="subscription_has_a_follower",
            ),
            models.UniqueConstraint(
                fields=["user", "queue"],
                condition=Q(user__isnull=False) & ~Q(queue=""),
                name="subscription_once_per_user_per_queue",
            ),
            models.CheckConstraint(
                condition=(
                    Q(queue="", target_type__isnull=False, target_id__isnull=False)
                    | (~Q(queue="") & Q(target_type__isnull=True, target_id__isnull=True))
                ),
                name="subscription_follows_an_object_or_a_queue",
            ),
            models.CheckConstraint(  # a queue is staff's work: only an account follows one
                condition=Q(queue="") | Q(user__isnull=False),
                name="subscription_queue_has_an_account",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="subscription_target"),
            models.Index(fields=["queue"], condition=~Q(queue=""), name="subscription_queue"),
        ]

    def __str__(self) -> str:
        if self.queue:
            return f"{self.user or self.email} → {self.queue}"
        return f"{self.user or self.email} → {self.target_type.model} {self.target_id}"
