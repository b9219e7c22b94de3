"""Webhooks: the portal calls an integrator's server when something happens.

An integrator registers an endpoint (``WebhookEndpoint``): an https address and the events it
wants (a release published, a change request taking a step). Each event becomes one
``WebhookDelivery`` per subscribed endpoint, keyed on the event, so a duplicated event is
delivered once. A delivery is queued, claimed by one worker, POSTed as JSON and marked
delivered on a 2xx answer; any other outcome is retried later with a growing delay, its error
and the start of the answer kept in the delivery log, until it is given up. An endpoint that
keeps failing is switched off (``disabled_at``) until its owner or staff switch it on again;
its owner can also switch it off and on (``active``).

The secret is a *shared* secret: the portal signs every request with it (HMAC-SHA256), so it
must be able to read it, and it is stored as it is. It is shown to the integrator once, when the
endpoint is made and when the secret is replaced; it is never shown in the admin. Whoever can
read the database can read the secrets: replace a secret that may have leaked.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    RELEASE_PUBLISHED = "release.published", _("Een versie is gepubliceerd")
    CHANGE_REQUEST_TRANSITIONED = (
        "change_request.transitioned",
        _("Een wijzigingsverzoek heeft een stap gezet"),
    )


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    DELIVERED = "delivered", _("Afgeleverd")
    FAILED = "failed", _("Mislukt, opgegeven")


class WebhookEndpoint(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("eigenaar"),
    )
    url = models.URLField(_("adres"), max_length=500)
    secret = models.CharField(_("geheim"), max_length=100, editable=False)
    events = models.JSONField(_("gebeurtenissen"), default=list)
    # The owner's own switch.
    active = models.BooleanField(_("aan"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Failed attempts in a row, over all deliveries, since the last success; and since when.
    consecutive_failures = models.PositiveIntegerField(_("mislukte pogingen op rij"), default=0)
    failing_since = models.DateTimeField(_("mislukt sinds"), null=True, blank=True)
    # Set when the portal switched the endpoint off after too many failures.
    disabled_at = models.DateTimeField(_("uitgeschakeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "url"], name="webhook_endpoint_once_per_owner")
        ]
        permissions = [("manage_webhooks", _("Kan eigen webhooks beheren"))]

    def __str__(self) -> str:
        return self.url

    @property
    def is_receiving(self) -> bool:
        """Whether events reach it now: switched on by its owner, not switched off by failures."""
        return self.active and self.disabled_at is None

    @property
    def secret_hint(self) -> str:
        """Enough of the secret to recognise it, not enough to use it."""
        return f"…{self.secret[-4:]}" if self.secret else ""

    def get_event_display(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(event, event)) for event in self.events]


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    # Sent as X-CS-Delivery; the same for every attempt, so the receiver can recognise a repeat.
    uuid = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(_("gebeurtenis"), max_length=40, choices=WebhookEvent.choices)
    event_key = models.CharField(_("sleutel"), max_length=200)
    payload = models.JSONField(_("inhoud"))
    status = models.CharField(
        _("status"), max_length=9, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"))
    claimed_until = models.DateTimeField(_("bezet tot"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("antwoordcode"), null=True, blank=True)
    response_excerpt = models.TextField(_("begin van het antwoord"), blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhookbericht")
        verbose_name_plural = _("webhookberichten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_key"], name="webhook_delivery_once_per_endpoint"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="queued"),
                name="webhook_delivery_due",
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id}"
