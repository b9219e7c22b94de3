"""Making, revoking and checking API keys (``api.models.ApiKey``).

Every write of a key goes through here, for the portal pages and the admin alike:

* ``api_key_create`` makes a key and returns it with its **plaintext**, ``<prefix>.<secret>``,
  which exists nowhere else: the caller shows it once and forgets it;
* ``api_key_revoke`` revokes it for good (its owner, or staff who may change keys);
* ``api_key_name_organisations`` sets the organisations a key may read (staff, in the admin).

``api_key_authenticate`` is the lookup of ``api.authentication``: it finds the key by its
prefix, compares the SHA-256 of the secret in constant time, refuses a revoked or expired key or
one whose user may no longer have keys, and records the use at most once a minute.
"""

import datetime
import hashlib
import hmac
import secrets
import string
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import USE_API_KEYS, ApiKey, ApiScope
from organisations.models import Organisation
from organisations.selectors import organisations_of_contact

User = AbstractBaseUser | AnonymousUser

# Staff who may revoke anyone's key and name organisations on it (the admin).
CHANGE_API_KEYS = "api.change_apikey"
PREFIX_START = "cs_"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
PREFIX_LENGTH = 10  # after PREFIX_START: 36**10 prefixes
SECRET_BYTES = 32  # 256 random bits: a fast hash is safe, nothing to guess or look up
MAX_ACTIVE_KEYS_PER_USER = 20
# ``last_used_at`` is written when it is older than this, so not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiKeyError(Exception):
    """A refused change of a key; ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidApiKey(Exception):
    """The presented key does not sign anyone in; the message says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def may_use_api_keys(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(USE_API_KEYS)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Reads ----------------------------------------------------------------------------------------


def api_keys_of(user: User) -> QuerySet[ApiKey]:
    """The user's keys, newest first, revoked ones included, with their organisations."""
    if not user.is_authenticated:
        return ApiKey.objects.none()
    return ApiKey.objects.filter(user=user).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
    )


def api_key_of(user: User, pk: int) -> ApiKey:
    """One of the user's own keys; raises ``ApiKey.DoesNotExist`` for anyone else's."""
    return api_keys_of(user).get(pk=pk)


def organisations_offered(user: User) -> QuerySet[Organisation]:
    """The organisations a user may name on their own key: those they are a contact of.

    (The secretariat reads all organisations and needs no narrowing to pick from hundreds; an
    integrator's organisations are named by staff in the admin.)
    """
    return organisations_of_contact(user)


# --- Writes ---------------------------------------------------------------------------------------


