"""Following: the services that write subscriptions, the selectors that read them, and how a
followed object is named in a reason line (``targets.describe_all``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.models import ChangeRequest
from notifications.models import Frequency, Notification, Subscription
from notifications.selectors import (
    notifications_of,
    subscription_to,
    subscriptions_of,
    unread_count,
)
from notifications.subscriptions import (
    NotificationsError,
    subscription_end,
    subscription_follow,
    subscription_id_from_token,
    subscription_set_frequency,
    unfollow,
    unsubscribe_token,
)
from notifications.targets import describe, describe_all, followable, may_follow
from organisations.constants import OrganisationKind
from organisations.models import Organisation
from standards.constants import ReleaseState
from standards.models import Article, Document, DocumentVersion, Release, Standard
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db


def two_releases(**kwargs) -> tuple[Release, Release]:
    """A published 1.0 with article 3.1 and a 1.1 draft where the same article is renumbered
    3.2 and retitled, and the document retitled."""
    published = release_with_articles(
        version="1.0", articles=[("3.1", "Levering", "De levering.")], **kwargs
    )
    draft = release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.2", "Levering en termijn", "De levering binnen 5 dagen.")],
        identities=[published.article_versions.get().article],
    )
    DocumentVersion.objects.filter(release=draft).update(title="Deel 3: Algemeen")
    return published, draft


# --- subscription_follow / unfollow ---------------------------------------------------------------


def test_following_twice_keeps_one_subscription_with_the_new_frequency():
    """The second follow is no new row: the one subscription takes the frequency asked."""
    user = UserFactory()
    standard = release_with_articles().standard

    first = subscription_follow(user=user, target=standard)
    second = subscription_follow(user=user, target=standard, frequency=Frequency.DAILY)

    assert first.pk == second.pk
    assert Subscription.objects.count() == 1
    assert Subscription.objects.get().frequency == Frequency.DAILY
    assert Subscription.objects.get().target == standard


def test_following_again_with_the_same_frequency_changes_nothing():
    user = UserFactory()
    standard = release_with_articles().standard
    subscription_follow(user=user, target=standard, frequency=Frequency.WEEKLY)

    again = subscription_follow(user=user, target=standard, frequency=Frequency.WEEKLY)

    assert Subscription.objects.get().pk == again.pk
    assert again.frequency == Frequency.WEEKLY


def test_an_anonymous_visitor_cannot_follow():
    """Refused with a Dutch message; nothing is stored."""
    standard = release_with_articles().standard

    with pytest.raises(NotificationsError, match="Log in om te volgen"):
        subscription_follow(user=AnonymousUser(), target=standard)

    assert not Subscription.objects.exists()


def test_following_something_that_is_not_followable_is_refused():
    user = UserFactory()

    with pytest.raises(NotificationsError, match="Dit kunt u niet volgen"):
        subscription_follow(user=user, target=UserFactory())

    assert not Subscription.objects.exists()


def test_following_with_an_unknown_frequency_is_refused():
    user = UserFactory()
    standard = release_with_articles().standard

    with pytest.raises(NotificationsError, match="Kies hoe vaak"):
        subscription_follow(user=user, target=standard, frequency="hourly")

    assert not Subscription.objects.exists()


def test_unfollow_ends_only_that_users_subscription_to_that_target():
    user, other = UserFactory(), UserFactory()
    release = release_with_articles()
    subscription_follow(user=user, target=release.standard)
    subscription_follow(user=user, target=release)
    kept = subscription_follow(user=other, target=release.standard)

    assert unfollow(user=user, target=release.standard) is True
    assert unfollow(user=user, target=release.standard) is False

    assert set(Subscription.objects.values_list("user", "target_id")) == {
        (user.pk, release.pk),
        (other.pk, kept.target_id),
    }


# --- subscription_set_frequency / subscription_end -----------------------------------------------


def test_set_frequency_changes_the_users_own_subscription():
    user = UserFactory()
    subscription = subscription_follow(user=user, target=release_with_articles().standard)

    subscription_set_frequency(subscription=subscription, user=user, frequency=Frequency.WEEKLY)

    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.WEEKLY


def test_set_frequency_refuses_another_users_subscription():
    """Refused, and the owner's frequency stays what it was."""
    owner, intruder = UserFactory(), UserFactory()
    subscription = subscription_follow(user=owner, target=release_with_articles().standard)

    with pytest.raises(NotificationsError, match="niet van u"):
        subscription_set_frequency(
            subscription=subscription, user=intruder, frequency=Frequency.DAILY
        )

    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.IMMEDIATELY


def test_set_frequency_refuses_an_unknown_frequency():
    user = UserFactory()
    subscription = subscription_follow(user=user, target=release_with_articles().standard)

    with pytest.raises(NotificationsError, match="Kies hoe vaak"):
        subscription_set_frequency(subscription=subscription, user=user, frequency="yearly")

    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.IMMEDIATELY


