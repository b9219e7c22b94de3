"""Importing a release from the published documents.

An import happens in two steps so that nobody commits a matching they have not seen:

1. ``release_import_plan`` parses nothing itself (it takes ``ParsedSource``s from
   ``standards.importers``), finds the release the new one follows and matches every incoming
   article to an existing identity (kept, renumbered, new, removed). It writes nothing.
2. ``release_import`` writes the plan as a new draft release. When the standard already has
   releases the matching must be accepted explicitly (``--yes`` on the command line, the confirm
   step in the admin); the first release of a standard has nothing to match.

Publishing the imported release is a separate step (``standards.services.releases``).
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from simple_history.utils import bulk_create_with_history

from standards.constants import DEVIATION_POLICY_BY_KIND, DocumentKind
from standards.exceptions import StandardsError
from standards.importers.matching import (
    ArticleMatch,
    ExistingArticle,
    IncomingArticle,
    MatchKind,
    match_articles,
)
from standards.importers.parsed import ImportAmbiguity, ImportProblem, ParsedDocument, ParsedSource
from standards.models import (
    Article,
    ArticleVersion,
    Document,
    DocumentVersion,
    FrontMatterSection,
    Release,
    Standard,
)
from standards.selectors import latest_release
from standards.texts import content_hash, normalise_text
from standards.versions import parse_version


class ReleaseAlreadyExists(StandardsError):
    """The standard already has a release with this version."""


class ImportNotAccepted(StandardsError):
    """The matching against existing articles was not accepted, so nothing was written."""


@dataclass(frozen=True)
class ImportPlan:
    """What an import would write; a value that can be shown before it is committed."""

    standard: Standard
    version: str
    sources: tuple[ParsedSource, ...]
    base_release: Release | None
    matches: tuple[ArticleMatch, ...]

    @property
    def requires_confirmation(self) -> bool:
        return self.base_release is not None

    @property
    def documents(self) -> list[ParsedDocument]:
        return [document for source in self.sources for document in source.documents]

    @property
    def problems(self) -> list[tuple[str, ImportProblem]]:
        return [(source.name, problem) for source in self.sources for problem in source.problems]

    def count(self, kind: MatchKind) -> int:
        return Counter(match.kind for match in self.matches)[kind]

    def report(self) -> list[str]:
        """The import report as Dutch lines: counts per document, problems, the matching."""
        lines = [
            _("Import van %(standard)s versie %(version)s")
            % {"standard": self.standard.name, "version": self.version}
        ]
        for source in self.sources:
            lines.append(
                _("Bestand %(name)s: %(title)s") % {"name": source.name, "title": source.title}
            )
            lines.append(
                _("  voorwerk: %(count)d onderdelen (%(kinds)s)")
                % {
                    "count": len(source.front_matter),
                    "kinds": ", ".join(section.kind for section in source.front_matter) or "-",
                }
            )
            for document in source.documents:
                lines.append(
                    _("  %(title)s [%(slug)s]: %(count)d artikelen")
                    % {
                        "title": document.title,
                        "slug": document.slug,
                        "count": len(document.articles),
                    }
                )
        problems = self.problems
        lines.append(_("Opmerkingen: %d") % len(problems))
        for name, problem in problems:
            where = _("regel %d") % problem.line if problem.line else "-"
            lines.append(f"  {name} {where}: {problem.message}")
        if self.base_release is None:
            lines.append(_("Eerste versie van deze standaard: alle artikelen zijn nieuw."))
            return lines
        lines.append(
            _(
                "Koppeling met versie %(base)s: %(kept)d behouden, %(renumbered)d hernummerd, "
                "%(new)d nieuw, %(removed)d vervallen"
            )
            % {
                "base": self.base_release.version,
                "kept": self.count(MatchKind.KEPT),
                "renumbered": self.count(MatchKind.RENUMBERED),
                "new": self.count(MatchKind.NEW),
                "removed": self.count(MatchKind.REMOVED),
            }
        )
        for match in self.matches:
            if match.kind == MatchKind.KEPT and match.similarity >= 1.0:
                continue
            lines.append("  " + describe_match(match))
        return lines


def describe_match(match: ArticleMatch) -> str:
    old, new = match.existing, match.incoming
    if match.kind == MatchKind.NEW:
        return _("nieuw: %(doc)s %(number)s %(title)s") % {
            "doc": new.document_slug,
            "number": new.article.number,
            "title": new.article.title,
        }
    if match.kind == MatchKind.REMOVED:
        return _("vervallen: %(doc)s %(number)s %(title)s") % {
            "doc": old.document_slug,
            "number": old.number,
            "title": old.title,
        }
    label = _("hernummerd") if match.kind == MatchKind.RENUMBERED else _("gewijzigd")
    return _(
        "%(label)s: %(old_doc)s %(old)s → %(new_doc)s %(new)s %(title)s (%(similarity)d%%)"
    ) % {
        "label": label,
        "old_doc": old.document_slug,
        "old": old.number,
        "new_doc": new.document_slug,
        "new": new.article.number,
        "title": new.article.title,
        "similarity": round(match.similarity * 100),
    }


def release_import_plan(
    *, standard: Standard, version: str, sources: list[ParsedSource]
) -> ImportPlan:
    """Match the parsed sources against the standard's newest release; writes nothing."""
    major, minor = parse_version(version)
    if standard.pk and standard.releases.filter(version_major=major, version_minor=minor).exists():
        raise ReleaseAlreadyExists(
            _("%(standard)s heeft al een versie %(version)s.")
            % {"standard": standard, "version": version}
        )
    slugs = Counter(document.slug for source in sources for document in source.documents)
    if duplicated := sorted(slug for slug, count in slugs.items() if count > 1):
        raise ImportAmbiguity(
            _("Hetzelfde document komt in meer dan één bestand voor: %s") % ", ".join(duplicated)
        )
    base = latest_release(standard) if standard.pk else None
    incoming = [
        IncomingArticle(document_slug=document.slug, article=article)
        for source in sources
        for document in source.documents
        for article in document.articles
    ]
    existing = []
    if base is not None:
        existing = [
            ExistingArticle(
                article_id=version.article_id,
                document_slug=version.document.slug,
                number=version.number,
                title=version.title,
                text=version.text,
            )
            for version in base.article_versions.select_related("document").order_by(
                "document__position", "position"
            )
        ]
    matches = match_articles(existing, incoming)
    return ImportPlan(
        standard=standard,
        version=f"{major}.{minor}",
        sources=tuple(sources),
        base_release=base,
        matches=tuple(matches),
    )


