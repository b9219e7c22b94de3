"""Services that change the articles of a draft release.

Only a release in draft takes changes: a frozen one waits for adoption and a published one is
sealed. Each change keeps the article's identity (``Article``): a revised text is a new text for
the same identity, a new article gets a new identity placed after a given article, and a removed
article simply has no version in the draft any more (its history stays in earlier releases).
The change request workflow applies approved requests through these services; a release
manager's manual edit would use them too.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from standards.constants import ReleaseState
from standards.exceptions import StandardsError
from standards.models import Article, ArticleVersion, Document, Release
from standards.texts import content_hash, normalise_text


class ReleaseNotDraft(StandardsError):
    """Articles change only in a release that is still a draft."""


def _check_draft(release: Release) -> None:
    if release.state != ReleaseState.DRAFT:
        raise ReleaseNotDraft(
            _("Versie %(version)s is geen concept meer; de artikelen liggen vast.")
            % {"version": release.version}
        )


def _record(version: ArticleVersion, *, by: AbstractBaseUser | None, reason: str) -> None:
    version._history_user = by
    version._change_reason = reason


@transaction.atomic
def article_version_revise(
    *, version: ArticleVersion, text: str, by: AbstractBaseUser | None, reason: str
) -> ArticleVersion:
    """Give an article of the draft a new text."""
    _check_draft(version.release)
    version.text = normalise_text(text)
    version.content_hash = content_hash(version.text)
    _record(version, by=by, reason=reason)
    version.save()
    return version


@transaction.atomic
def article_version_add(
    *,
    release: Release,
    document: Document,
    after: ArticleVersion | None,
    number: str,
    title: str,
    text: str,
    by: AbstractBaseUser | None,
    reason: str,
) -> ArticleVersion:
    """A new article in the draft, right after ``after`` (or at the end of the document)."""
    _check_draft(release)
    number, title = number.strip(), title.strip()
    siblings = release.article_versions.filter(document=document)
    if siblings.filter(number=number).exists():
        raise StandardsError(
            _("Artikel %(number)s bestaat al in deze versie.") % {"number": number}
        )
    if after is not None:
        position = after.position + 1
        chapter = after.chapter
        # Make room; positions are only an order, so a gap-free shift is enough.
        siblings.filter(position__gte=position).update(position=F("position") + 1)
    else:
        last = siblings.order_by("-position").first()
        position = last.position + 1 if last else 1
        chapter = last.chapter if last else ""
    text = normalise_text(text)
    version = ArticleVersion(
        release=release,
        article=Article.objects.create(standard=release.standard),
        document=document,
        number=number,
        title=title,
        chapter=chapter,
        position=position,
        text=text,
        content_hash=content_hash(text),
    )
    _record(version, by=by, reason=reason)
    version.save()
    return version


@transaction.atomic
def article_version_remove(
    *, version: ArticleVersion, by: AbstractBaseUser | None, reason: str
) -> None:
    """Take an article out of the draft; it lives on in the releases before it."""
    _check_draft(version.release)
    _record(version, by=by, reason=reason)
    version.delete()