def test_ending_another_users_subscription_is_refused_but_the_signed_link_may():
    owner, intruder = UserFactory(), UserFactory()
    subscription = subscription_follow(user=owner, target=release_with_articles().standard)

    with pytest.raises(NotificationsError, match="niet van u"):
        subscription_end(subscription=subscription, user=intruder)
    assert Subscription.objects.filter(pk=subscription.pk).exists()

    subscription_end(subscription=subscription)  # by the signed link: no user
    assert not Subscription.objects.exists()


# --- unsubscribe tokens ---------------------------------------------------------------------------


def test_an_unsubscribe_token_names_its_subscription():
    subscription = subscription_follow(user=UserFactory(), target=release_with_articles().standard)

    assert subscription_id_from_token(unsubscribe_token(subscription)) == subscription.pk


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # damaged
        lambda token: signing.dumps(12345, salt="notifications.unsubscribe") + "x",
        lambda token: signing.dumps(12345),  # signed, but for another purpose (other salt)
        lambda token: signing.dumps("geen-getal", salt="notifications.unsubscribe"),
        lambda token: "",
        lambda token: "zomaar-iets",
    ],
    ids=["damaged", "appended", "other-salt", "not-a-number", "empty", "garbage"],
)
def test_a_forged_or_damaged_token_names_no_subscription(forge):
    subscription = subscription_follow(user=UserFactory(), target=release_with_articles().standard)

    assert subscription_id_from_token(forge(unsubscribe_token(subscription))) is None


# --- selectors ------------------------------------------------------------------------------------


def notice(user, key: str, **fields) -> Notification:
    return Notification.objects.create(
        user=user,
        key=key,
        title=fields.pop("title", key),
        url="/",
        reason="U volgt iets.",
        **fields,
    )


def test_notifications_of_and_unread_count_are_the_users_own():
    user, other = UserFactory(), UserFactory()
    notice(user, "a")
    notice(user, "b")
    notice(user, "c", read_at="2026-01-01T00:00:00Z")
    notice(other, "a")

    assert [n.key for n in notifications_of(user)] == ["c", "b", "a"]
    assert unread_count(user) == 2
    assert unread_count(other) == 1


def test_subscriptions_of_names_each_followed_object_and_leaves_out_what_is_gone():
    user, other = UserFactory(), UserFactory()
    published, draft = two_releases()
    article = published.article_versions.get().article
    subscription_follow(user=user, target=published.standard)
    subscription_follow(user=user, target=article, frequency=Frequency.DAILY)
    gone = subscription_follow(user=user, target=draft)
    subscription_follow(user=other, target=published)
    Subscription.objects.filter(pk=gone.pk).update(target_id=987654)  # its object is gone

    found = subscriptions_of(user)

    assert [(s.kind, s.name) for s in found] == [
        ("artikel", f"artikel 3.2 Levering en termijn ({published.standard.name})"),
        ("standaard", f"standaard {published.standard.name}"),
    ]
    assert found[0].frequency == Frequency.DAILY


def test_subscription_to_is_the_users_subscription_or_none():
    user = UserFactory()
    standard = release_with_articles().standard
    subscription = subscription_follow(user=user, target=standard)

    assert subscription_to(user, standard) == subscription
    assert subscription_to(UserFactory(), standard) is None
    assert subscription_to(AnonymousUser(), standard) is None


# --- describe_all ---------------------------------------------------------------------------------


def test_an_article_is_named_by_its_newest_version_and_a_document_by_its_newest_title():
    """Renumbered and retitled in the 1.1 draft: the reason line uses 3.2 and the new titles."""
    published, _draft = two_releases()
    article = published.article_versions.get().article
    document = published.document_versions.get().document
    name = published.standard.name

    names = describe_all([(Article, article.pk), (Document, document.pk)])

    assert names == {
        (Article, article.pk): f"artikel 3.2 Levering en termijn ({name})",
        (Document, document.pk): f"Deel 3: Algemeen ({name})",
    }
    assert describe(published) == f"versie 1.0 van {name}"
    assert describe(published.standard) == f"standaard {name}"


def test_a_change_request_is_named_by_its_number_and_a_missing_object_is_left_out():
    change_request = change_request_in_state()

    names = describe_all([(ChangeRequest, change_request.pk), (Standard, 987654)])

    assert names == {
        (ChangeRequest, change_request.pk): f"wijzigingsverzoek {change_request.number}"
    }


def _targets(count: int) -> list[tuple[type, int]]:
    """``count`` objects of every followable kind."""
    targets = []
    for _index in range(count):
        published, draft = two_releases()
        change_request = change_request_in_state(release=draft)
        targets += [
            (ChangeRequest, change_request.pk),
            (Article, published.article_versions.get().article_id),
            (Document, published.document_versions.get().document_id),
            (Release, draft.pk),
            (Standard, published.standard_id),
        ]
    return targets


