"""API keys: how an integrator's software, or a staff member's script, signs in to the API.

A user allowed to have keys (permission ``api.use_api_keys``: integrators, organisation contacts
and the staff roles) makes a key in the portal (*API-sleutels*) with a name, the **scopes** it
may use and, optionally, an expiry date. The portal shows the whole key once, at creation:
``<prefix>.<secret>``. It keeps the **prefix** (unique, shown on the pages and in the admin, to
recognise the key) and the SHA-256 of the **secret**, never the secret itself: the secret is 256
random bits, so a fast hash cannot be reversed or guessed, and nobody who reads the database can
use a key.

A request sends ``Authorization: Bearer <prefix>.<secret>`` and then acts as the key's user, with
that user's roles and permissions, but only within the key's scopes. A key stops working when it
is **revoked** (by its owner or by staff; it stays listed, with the moment), when it **expires**,
when its user is deactivated, or when the user loses ``api.use_api_keys``. ``last_used_at`` says
when it was last used, to the minute (it is written at most once a minute, not on every request).

The **organisations** of a key narrow what it reads of organisations and their contracts to those
organisations. For an integrator, who is no contact of any organisation, they are what the key
may read at all: the secretariat names them in the admin, at the organisation's request
(``api.keys.organisations_readable``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Having and managing one's own API keys (granted to roles in a data migration).
USE_API_KEYS = "api.use_api_keys"
# The integrator's: a key reads the organisations staff named on it (``ApiKey.organisations``).
READ_NAMED_ORGANISATIONS = "api.read_named_organisations"


class ApiScope(models.TextChoices):
    """What a key may do over the API, beyond reading what is public (which needs no key).

    A scope never adds a right the key's user lacks: it only lets the key use it.
    """

    ORGANISATIONS_READ = (
        "organisations:read",
        _("Organisaties en contracten lezen (met hun implementatiestatus)"),
    )
    CHANGE_REQUESTS_WRITE = (
        "change-requests:write",
        _("Wijzigingsverzoeken indienen en (met een rol) behandelen"),
    )


class ApiKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("gebruiker"),
    )
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("Waarvoor de sleutel is, zoals 'Zaaksysteem'.")
    )
    prefix = models.CharField(_("voorvoegsel"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("SHA-256 van het geheim"), max_length=64, editable=False)
    scopes = models.JSONField(_("bevoegdheden"), default=list)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="api_keys",
        verbose_name=_("organisaties"),
        # For an integrator the organisations whose contracts the key may read: staff name one
        # only at that organisation's request.
        help_text=_("Leeg: wat de gebruiker zelf mag zien; anders alleen deze."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("use_api_keys", _("Kan eigen API-sleutels hebben en beheren")),
            (
                "read_named_organisations",
                _("Kan de organisaties lezen die aan de eigen sleutel zijn gekoppeld"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_active(self, at=None) -> bool:
        """Not revoked and not expired (at ``at``, now by default)."""
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def get_scopes_display(self) -> list[str]:
        labels = dict(ApiScope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
