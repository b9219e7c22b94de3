"""The data migrations are reversible: rolling back removes the groups, migrating restores them."""

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_role_migrations_roll_back_and_forward():
    from django.contrib.auth.models import Group

    call_command("migrate", "standards", "0001", verbosity=0)
    call_command("migrate", "accounts", "zero", verbosity=0)
    assert not Group.objects.filter(name="release_manager").exists()
    call_command("migrate", verbosity=0)
    group = Group.objects.get(name="release_manager")
    assert group.permissions.filter(codename="manage_release").exists()
