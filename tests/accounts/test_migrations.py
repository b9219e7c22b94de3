"""The data migrations are reversible: their backward step undoes their forward step."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group

import pytest

pytestmark = pytest.mark.django_db

roles = import_module("accounts.migrations.0001_create_role_groups")
grants = import_module("standards.migrations.0002_grant_release_management")


def test_role_groups_roll_back_and_forward():
    roles.delete_groups(apps, None)
    assert not Group.objects.filter(name__in=roles.ROLE_NAMES).exists()
    roles.create_groups(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_NAMES)


def test_release_management_grant_rolls_back_and_forward():
    group = Group.objects.get(name="release_manager")
    grants.revoke(apps, None)
    assert not group.permissions.filter(codename="manage_release").exists()
    grants.grant(apps, None)
    assert group.permissions.filter(codename="manage_release").exists()
    assert group.permissions.filter(codename="change_articleversion").exists()
