"""Models of the standards catalogue; see the docstrings of ``catalogue`` and ``releases``."""

from standards.models.catalogue import Article, Document, Standard
from standards.models.releases import (
    ArticleVersion,
    DocumentVersion,
    FrontMatterSection,
    Release,
)

__all__ = [
    "Article",
    "ArticleVersion",
    "Document",
    "DocumentVersion",
    "FrontMatterSection",
    "Release",
    "Standard",
]
