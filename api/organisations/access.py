"""Which organisations a caller of the API may read, with their contracts.

Over a session the portal's own rule applies (``organisations.permissions.may_view``): the
secretariat reads every organisation; a contact reads their own organisations and the regions
their municipalities belong to (the contracts of those regions bind them).

Over an API key the same, narrowed to the organisations named on the key when it names any. An
integrator (permission ``api.read_named_organisations``) is no contact of anything: their key
reads exactly the organisations the secretariat named on it, at those organisations' request.

Anything else does not exist for the caller: the API answers 404, not 403, so that nobody learns
which organisations (or contracts) exist by trying their slugs.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, Q, QuerySet

from api.models import READ_NAMED_ORGANISATIONS, ApiKey
from organisations.constants import OrganisationKind
from organisations.models import Organisation
from organisations.permissions import may_view_all

User = AbstractBaseUser | AnonymousUser


def _own(user: User) -> QuerySet[Organisation]:
    if may_view_all(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        pk__in=Organisation.objects.filter(
            Q(contacts=user) | Q(kind=OrganisationKind.REGION, municipalities__contacts=user)
        ).values("pk")
    )


def organisations_readable(user: User, api_key: ApiKey | None = None) -> QuerySet[Organisation]:
    """The organisations the caller may read, in one query (no probe whether the key names any)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    own = _own(user)
    if api_key is None:
        return own
    named = ApiKey.organisations.through.objects.filter(apikey_id=api_key.pk)
    named_ids = named.values("organisation_id")
    if user.has_perm(READ_NAMED_ORGANISATIONS):
        # What is named is what the key reads; with nothing named, the user's own.
        return Organisation.objects.filter(
            Q(pk__in=named_ids) | (Q(pk__in=own.values("pk")) & ~Exists(named))
        )
    # Named organisations only narrow: a contact who left an organisation no longer reads it.
    return own.filter(Q(pk__in=named_ids) | ~Exists(named))


def organisation_readable_get(user: User, api_key: ApiKey | None, *, slug: str) -> Organisation:
    """One organisation the caller may read; ``Organisation.DoesNotExist`` otherwise."""
    return organisations_readable(user, api_key).get(slug=slug)
