"""Models of the standards catalogue; see the docstrings of ``catalogue``, ``releases`` and
``redlines``.
"""

from standards.models.catalogue import Article, Document, Standard
from standards.models.redlines import StoredRedline
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
    "StoredRedline",
]
