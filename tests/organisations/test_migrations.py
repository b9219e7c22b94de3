"""The permissions migration of the organisations app grants each role its part, reversibly.

``organisations/migrations/0002_grant_organisation_permissions`` gives the secretariat group
``view_all_organisations`` (every organisation, contract and the implementation dashboard) and
the organisation-contact group ``keep_own_organisation``; no other group gets either. Revoking
takes exactly those away and leaves every other permission alone; granting again restores them.
The steps run here on the historical models of the migration state, as ``migrate`` runs them
(not on the live app registry, whose app configs the grant would otherwise modify).
"""

from importlib import import_module

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

grants = import_module("organisations.migrations.0002_grant_organisation_permissions")
MIGRATION = ("organisations", "0002_grant_organisation_permissions")
GRANTED = {
    Role.SECRETARIAT.value: {"view_all_organisations"},
    Role.ORGANISATION_CONTACT.value: {"keep_own_organisation"},
}


@pytest.fixture
def state_apps():
    """The models as the migration sees them (its project state), as ``migrate`` passes them."""
    loader = MigrationLoader(connection)
    return loader.project_state(MIGRATION, at_end=True).apps


def organisation_permissions() -> dict[str, set[str]]:
    """Per role group, the permissions it holds in the organisations app."""
    return {
        group.name: set(
            group.permissions.filter(content_type__app_label="organisations").values_list(
                "codename", flat=True
            )
        )
        for group in Group.objects.all()
    }


def test_the_secretariat_sees_all_and_contacts_keep_their_own():
    """After ``migrate`` exactly the two roles hold the two permissions; the others none."""
    held = organisation_permissions()
    assert set(Role.values) <= set(held)
    for role in Role.values:
        assert held[role] == GRANTED.get(role, set()), role


def test_users_in_those_roles_have_the_permissions():
    secretary = UserFactory(roles=[Role.SECRETARIAT])
    contact = UserFactory(roles=[Role.ORGANISATION_CONTACT])
    reviewer = UserFactory(roles=[Role.LEGAL_REVIEWER])
    assert secretary.has_perm("organisations.view_all_organisations")
    assert not secretary.has_perm("organisations.keep_own_organisation")
    assert contact.has_perm("organisations.keep_own_organisation")
    assert not contact.has_perm("organisations.view_all_organisations")
    assert not reviewer.has_perm("organisations.view_all_organisations")
    assert not reviewer.has_perm("organisations.keep_own_organisation")


def test_the_grant_rolls_back_and_forward(state_apps):
    """Revoking removes what was granted; granting restores exactly the same."""
    migrated = organisation_permissions()

    grants.revoke(state_apps, None)
    assert organisation_permissions() == {name: set() for name in migrated}

    grants.grant(state_apps, None)
    assert organisation_permissions() == migrated


def test_revoking_leaves_other_permissions_alone(state_apps):
    """The secretariat keeps its governance permissions when this grant is undone."""

    def others() -> dict[str, set[str]]:
        return {
            group.name: set(
                group.permissions.exclude(content_type__app_label="organisations").values_list(
                    "content_type__app_label", "codename"
                )
            )
            for group in Group.objects.all()
        }

    before = others()
    assert ("governance", "intake_changerequest") in before[Role.SECRETARIAT.value]

    grants.revoke(state_apps, None)

    assert others() == before


def test_granting_twice_changes_nothing(state_apps):
    migrated = organisation_permissions()
    grants.grant(state_apps, None)
    grants.grant(state_apps, None)
    assert organisation_permissions() == migrated


def test_the_grant_creates_the_permissions_when_they_do_not_exist_yet(state_apps):
    """On a fresh database the migration runs before ``post_migrate`` creates permissions; the
    grant creates them itself rather than failing or skipping them."""
    grants.revoke(state_apps, None)
    Permission.objects.filter(content_type__app_label="organisations").filter(
        codename__in=["view_all_organisations", "keep_own_organisation"]
    ).delete()

    grants.grant(state_apps, None)

    assert organisation_permissions()[Role.SECRETARIAT.value] == {"view_all_organisations"}
    assert organisation_permissions()[Role.ORGANISATION_CONTACT.value] == {"keep_own_organisation"}
