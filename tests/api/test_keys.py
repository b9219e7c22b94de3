"""API keys (``api.keys``): made with the plaintext shown once, stored hashed, revoked for good.

Also the permissions migration: who may have keys (integrators, organisation contacts and the
staff roles) and who reads the organisations named on a key (integrators).
"""

import datetime
import hashlib

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from accounts.roles import Role
from api import keys
from api.models import ApiKey, ApiScope
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

READ = ApiScope.ORGANISATIONS_READ
WRITE = ApiScope.CHANGE_REQUESTS_WRITE
WITH_KEYS = {
    Role.INTEGRATOR,
    Role.ORGANISATION_CONTACT,
    Role.SECRETARIAT,
    Role.LEGAL_REVIEWER,
    Role.PRACTICAL_REVIEWER,
    Role.STEERING_SECRETARY,
    Role.RELEASE_MANAGER,
}


def group_codenames(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return set(
        group.permissions.filter(content_type__app_label="api").values_list("codename", flat=True)
    )


def test_roles_with_keys_and_integrators_read_named_organisations():
    """The data migration grants ``use_api_keys`` to exactly the listed roles, and
    ``read_named_organisations`` to integrators only."""
    for role in Role:
        expected = set()
        if role in WITH_KEYS:
            expected.add("use_api_keys")
        if role == Role.INTEGRATOR:
            expected.add("read_named_organisations")
        assert group_codenames(role) == expected, role


def test_create_returns_the_plaintext_once_and_stores_only_its_hash():
    user = UserFactory(roles=[Role.INTEGRATOR])
    api_key, plaintext = keys.api_key_create(by=user, name=" Zaaksysteem ", scopes=[WRITE, READ])
    prefix, secret = plaintext.split(".", 1)
    assert prefix == api_key.prefix and prefix.startswith("cs_")
    assert len(secret) >= 40
    stored = ApiKey.objects.get()
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiKey.objects.values().get())
    assert stored.name == "Zaaksysteem"
    assert stored.scopes == [READ, WRITE]  # in the order of the choices
    assert keys.api_key_authenticate(plaintext) == stored


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": "  ", "scopes": [READ]}, "name"),
        ({"name": "Koppeling", "scopes": []}, "scopes"),
        ({"name": "Koppeling", "scopes": ["everything:write"]}, "scopes"),
        (
            {
                "name": "Koppeling",
                "scopes": [READ],
                "expires_at": timezone.now() - datetime.timedelta(minutes=1),
            },
            "expires_on",
        ),
    ],
)
def test_create_refuses_invalid_input_and_writes_nothing(kwargs, field):
    user = UserFactory(roles=[Role.INTEGRATOR])
    with pytest.raises(keys.ApiKeyError) as refused:
        keys.api_key_create(by=user, **kwargs)
    assert refused.value.field == field
    assert not ApiKey.objects.exists()


def test_only_users_allowed_keys_make_them():
    """A steering-group member or an account without a role has no keys."""
    for user in (UserFactory(), UserFactory(roles=[Role.STEERING_MEMBER])):
        with pytest.raises(keys.ApiKeyError):
            keys.api_key_create(by=user, name="Script", scopes=[READ])
    assert not ApiKey.objects.exists()


def test_a_contact_names_only_own_organisations():
    contact = UserFactory(roles=[Role.ORGANISATION_CONTACT])
    own = OrganisationFactory(contacts=[contact])
    other = OrganisationFactory()
    api_key, _ = keys.api_key_create(by=contact, name="Eigen", scopes=[READ], organisations=[own])
    assert list(api_key.organisations.all()) == [own]
    with pytest.raises(keys.ApiKeyError) as refused:
        keys.api_key_create(by=contact, name="Ander", scopes=[READ], organisations=[other])
    assert refused.value.field == "organisations"
    assert ApiKey.objects.count() == 1


def test_at_most_twenty_working_keys(monkeypatch):
    monkeypatch.setattr(keys, "MAX_ACTIVE_KEYS_PER_USER", 2)
    user = UserFactory(roles=[Role.INTEGRATOR])
    first, _ = keys.api_key_create(by=user, name="Een", scopes=[READ])
    keys.api_key_create(by=user, name="Twee", scopes=[READ])
    with pytest.raises(keys.ApiKeyError):
        keys.api_key_create(by=user, name="Drie", scopes=[READ])
    keys.api_key_revoke(api_key=first, by=user)
    keys.api_key_create(by=user, name="Drie", scopes=[READ])
    assert ApiKey.objects.count() == 3


def test_revoke_by_owner_records_when_and_who_and_only_once():
    user = UserFactory(roles=[Role.INTEGRATOR])
    api_key, plaintext = keys.api_key_create(by=user, name="Koppeling", scopes=[READ])
    keys.api_key_revoke(api_key=api_key, by=user)
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None and api_key.revoked_by == user
    with pytest.raises(keys.InvalidApiKey, match="ingetrokken"):
        keys.api_key_authenticate(plaintext)
    with pytest.raises(keys.ApiKeyError):
        keys.api_key_revoke(api_key=api_key, by=user)


