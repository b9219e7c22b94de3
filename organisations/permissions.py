"""Who may see and change an organisation and its contracts.

An organisation's **contacts** keep its data and contracts; nobody else changes them. The
secretariat (permission ``view_all_organisations``) reads every organisation and the
implementation dashboard, and creates regions and providers like a contact can. The contacts of
a municipality also read the contracts of the regions it belongs to: those contracts bind it.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accounts.roles import Role, has_role
from organisations.models import Organisation
from organisations.models.organisations import VIEW_ALL_ORGANISATIONS

User = AbstractBaseUser | AnonymousUser


def may_view_all(user: User) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_ALL_ORGANISATIONS)


def is_contact(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return organisation.contacts.filter(pk=user.pk).exists()


def may_manage(user: User, organisation: Organisation) -> bool:
    """Change the organisation's data and its contracts: its contacts (and superusers)."""
    return user.is_authenticated and (user.is_superuser or is_contact(user, organisation))


def may_view(user: User, organisation: Organisation) -> bool:
    """Read the organisation's contracts: its contacts, the secretariat and, for a region,
    the contacts of its member municipalities."""
    if may_view_all(user) or may_manage(user, organisation):
        return True
    return (
        user.is_authenticated
        and organisation.is_region
        and organisation.municipalities.filter(contacts=user).exists()
    )


def may_create_organisations(user: User) -> bool:
    """Regions and providers are created by organisation contacts and the secretariat."""
    return may_view_all(user) or has_role(user, Role.ORGANISATION_CONTACT)
