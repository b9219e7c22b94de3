"""Releases (versies) and what each release says.

A ``Release`` is a snapshot of all documents of one standard. Its lifecycle::

    draft ─freeze─▶ frozen ─adopt─▶ adopted ─publish─▶ published ─supersede─▶ superseded
    frozen ─reopen─▶ draft          draft | frozen | adopted ─withdraw─▶ withdrawn

The draft of the next release starts as a copy of the last published one. Once published, a
release is sealed: its content rows (``DocumentVersion``, ``ArticleVersion``,
``FrontMatterSection``) and its own dates can never change again, and code that tries raises
``ReleaseImmutable`` instead of silently rewriting history. The only change a published release
still undergoes is being superseded by its successor.
"""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from standards.constants import (
    ARTICLE_NUMBERED_KINDS,
    SEALED_RELEASE_STATES,
    FrontMatterKind,
    ReleaseState,
)
from standards.exceptions import ReleaseImmutable
from standards.models.catalogue import Article, Document, Standard
from standards.versions import format_version

MANAGE_RELEASE = "standards.manage_release"


class Release(ConcurrentTransitionMixin, models.Model):
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="releases", verbose_name=_("standaard")
    )
    version_major = models.PositiveSmallIntegerField(_("hoofdversie"))
    version_minor = models.PositiveSmallIntegerField(_("subversie"))
    state = FSMField(
        _("status"),
        max_length=16,
        choices=ReleaseState.choices,
        default=ReleaseState.DRAFT,
        protected=True,
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("gebaseerd op"),
    )
    submission_deadline = models.DateTimeField(
        _("wijzigingsverzoeken indienen tot en met"), null=True, blank=True
    )
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adoption_note = models.TextField(_("besluit vaststelling"), blank=True)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    effective_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    implementation_deadline = models.DateField(_("implementatietermijn tot"), null=True, blank=True)
    release_notes = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["standard", "-version_major", "-version_minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "version_major", "version_minor"],
                name="release_unique_version",
            )
        ]
        permissions = [("manage_release", _("Kan versies beheren"))]

    def __str__(self) -> str:
        return f"{self.standard} {self.version}"

    def save(self, *args, **kwargs) -> None:
        self._refuse_change_when_sealed()
        super().save(*args, **kwargs)
        self._remember_loaded_values()

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:release_detail",
            kwargs={"standard": self.standard.slug, "version": self.version},
        )

    def delete(self, *args, **kwargs):
        if getattr(self, "_loaded_values", {}).get("state") in SEALED_RELEASE_STATES:
            raise ReleaseImmutable(_("Een gepubliceerde versie wordt nooit verwijderd."))
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_loaded_values()
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember_loaded_values()

    @property
    def version(self) -> str:
        return format_version(self.version_major, self.version_minor)

    @property
    def is_sealed(self) -> bool:
        return self.state in SEALED_RELEASE_STATES

    # Transitions touch this release's own fields only; the services do the rest.

    @transition(
        field=state,
        source=ReleaseState.DRAFT,
        target=ReleaseState.FROZEN,
        permission=MANAGE_RELEASE,
    )
    def freeze(self) -> None:
        """No more change requests are applied to a frozen release."""

    @transition(
        field=state,
        source=ReleaseState.FROZEN,
        target=ReleaseState.DRAFT,
        permission=MANAGE_RELEASE,
    )
    def reopen(self) -> None:
        """A frozen release goes back to draft, e.g. to apply a late correction."""

    @transition(
        field=state,
        source=ReleaseState.FROZEN,
        target=ReleaseState.ADOPTED,
        permission=MANAGE_RELEASE,
    )
    def adopt(self, *, adopted_on: datetime.date, note: str) -> None:
        self.adopted_on = adopted_on
        self.adoption_note = note

    @transition(
        field=state,
        source=ReleaseState.ADOPTED,
        target=ReleaseState.PUBLISHED,
        permission=MANAGE_RELEASE,
    )
    def publish(
        self,
        *,
        published_on: datetime.date,
        effective_on: datetime.date,
        implementation_deadline: datetime.date,
    ) -> None:
        self.published_on = published_on
        self.effective_on = effective_on
        self.implementation_deadline = implementation_deadline

    @transition(field=state, source=ReleaseState.PUBLISHED, target=ReleaseState.SUPERSEDED)
    def supersede(self) -> None:
        """The successor of this release was published."""

    @transition(
        field=state,
        source=[ReleaseState.DRAFT, ReleaseState.FROZEN, ReleaseState.ADOPTED],
        target=ReleaseState.WITHDRAWN,
        permission=MANAGE_RELEASE,
    )
    def withdraw(self) -> None:
        """An unpublished release is abandoned; it stays on record."""

    def _remember_loaded_values(self) -> None:
        self._loaded_values = {
            field.attname: field.value_from_object(self) for field in self._meta.concrete_fields
        }

    def _refuse_change_when_sealed(self) -> None:
        loaded = getattr(self, "_loaded_values", {})
        if loaded.get("state") not in SEALED_RELEASE_STATES:
            return
        for field in self._meta.concrete_fields:
            old, new = loaded[field.attname], field.value_from_object(self)
            if old == new:
                continue
            if field.name == "state" and (old, new) == (
                ReleaseState.PUBLISHED,
                ReleaseState.SUPERSEDED,
            ):
                continue
            raise ReleaseImmutable(
                _("Versie %(release)s is gepubliceerd; %(field)s kan niet meer veranderen.")
                % {"release": self, "field": field.verbose_name}
            )


