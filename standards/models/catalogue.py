"""The lasting identities of the catalogue: a standard, its documents and its articles.

These rows say *that* something exists; what it says in a given release lives in
``DocumentVersion`` and ``ArticleVersion``. An ``Article`` keeps its identity when it is
renumbered, retitled, moved to another document or removed from a later release, so a change
request filed against art. 1.4 of version 1.0 still points at it when it is art. 1.5 in 1.1.
"""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from standards.constants import DeviationPolicy, DocumentKind


class Standard(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contractstandaard")
        verbose_name_plural = _("contractstandaarden")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("standards:standard_detail", kwargs={"standard": self.slug})


class Document(models.Model):
    """One document of a standard (overeenkomst deel 1/2/3, an inkoopdocument, …)."""

    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="documents", verbose_name=_("standaard")
    )
    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("soort"), max_length=32, choices=DocumentKind.choices)
    deviation_policy = models.CharField(
        _("afwijkingsbeleid"), max_length=32, choices=DeviationPolicy.choices
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["standard", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "slug"], name="document_unique_slug")
        ]

    def __str__(self) -> str:
        return f"{self.standard} · {self.slug}"


class Article(models.Model):
    """The identity of an article across all releases of its standard."""

    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="articles", verbose_name=_("standaard")
    )
    key = models.UUIDField(_("sleutel"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("artikel (identiteit)")
        verbose_name_plural = _("artikelen (identiteiten)")
        ordering = ["standard", "pk"]

    def __str__(self) -> str:
        return f"{self.standard} · {_('artikel')} {self.key}"

    def get_absolute_url(self) -> str:
        return reverse("standards:article_identity", kwargs={"key": self.key})
