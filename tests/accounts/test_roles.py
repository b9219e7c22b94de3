"""Roles are groups created by a data migration; release managers may manage releases."""

from django.contrib.auth.models import Group

import pytest

from accounts.roles import Role, has_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_release_managers_and_secretariat_may_manage_releases():
    for role in (Role.RELEASE_MANAGER, Role.SECRETARIAT):
        user = UserFactory(username=f"u-{role.value}", roles=[role])
        assert user.has_perm("standards.manage_release")
    assert not UserFactory(username="lid", roles=[Role.STEERING_MEMBER]).has_perm(
        "standards.manage_release"
    )


def test_has_role():
    user = UserFactory(username="jurist", roles=[Role.LEGAL_REVIEWER])
    assert has_role(user, Role.LEGAL_REVIEWER)
    assert not has_role(user, Role.SECRETARIAT)