def _new_prefix() -> str:
    while True:
        prefix = PREFIX_START + "".join(
            secrets.choice(PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH)
        )
        if not ApiKey.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def api_key_create(
    *,
    by: AbstractBaseUser,
    name: str,
    scopes: Iterable[str],
    organisations: Iterable[Organisation] = (),
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key of ``by``; returns it with the plaintext ``<prefix>.<secret>``, shown once."""
    if not may_use_api_keys(by):
        raise ApiKeyError(_("Alleen integrators en medewerkers met een rol hebben API-sleutels."))
    name = name.strip()
    if not name:
        raise ApiKeyError(_("Geef de sleutel een naam."), field="name")
    scopes = list(dict.fromkeys(scopes))
    if not scopes:
        raise ApiKeyError(_("Kies ten minste één bevoegdheid."), field="scopes")
    unknown = [scope for scope in scopes if scope not in ApiScope.values]
    if unknown:
        raise ApiKeyError(
            _("Onbekende bevoegdheid: %(scopes)s.") % {"scopes": ", ".join(unknown)},
            field="scopes",
        )
    organisations = list(organisations)
    offered = set(organisations_offered(by).values_list("pk", flat=True))
    if any(organisation.pk not in offered for organisation in organisations):
        raise ApiKeyError(
            _("U kunt alleen organisaties kiezen waarvan u contactpersoon bent."),
            field="organisations",
        )
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise ApiKeyError(_("Kies een datum in de toekomst."), field="expires_on")
    active = ApiKey.objects.filter(user=by, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    if active.count() >= MAX_ACTIVE_KEYS_PER_USER:
        raise ApiKeyError(
            _(
                "U hebt al %(number)s werkende sleutels. Trek er eerst een in die u niet meer "
                "gebruikt."
            )
            % {"number": MAX_ACTIVE_KEYS_PER_USER}
        )
    secret = secrets.token_urlsafe(SECRET_BYTES)
    api_key = ApiKey.objects.create(
        user=by,
        name=name,
        prefix=_new_prefix(),
        secret_hash=hash_secret(secret),
        scopes=[scope for scope in ApiScope.values if scope in scopes],
        expires_at=expires_at,
        created_at=now,
    )
    api_key.organisations.set(organisations)
    return api_key, f"{api_key.prefix}.{secret}"


def may_revoke(api_key: ApiKey, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return api_key.user_id == user.pk or user.has_perm(CHANGE_API_KEYS)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: AbstractBaseUser) -> ApiKey:
    """Revoke the key at once and for good; it stays listed with the moment and who did it."""
    if not may_revoke(api_key, by):
        raise ApiKeyError(_("U kunt alleen uw eigen sleutels intrekken."))
    now = timezone.now()
    # Conditional, so that two revocations at once record the first.
    revoked = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
    if not revoked:
        raise ApiKeyError(_("Deze sleutel was al ingetrokken."))
    api_key.revoked_at = now
    api_key.revoked_by = by
    return api_key


@transaction.atomic
def api_key_name_organisations(
    *, api_key: ApiKey, organisations: Iterable[Organisation], by: AbstractBaseUser
) -> ApiKey:
    """Set the organisations the key may read (staff: for an integrator, at their request)."""
    if not by.has_perm(CHANGE_API_KEYS):
        raise ApiKeyError(_("Alleen het secretariaat koppelt organisaties aan een sleutel."))
    api_key.organisations.set(organisations)
    return api_key


# --- Signing in -----------------------------------------------------------------------------------


def api_key_authenticate(token: str, *, at: datetime.datetime | None = None) -> ApiKey:
    """The key ``<prefix>.<secret>`` names, with its user; raises ``InvalidApiKey``.

    Unknown prefix and wrong secret give the same answer; only the holder of the right secret
    learns that the key was revoked or has expired.
    """
    at = at or timezone.now()
    prefix, dot, secret = token.partition(".")
    if not (prefix and dot and secret):
        raise InvalidApiKey(_("Een API-sleutel heeft de vorm <voorvoegsel>.<geheim>."))
    api_key = ApiKey.objects.select_related("user").filter(prefix=prefix).first()
    # Compare even without a key, so that the answer takes as long either way.
    expected = api_key.secret_hash if api_key is not None else hash_secret("")
    if not hmac.compare_digest(hash_secret(secret), expected) or api_key is None:
        raise InvalidApiKey(_("Deze API-sleutel bestaat niet."))
    if api_key.revoked_at is not None:
        raise InvalidApiKey(_("Deze API-sleutel is ingetrokken."))
    if api_key.expires_at is not None and api_key.expires_at <= at:
        raise InvalidApiKey(_("Deze API-sleutel is verlopen."))
    if not may_use_api_keys(api_key.user):
        raise InvalidApiKey(
            _("De gebruiker van deze API-sleutel mag geen sleutels meer gebruiken.")
        )
    _record_use(api_key, at)
    return api_key


def _record_use(api_key: ApiKey, at: datetime.datetime) -> None:
    """Write ``last_used_at`` when it is older than a minute: not a write per request."""
    stale = at - LAST_USED_RESOLUTION
    if api_key.last_used_at is not None and api_key.last_used_at > stale:
        return
    ApiKey.objects.filter(pk=api_key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=at)
    api_key.last_used_at = at
