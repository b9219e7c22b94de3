"""The two reviews a change request gets before the steering group decides.

The expert team's ``LegalAssessment`` judges legal feasibility of one revision of the proposed
wording: a verdict, the motivation, the legal grounds (one reference per line: an article of the
Wmo 2015, a ruling, …) and, when the verdict is "feasible with changes", the amended wording.
Because it judges a revision, a later revision (after the submitter supplied information) can be
assessed again without losing the earlier judgement.

The begeleidingsgroep's ``PracticalReview`` judges whether the change can be carried out in
practice and what it does to the administrative burden, and advises the steering group.

A review may also end the change request with an answer instead of a text change: a
``FaqEntry`` published on the standard's Q&A page.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from governance.constants import BurdenEffect, LegalVerdict, PracticalFeasibility
from standards.models import Article, Standard


class LegalAssessment(models.Model):
    change_request = models.ForeignKey(
        "governance.ChangeRequest",
        on_delete=models.CASCADE,
        related_name="legal_assessments",
        verbose_name=_("wijzigingsverzoek"),
    )
    revision = models.PositiveSmallIntegerField(_("beoordeelde revisie"))
    judged_text = models.TextField(_("beoordeelde tekst"), blank=True)
    verdict = models.CharField(_("oordeel"), max_length=24, choices=LegalVerdict.choices)
    motivation = models.TextField(_("motivering"))
    legal_grounds = models.TextField(
        _("juridische grondslag"), blank=True, help_text=_("Eén verwijzing per regel.")
    )
    amended_text = models.TextField(_("aangepaste tekst"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    assessed_at = models.DateTimeField(_("beoordeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("juridische toets")
        verbose_name_plural = _("juridische toetsen")
        ordering = ["change_request", "revision", "assessed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verdict=LegalVerdict.FEASIBLE_WITH_CHANGES)
                | ~models.Q(amended_text=""),
                name="legal_assessment_amended_text_with_changes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.change_request_id} r{self.revision}: {self.get_verdict_display()}"

    @property
    def grounds(self) -> list[str]:
        return [line.strip() for line in self.legal_grounds.splitlines() if line.strip()]


class PracticalReview(models.Model):
    change_request = models.ForeignKey(
        "governance.ChangeRequest",
        on_delete=models.CASCADE,
        related_name="practical_reviews",
        verbose_name=_("wijzigingsverzoek"),
    )
    revision = models.PositiveSmallIntegerField(_("beoordeelde revisie"))
    feasibility = models.CharField(
        _("uitvoerbaarheid"), max_length=24, choices=PracticalFeasibility.choices
    )
    burden_effect = models.CharField(
        _("effect op administratieve lasten"), max_length=16, choices=BurdenEffect.choices
    )
    advice = models.TextField(_("advies aan de stuurgroep"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("praktijktoets")
        verbose_name_plural = _("praktijktoetsen")
        ordering = ["change_request", "revision", "reviewed_at"]

    def __str__(self) -> str:
        return f"{self.change_request_id} r{self.revision}: {self.get_feasibility_display()}"


class FaqEntry(models.Model):
    """A question and answer on a standard's Q&A page (vraag en antwoord)."""

    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="faq_entries", verbose_name=_("standaard")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="faq_entries",
        verbose_name=_("artikel"),
    )
    change_request = models.OneToOneField(
        "governance.ChangeRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="faq_entry",
        verbose_name=_("naar aanleiding van"),
    )
    question = models.TextField(_("vraag"))
    answer = models.TextField(_("antwoord"))
    published_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)

    # The secretariat may correct the published wording; every correction is kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vraag en antwoord")
        verbose_name_plural = _("vragen en antwoorden")
        ordering = ["standard", "-published_at"]

    def __str__(self) -> str:
        return self.question[:80]
