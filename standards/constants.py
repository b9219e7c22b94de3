"""Choices of the standards catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    OVEREENKOMST_DEEL_1 = "overeenkomst_deel_1", _("Overeenkomst deel 1")
    OVEREENKOMST_DEEL_2 = "overeenkomst_deel_2", _("Overeenkomst deel 2")
    OVEREENKOMST_DEEL_3 = "overeenkomst_deel_3", _("Overeenkomst deel 3")
    INKOOPDOCUMENT = "inkoopdocument", _("Inkoopdocument")
    BEGRIPPENLIJST = "begrippenlijst", _("Begrippenlijst")
    OTHER = "other", _("Overig document")


class DeviationPolicy(models.TextChoices):
    """How far a municipality may deviate from a document (DESIGN.md, "The domain")."""

    FIXED = "fixed", _("Vast: afwijken niet toegestaan")
    FIXED_WITH_OPTIONAL = "fixed_with_optional", _("Vast, met optionele artikelen")
    FREE = "free", _("Vrije ruimte")
    FIXED_PASSAGES = "fixed_passages", _("Vaste passages")


# Documents whose parts are numbered articles ("Artikel 3.30"); the others have sections.
ARTICLE_NUMBERED_KINDS = frozenset(
    {
        DocumentKind.OVEREENKOMST_DEEL_1,
        DocumentKind.OVEREENKOMST_DEEL_2,
        DocumentKind.OVEREENKOMST_DEEL_3,
    }
)

DEVIATION_POLICY_BY_KIND = {
    DocumentKind.OVEREENKOMST_DEEL_1: DeviationPolicy.FIXED_WITH_OPTIONAL,
    DocumentKind.OVEREENKOMST_DEEL_2: DeviationPolicy.FREE,
    DocumentKind.OVEREENKOMST_DEEL_3: DeviationPolicy.FIXED,
    DocumentKind.INKOOPDOCUMENT: DeviationPolicy.FIXED_PASSAGES,
    DocumentKind.BEGRIPPENLIJST: DeviationPolicy.FIXED,
    DocumentKind.OTHER: DeviationPolicy.FIXED_PASSAGES,
}


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("Concept")
    FROZEN = "frozen", _("Bevroren")
    ADOPTED = "adopted", _("Vastgesteld")
    PUBLISHED = "published", _("Gepubliceerd")
    SUPERSEDED = "superseded", _("Vervangen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# States in which a release's content can no longer change.
SEALED_RELEASE_STATES = frozenset({ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED})


class FrontMatterKind(models.TextChoices):
    TITLE_PAGE = "title_page", _("Titelpagina")
    VERSION_HISTORY = "version_history", _("Versiebeheer")
    TABLE_OF_CONTENTS = "table_of_contents", _("Inhoudsopgave")
    PARTIES = "parties", _("Partijen")
    CONSIDERATIONS = "considerations", _("Overwegingen")
    DEFINITIONS = "definitions", _("Definities")
    OTHER = "other", _("Overig")