class SealedWithReleaseQuerySet(models.QuerySet):
    """Bulk updates and deletes must not reach rows of a sealed release either."""

    def update(self, **kwargs):
        self._refuse_when_sealed()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_when_sealed()
        return super().delete()

    def _refuse_when_sealed(self) -> None:
        if self.filter(release__state__in=SEALED_RELEASE_STATES).exists():
            raise ReleaseImmutable(_("Dit wijzigt de inhoud van een gepubliceerde versie."))


class SealedWithRelease(models.Model):
    """Content that belongs to one release and is frozen with it once it is published."""

    objects = SealedWithReleaseQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_when_sealed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_when_sealed()
        return super().delete(*args, **kwargs)

    def _refuse_when_sealed(self) -> None:
        # Ask the database, not the (possibly stale) related object in memory.
        if Release.objects.filter(pk=self.release_id, state__in=SEALED_RELEASE_STATES).exists():
            raise ReleaseImmutable(
                _("Dit hoort bij een gepubliceerde versie en kan niet meer veranderen.")
            )


class DocumentVersion(SealedWithRelease):
    """A document as it appears in one release: its title and the text before its articles."""

    release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        related_name="document_versions",
        verbose_name=_("versie"),
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    title = models.CharField(_("titel"), max_length=300)
    introduction = models.TextField(_("inleidende tekst"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("documentversie")
        verbose_name_plural = _("documentversies")
        ordering = ["release", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "document"], name="documentversion_unique_per_release"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.release.version})"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:document_detail",
            kwargs={
                "standard": self.release.standard.slug,
                "version": self.release.version,
                "document": self.document.slug,
            },
        )


class ArticleVersion(SealedWithRelease):
    """What one article says in one release, with the number and title it has there."""

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="article_versions", verbose_name=_("versie")
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="versions", verbose_name=_("artikel")
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="article_versions"
    )
    number = models.CharField(_("nummer"), max_length=40)
    title = models.CharField(_("titel"), max_length=300)
    chapter = models.CharField(_("hoofdstuk"), max_length=300, blank=True)
    is_optional = models.BooleanField(_("optioneel"), default=False)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("tekst"), blank=True)
    content_hash = models.CharField(_("inhoudshash"), max_length=64, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("artikelversie")
        verbose_name_plural = _("artikelversies")
        ordering = ["release", "document__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "article"], name="articleversion_one_per_release"
            ),
            models.UniqueConstraint(
                fields=["release", "document", "number"], name="articleversion_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title} ({self.release.version})"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:article_detail",
            kwargs={
                "standard": self.release.standard.slug,
                "version": self.release.version,
                "document": self.document.slug,
                "number": self.number,
            },
        )

    @property
    def label(self) -> str:
        """ "Artikel 3.30" in the agreement; a section of another document is just its number."""
        if self.document.kind in ARTICLE_NUMBERED_KINDS:
            return f"{_('Artikel')} {self.number}"
        return self.number


class FrontMatterSection(SealedWithRelease):
    """Text of a release that is not an article: parties, considerations, definitions, …"""

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="front_matter", verbose_name=_("versie")
    )
    source = models.CharField(_("brondocument"), max_length=300)
    kind = models.CharField(_("soort"), max_length=32, choices=FrontMatterKind.choices)
    heading = models.CharField(_("kop"), max_length=300, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voorwerk")
        verbose_name_plural = _("voorwerk")
        ordering = ["release", "position"]

    def __str__(self) -> str:
        return f"{self.source}: {self.heading or self.get_kind_display()}"