@transaction.atomic
def release_import(
    *, plan: ImportPlan, by: AbstractBaseUser | None, accepted: bool = False
) -> Release:
    """Write the plan as a new draft release; refuses an unaccepted matching."""
    if plan.requires_confirmation and not accepted:
        raise ImportNotAccepted(
            _("De koppeling met versie %s is niet geaccepteerd; er is niets vastgelegd.")
            % plan.base_release.version
        )
    standard = plan.standard
    if standard.pk is None:
        standard._history_user = by
        standard.save()
    else:
        standard = Standard.objects.select_for_update().get(pk=standard.pk)
    major, minor = parse_version(plan.version)
    if standard.releases.filter(version_major=major, version_minor=minor).exists():
        raise ReleaseAlreadyExists(
            _("%(standard)s heeft al een versie %(version)s.")
            % {"standard": standard, "version": plan.version}
        )
    reason = _("Geïmporteerd uit %s") % ", ".join(source.name for source in plan.sources)
    release = Release(
        standard=standard,
        version_major=major,
        version_minor=minor,
        based_on=plan.base_release,
    )
    release._history_user = by
    release._change_reason = reason
    release.save()

    documents = _documents_for(standard, plan.documents, by=by)
    bulk_create_with_history(
        [
            DocumentVersion(
                release=release,
                document=documents[parsed.slug],
                title=parsed.title,
                introduction=normalise_text(parsed.introduction),
                position=position,
            )
            for position, parsed in enumerate(plan.documents)
        ],
        DocumentVersion,
        default_user=by,
        default_change_reason=reason,
    )

    incoming = [match for match in plan.matches if match.incoming is not None]
    new_articles = bulk_create_with_history(
        [Article(standard=standard) for match in incoming if match.existing is None],
        Article,
        default_user=by,
        default_change_reason=reason,
    )
    fresh = iter(new_articles)
    position_in_document: Counter[str] = Counter()
    versions = []
    for match in incoming:
        parsed = match.incoming.article
        slug = match.incoming.document_slug
        article_id = match.existing.article_id if match.existing else next(fresh).pk
        position_in_document[slug] += 1
        text = normalise_text(parsed.text)
        versions.append(
            ArticleVersion(
                release=release,
                article_id=article_id,
                document=documents[slug],
                number=parsed.number,
                title=parsed.title,
                chapter=parsed.chapter,
                is_optional=parsed.is_optional,
                position=position_in_document[slug],
                text=text,
                content_hash=content_hash(text),
            )
        )
    bulk_create_with_history(
        versions, ArticleVersion, default_user=by, default_change_reason=reason
    )
    bulk_create_with_history(
        [
            FrontMatterSection(
                release=release,
                source=source.title,
                kind=section.kind,
                heading=section.heading,
                text=normalise_text(section.text),
                position=position,
            )
            for position, (source, section) in enumerate(
                (source, section) for source in plan.sources for section in source.front_matter
            )
        ],
        FrontMatterSection,
        default_user=by,
        default_change_reason=reason,
    )
    return release


def _documents_for(
    standard: Standard, parsed_documents: list[ParsedDocument], *, by: AbstractBaseUser | None
) -> dict[str, Document]:
    """The document identities for the parsed documents, created where new (by slug)."""
    known = {document.slug: document for document in standard.documents.all()}
    for position, parsed in enumerate(parsed_documents):
        if parsed.slug in known:
            continue
        kind = DocumentKind(parsed.kind)
        document = Document(
            standard=standard,
            slug=parsed.slug,
            kind=kind,
            deviation_policy=DEVIATION_POLICY_BY_KIND[kind],
            position=position,
        )
        document._history_user = by
        document.save()
        known[parsed.slug] = document
    return known
