"""What can be followed, and how a follower reads it.

Six kinds of object can be followed, each under a short Dutch name used in the addresses of
the follow buttons (``/meldingen/volgen/artikel/42/``): a change request, an article identity
(through all its releases, also after renumbering), a document, a standard, a release and an
organisation (its contracts' deadlines, ``notifications.reminders``).

What is public may be followed by anyone, also by e-mail address without an account; a change
request only once it is public. An organisation's contracts are not public, so an organisation
may be followed only by an account that may see them (``organisations.permissions.may_view``):
``may_follow`` decides, and ``followable`` applies it to a follow address.

``describe`` names a followed object the way a reason line in a message needs it ("artikel 3.8
Storingsdienst en bereikbaarheid (CS Hulpmiddelen Wmo 2015)"); an article identity is named by
its newest version. Staff can also follow a work queue (``notifications.queues``), named by
``describe_queue`` ("werkvoorraad Juridische toets"); ``describe_subscription`` names what any
one subscription follows.
"""

from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext as _

from governance.constants import Queue
from governance.models import ChangeRequest
from organisations.constants import OrganisationKind
from organisations.models import Organisation
from organisations.permissions import may_view
from standards.models import (
    Article,
    ArticleVersion,
    Document,
    DocumentVersion,
    Release,
    Standard,
)

# Short name in addresses -> model. The order is from specific to general: an event that
# reaches one follower through several subscriptions is explained by the first.
FOLLOWABLE: dict[str, type[Model]] = {
    "wijzigingsverzoek": ChangeRequest,
    "artikel": Article,
    "document": Document,
    "versie": Release,
    "standaard": Standard,
    "organisatie": Organisation,
}
KIND_OF_MODEL = {model: kind for kind, model in FOLLOWABLE.items()}

# Kinds that are not public: who may follow one (an account; never an address alone).
FOLLOWERS_ALLOWED: dict[type[Model], Callable[[object, Model], bool]] = {
    Organisation: may_view,
}


def may_follow(user, target: Model) -> bool:
    """Whether ``user`` (None: someone following by e-mail address, without an account) may
    follow ``target``: a followable kind, public now, and for a kind that is not public an
    account that may see it."""
    if type(target) not in KIND_OF_MODEL or not getattr(target, "is_public", True):
        return False
    allowed = FOLLOWERS_ALLOWED.get(type(target))
    if allowed is None:
        return True
    return user is not None and user.is_authenticated and allowed(user, target)


def followable(kind: str, pk: int, *, user=None) -> Model | None:
    """The object a follow address or link names, if it exists and ``user`` may follow it now
    (``may_follow``; without ``user`` only what anyone may follow)."""
    model = FOLLOWABLE.get(kind)
    target = model.objects.filter(pk=pk).first() if model is not None else None
    if target is None or not may_follow(user, target):
        return None
    return target


def kind_of(target: Model) -> str:
    return KIND_OF_MODEL[type(target)]


def content_types() -> dict[type[Model], ContentType]:
    """The content type of every followable model (cached by Django after the first call)."""
    return ContentType.objects.get_for_models(*FOLLOWABLE.values())


def specificity(model: type[Model]) -> int:
    """0 for the most specific kind (a change request), higher for broader ones."""
    return list(FOLLOWABLE.values()).index(model)


def describe_all(targets: Iterable[tuple[type[Model], int]]) -> dict[tuple[type[Model], int], str]:
    """``describe`` for many objects at once, in a fixed number of queries; objects that no
    longer exist are left out."""
    wanted: dict[type[Model], set[int]] = {}
    for model, pk in targets:
        wanted.setdefault(model, set()).add(pk)
    described = {}
    for model, ids in wanted.items():
        queryset = model.objects.filter(pk__in=ids)
        if model in (Article, Document, Release):
            queryset = queryset.select_related("standard")
        objects = list(queryset)
        newest = _newest_versions(model, ids)
        for obj in objects:
            described[(model, obj.pk)] = _describe(obj, newest.get(obj.pk))
    return described


def _newest_versions(model: type[Model], ids: set[int]) -> dict[int, Model]:
    """The newest article or document version of each identity in ``ids`` (one query)."""
    if model is Article:
        versions = ArticleVersion.objects.filter(article_id__in=ids).select_related("document")
        owner = "article_id"
    elif model is Document:
        versions = DocumentVersion.objects.filter(document_id__in=ids)
        owner = "document_id"
    else:
        return {}
    newest = {}
    for version in versions.order_by("-release__version_major", "-release__version_minor"):
        newest.setdefault(getattr(version, owner), version)
    return newest


def describe_queue(queue: str) -> str:
    """A followed work queue, as a list of subscriptions names it."""
    return _("werkvoorraad %(queue)s") % {"queue": Queue(queue).label}


def describe_subscription(subscription) -> str:
    """What ``subscription`` follows, in words; "" when its object no longer exists."""
    if subscription.queue:
        return describe_queue(subscription.queue)
    target = subscription.target
    return describe(target) if target is not None else ""


def describe(target: Model) -> str:
    """The followed object as a reason line names it."""
    return describe_all([(type(target), target.pk)])[(type(target), target.pk)]


def _describe(target: Model, newest) -> str:
    if isinstance(target, ChangeRequest):
        return _("wijzigingsverzoek %(number)s") % {"number": target.number}
    if isinstance(target, Article):
        if newest is None:
            return _("een artikel van %(standard)s") % {"standard": target.standard.name}
        return _("%(article)s %(title)s (%(standard)s)") % {
            "article": newest.label.lower(),
            "title": newest.title,
            "standard": target.standard.name,
        }
    if isinstance(target, Document):
        return _("%(document)s (%(standard)s)") % {
            "document": newest.title if newest else target.get_kind_display(),
            "standard": target.standard.name,
        }
    if isinstance(target, Release):
        return _("versie %(version)s van %(standard)s") % {
            "version": target.version,
            "standard": target.standard.name,
        }
    if isinstance(target, Organisation):
        return describe_organisation(target)
    return _("standaard %(standard)s") % {"standard": target.name}


def describe_organisation(organisation: Organisation) -> str:
    """ "gemeente Utrecht" for a municipality (the CBS list has the bare place name); any other
    organisation by its own name ("Regio Utrecht West", "Zorgaanbieder Voorbeeld B.V.")."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return _("gemeente %(name)s") % {"name": organisation.name}
    return organisation.name
