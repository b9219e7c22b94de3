"""The roles of the portal (DESIGN.md, "Roles"), each backed by a Django group of the same name.

The anonymous visitor and the submitter need no group: they are whoever is not logged in, and
whoever filed a change request.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariaat (Ketenbureau)")
    LEGAL_REVIEWER = "legal_reviewer", _("Juridisch beoordelaar (expertteam)")
    PRACTICAL_REVIEWER = "practical_reviewer", _("Praktijkbeoordelaar (begeleidingsgroep)")
    STEERING_SECRETARY = "steering_secretary", _("Secretaris stuurgroep")
    STEERING_MEMBER = "steering_member", _("Lid stuurgroep")
    RELEASE_MANAGER = "release_manager", _("Releasemanager")
    ORGANISATION_CONTACT = "organisation_contact", _("Contactpersoon organisatie")
    INTEGRATOR = "integrator", _("Integrator")


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    """Whether the user acts in this role (superusers act in every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()
