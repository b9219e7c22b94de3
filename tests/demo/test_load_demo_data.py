"""The demo data: two standards with two published releases and a draft each, users per role."""

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from accounts.roles import Role
from standards.constants import ReleaseState
from standards.models import ArticleVersion, Release, Standard

pytestmark = pytest.mark.django_db


def test_demo_data_loads_and_is_idempotent():
    """Loading twice gives the same portal: nothing duplicated, nothing changed."""
    call_command("load_demo_data")
    counts = (Standard.objects.count(), Release.objects.count(), ArticleVersion.objects.count())
    call_command("load_demo_data")
    assert counts == (
        Standard.objects.count(),
        Release.objects.count(),
        ArticleVersion.objects.count(),
    )
    for standard in Standard.objects.all():
        states = list(
            standard.releases.order_by("version_major", "version_minor").values_list(
                "state", flat=True
            )
        )
        assert states == [ReleaseState.SUPERSEDED, ReleaseState.PUBLISHED, ReleaseState.DRAFT]
        draft = standard.releases.get(state=ReleaseState.DRAFT)
        assert draft.submission_deadline is not None
    assert Standard.objects.count() == 2


def test_every_role_has_a_demo_user():
    call_command("load_demo_data")
    User = get_user_model()
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.get(username="beheerder").is_superuser


@override_settings(DEVELOPMENT=False)
def test_demo_data_refused_in_production():
    """Well-known demo passwords never reach production by accident."""
    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert not Standard.objects.exists()