def test_describe_all_takes_a_fixed_number_of_queries_for_many_targets():
    """One query per kind, plus one for the newest versions of articles and of documents:
    7 for all five kinds, whether there is one object of each or four."""
    few, many = _targets(1), _targets(4)

    counts = []
    for targets in (few, many):
        with CaptureQueriesContext(connection) as queries:
            names = describe_all(targets)
        assert len(names) == len(targets)
        counts.append(len(queries))

    assert counts == [7, 7]


# --- Organisations: followed only by who may see them --------------------------------------------


@pytest.fixture
def utrecht_in_a_region():
    """Utrecht (with its contact) in Regio Domstad-Zuid (with its own contact), and a contact
    of Houten who has nothing to do with either."""
    contact = UserFactory(username="contact-utrecht", roles=[Role.ORGANISATION_CONTACT])
    utrecht = OrganisationFactory(name="Utrecht", contacts=[contact])
    region = OrganisationFactory(
        kind=OrganisationKind.REGION,
        name="Regio Domstad-Zuid",
        municipalities=[utrecht],
        contacts=[UserFactory(username="contact-regio", roles=[Role.ORGANISATION_CONTACT])],
    )
    OrganisationFactory(
        name="Houten",
        contacts=[UserFactory(username="contact-houten", roles=[Role.ORGANISATION_CONTACT])],
    )
    return utrecht, region


@pytest.mark.parametrize(
    ("username", "may_follow_utrecht", "may_follow_region"),
    [
        ("contact-utrecht", True, True),  # the region's contracts bind Utrecht
        ("contact-regio", False, True),  # a region's contact does not see its members
        ("contact-houten", False, False),
        ("secretariaat", True, True),
        (None, False, False),  # following by e-mail address, without an account
    ],
)
def test_an_organisation_may_be_followed_only_by_who_may_see_it(
    utrecht_in_a_region, username, may_follow_utrecht, may_follow_region
):
    utrecht, region = utrecht_in_a_region
    staff_user(Role.SECRETARIAT, username="secretariaat")
    user = get_user_model().objects.get(username=username) if username else None

    assert may_follow(user, utrecht) is may_follow_utrecht
    assert may_follow(user, region) is may_follow_region
    assert (followable("organisatie", utrecht.pk, user=user) == utrecht) is may_follow_utrecht
    assert (followable("organisatie", region.pk, user=user) == region) is may_follow_region


def test_without_a_user_an_organisation_is_not_followable_but_public_objects_are(
    utrecht_in_a_region,
):
    """A follow address read without knowing who follows (a confirmation link) never names an
    organisation; a standard stays followable by anyone."""
    utrecht, _region = utrecht_in_a_region
    standard = release_with_articles().standard

    assert followable("organisatie", utrecht.pk) is None
    assert followable("organisatie", 987654, user=utrecht.contacts.get()) is None
    assert followable("standaard", standard.pk) == standard
    assert may_follow(AnonymousUser(), utrecht) is False


def test_an_organisation_is_named_gemeente_or_by_its_own_name(utrecht_in_a_region):
    utrecht, region = utrecht_in_a_region

    assert describe(utrecht) == "gemeente Utrecht"
    assert describe(region) == "Regio Domstad-Zuid"
    assert describe_all([(Organisation, utrecht.pk), (Organisation, region.pk)]) == {
        (Organisation, utrecht.pk): "gemeente Utrecht",
        (Organisation, region.pk): "Regio Domstad-Zuid",
    }


def test_the_follow_services_refuse_an_organisation_to_who_may_not_see_it(utrecht_in_a_region):
    utrecht, _region = utrecht_in_a_region
    stranger = get_user_model().objects.get(username="contact-houten")

    with pytest.raises(NotificationsError, match="Dit kunt u niet volgen"):
        subscription_follow(user=stranger, target=utrecht)
    assert not Subscription.objects.exists()


def test_a_contact_follows_their_organisation_with_the_follow_button(client, utrecht_in_a_region):
    utrecht, _region = utrecht_in_a_region
    client.force_login(utrecht.contacts.get())

    response = client.post(
        reverse("notifications:follow", kwargs={"kind": "organisatie", "pk": utrecht.pk}),
        {"frequency": Frequency.WEEKLY},
    )

    assert response.status_code == 302
    assert Subscription.objects.get().target == utrecht


def test_the_follow_button_of_an_organisation_is_404_to_who_may_not_see_it(
    client, utrecht_in_a_region
):
    """Also by e-mail address: the address would hear of contracts it may not see."""
    utrecht, _region = utrecht_in_a_region
    client.force_login(get_user_model().objects.get(username="contact-houten"))
    follow = reverse("notifications:follow", kwargs={"kind": "organisatie", "pk": utrecht.pk})
    by_email = reverse(
        "notifications:follow_by_email", kwargs={"kind": "organisatie", "pk": utrecht.pk}
    )

    assert client.post(follow, {"frequency": Frequency.IMMEDIATELY}).status_code == 404
    client.logout()
    response = client.post(by_email, {"email": "wie@example.nl", "frequency": "immediately"})
    assert response.status_code == 404
    assert not Subscription.objects.exists()