def test_nobody_else_revokes_a_key_but_staff_who_may_change_keys():
    owner = UserFactory(roles=[Role.INTEGRATOR])
    api_key, _ = keys.api_key_create(by=owner, name="Koppeling", scopes=[READ])
    with pytest.raises(keys.ApiKeyError):
        keys.api_key_revoke(api_key=api_key, by=UserFactory(roles=[Role.INTEGRATOR]))
    api_key.refresh_from_db()
    assert api_key.revoked_at is None
    admin = UserFactory(is_superuser=True, is_staff=True)
    keys.api_key_revoke(api_key=api_key, by=admin)
    api_key.refresh_from_db()
    assert api_key.revoked_by == admin


@pytest.mark.parametrize(
    "token",
    ["", "zonderpunt", "cs_onbekend.geheim", ".geheim", "cs_x."],
)
def test_authenticate_refuses_malformed_and_unknown_keys(token):
    with pytest.raises(keys.InvalidApiKey):
        keys.api_key_authenticate(token)


def test_authenticate_refuses_a_wrong_secret_like_an_unknown_key():
    user = UserFactory(roles=[Role.INTEGRATOR])
    api_key, _ = keys.api_key_create(by=user, name="Koppeling", scopes=[READ])
    with pytest.raises(keys.InvalidApiKey, match="bestaat niet"):
        keys.api_key_authenticate(f"{api_key.prefix}.verkeerd")


def test_authenticate_refuses_an_expired_key():
    user = UserFactory(roles=[Role.INTEGRATOR])
    expires = timezone.now() + datetime.timedelta(days=1)
    _, plaintext = keys.api_key_create(by=user, name="Tijdelijk", scopes=[READ], expires_at=expires)
    assert keys.api_key_authenticate(plaintext, at=expires - datetime.timedelta(seconds=1))
    with pytest.raises(keys.InvalidApiKey, match="verlopen"):
        keys.api_key_authenticate(plaintext, at=expires)


def test_authenticate_refuses_a_user_who_lost_the_role_or_was_deactivated():
    user = UserFactory(roles=[Role.INTEGRATOR])
    _, plaintext = keys.api_key_create(by=user, name="Koppeling", scopes=[READ])
    user.groups.clear()
    with pytest.raises(keys.InvalidApiKey):
        keys.api_key_authenticate(plaintext)
    other = UserFactory(roles=[Role.INTEGRATOR])
    _, plaintext = keys.api_key_create(by=other, name="Koppeling", scopes=[READ])
    other.is_active = False
    other.save()
    with pytest.raises(keys.InvalidApiKey):
        keys.api_key_authenticate(plaintext)


def test_last_used_is_written_at_most_once_a_minute(django_assert_num_queries):
    user = UserFactory(roles=[Role.INTEGRATOR])
    api_key, plaintext = keys.api_key_create(by=user, name="Koppeling", scopes=[READ])
    start = timezone.now()
    keys.api_key_authenticate(plaintext, at=start)
    api_key.refresh_from_db()
    assert api_key.last_used_at == start
    # Within the minute: the key and the user's permissions are read, nothing is written.
    with django_assert_num_queries(3):
        keys.api_key_authenticate(plaintext, at=start + datetime.timedelta(seconds=59))
    api_key.refresh_from_db()
    assert api_key.last_used_at == start
    later = start + datetime.timedelta(minutes=2)
    with django_assert_num_queries(4):
        keys.api_key_authenticate(plaintext, at=later)
    api_key.refresh_from_db()
    assert api_key.last_used_at == later


def test_staff_name_organisations_on_an_integrators_key():
    integrator = UserFactory(roles=[Role.INTEGRATOR])
    api_key, _ = keys.api_key_create(by=integrator, name="Koppeling", scopes=[READ])
    organisation = OrganisationFactory()
    with pytest.raises(keys.ApiKeyError):
        keys.api_key_name_organisations(
            api_key=api_key, organisations=[organisation], by=integrator
        )
    assert not api_key.organisations.exists()
    admin = UserFactory(is_superuser=True, is_staff=True)
    keys.api_key_name_organisations(api_key=api_key, organisations=[organisation], by=admin)
    assert list(api_key.organisations.all()) == [organisation]


def test_reverting_the_permissions_migration_takes_exactly_its_grants(settings):
    """Revoke then grant again on the migration state's models: reversible."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = import_module("api.migrations.0002_grant_api_key_permissions")
    apps = (
        MigrationLoader(connection)
        .project_state(("api", "0002_grant_api_key_permissions"), at_end=True)
        .apps
    )
    before = {role: group_codenames(role) for role in Role}
    migration.revoke(apps, None)
    assert all(group_codenames(role) == set() for role in Role)
    migration.grant(apps, None)
    assert {role: group_codenames(role) for role in Role} == before
