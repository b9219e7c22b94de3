"""The change request (wijzigingsverzoek, WV) and the workflow graph it moves through.

Anyone may file a change request against one article of a standard (or against a document, to
propose a new article). It is stored at once as *submitted*; confirming the e-mail address moves
it to *intake*. From there the secretariat, the expert team (legal review), the
begeleidingsgroep (practical review) and the steering group carry it to a decision::

    draft ─submit─▶ submitted ─confirm─▶ intake
    intake ─request_info─▶ needs_info ─supply_info─▶ intake
    intake ─to_legal_review─▶ legal_review ─assess─▶ practical_review ─advise─▶ steering
    intake | legal_review | practical_review ─reject─▶ rejected
    intake ─merge_into─▶ merged
    legal_review | practical_review ─answer_in_faq─▶ answered
    steering ─decide─▶ approved | rejected | steering (deferred)
    approved ─schedule─▶ scheduled ─apply─▶ applied ─release─▶ released (its release published)
    any state before approved ─withdraw─▶ withdrawn

Each transition is a method here that touches this model's own fields only and is guarded by
the role that may take it. The services in ``governance.services.change_requests`` check the
actor, run the transition, write the ``TransitionEvent`` and send the domain event after commit.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from governance.constants import (
    UNCONFIRMED_STATES,
    WITHDRAWABLE_STATES,
    Application,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    SteeringOutcome,
)
from governance.due_dates import due_on
from organisations.constants import OrganisationKind
from standards.models import Article, ArticleVersion, Document, Release, Standard

S = ChangeRequestState

INTAKE = "governance.intake_changerequest"
ASSESS = "governance.assess_changerequest"
ADVISE = "governance.advise_changerequest"
DECIDE = "governance.decide_changerequest"
SCHEDULE = "governance.schedule_changerequest"
APPLY = "governance.apply_changerequest"


def _is_submitter(instance: "ChangeRequest", user) -> bool:
    """Submitter-only steps; anonymous submitters prove themselves with the tracking link."""
    return user.is_authenticated and instance.submitter_user_id == user.pk


def _reviewer_of_current_step(instance: "ChangeRequest", user) -> bool:
    """Rejecting or answering is done by whoever holds the CR in the current step."""
    permission = {S.INTAKE: INTAKE, S.LEGAL_REVIEW: ASSESS, S.PRACTICAL_REVIEW: ADVISE}.get(
        instance.state
    )
    return permission is not None and user.has_perm(permission)


class ChangeRequestQuerySet(models.QuerySet):
    def public(self) -> "ChangeRequestQuerySet":
        """Change requests whose submitter confirmed the e-mail address."""
        return self.exclude(state__in=UNCONFIRMED_STATES)


class ChangeRequest(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("nummer"), max_length=16, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("jaar"), editable=False)
    sequence = models.PositiveIntegerField(_("volgnummer"), editable=False)
    state = FSMField(_("status"), max_length=20, choices=S.choices, default=S.DRAFT, protected=True)

    # What it is about. The article is the identity, so a CR filed against art. 1.4 in 1.0
    # still points at the same article when it is art. 1.5 in 1.1.
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("standaard"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("document"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("artikel"),
    )
    base_release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        related_name="change_requests_written_against",
        verbose_name=_("geschreven tegen versie"),
    )
    # A draft's article versions still change (and may be removed), so the text the request was
    # written against is kept with it: it is what a conflict on applying is judged by.
    base_version = models.ForeignKey(
        ArticleVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests_written_against",
        verbose_name=_("geschreven tegen artikeltekst"),
    )
    base_text = models.TextField(_("tekst waartegen geschreven"), blank=True)
    target_version = models.CharField(
        _("voor versie"),
        max_length=12,
        help_text=_("De eerste versie waarvoor nog kon worden ingediend."),
    )
    kind = models.CharField(_("soort wijziging"), max_length=20, choices=ChangeKind.choices)
    impact = models.CharField(_("verwachte impact"), max_length=20, choices=ImpactClass.choices)
    title = models.CharField(_("titel"), max_length=200)
    proposed_text = models.TextField(_("voorgestelde tekst"), blank=True)
    motivation = models.TextField(_("motivering"))
    summary = models.TextField(_("samenvatting in gewone taal"))
    revision = models.PositiveSmallIntegerField(_("revisie"), default=1)

    # Who filed it. No account is needed; the e-mail address is confirmed before it counts.
    submitter_name = models.CharField(_("naam indiener"), max_length=200)
    submitter_email = models.EmailField(_("e-mailadres indiener"))
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    organisation_type = models.CharField(
        _("soort organisatie"), max_length=20, choices=OrganisationKind.choices
    )
    submitter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("account indiener"),
    )
    tracking_token = models.CharField(_("volgcode"), max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("e-mailadres bevestigd op"), null=True, blank=True)

    # Workflow bookkeeping, set by the transitions.
    due_on = models.DateField(_("uiterlijk afhandelen op"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_requests",
        verbose_name=_("samengevoegd met"),
    )
    scheduled_release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scheduled_change_requests",
        verbose_name=_("ingepland in versie"),
    )
    applied_version = models.ForeignKey(
        ArticleVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applied_change_requests",
        verbose_name=_("verwerkt in artikeltekst"),
    )
    application = models.CharField(
        _("verwerking"), max_length=8, choices=Application.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = ChangeRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["tracking_token"])

    class Meta:
        verbose_name = _("wijzigingsverzoek")
        verbose_name_plural = _("wijzigingsverzoeken")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="change_request_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="change_request_queue")]
        permissions = [
            ("intake_changerequest", _("Kan intake van wijzigingsverzoeken doen")),
            ("assess_changerequest", _("Kan wijzigingsverzoeken juridisch toetsen")),
            ("advise_changerequest", _("Kan wijzigingsverzoeken in de praktijk toetsen")),
            ("decide_changerequest", _("Kan besluiten van de stuurgroep vastleggen")),
            ("schedule_changerequest", _("Kan wijzigingsverzoeken in een versie inplannen")),
            ("apply_changerequest", _("Kan wijzigingsverzoeken in het concept verwerken")),
            ("view_internal_notes", _("Kan interne notities lezen")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:change_request_detail", kwargs={"number": self.number})

    def get_tracking_url(self) -> str:
        return reverse("governance:tracking", kwargs={"token": self.tracking_token})

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def is_public(self) -> bool:
        return self.state not in UNCONFIRMED_STATES

    # Transitions. They touch this model's own fields only; the services do the rest.

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self) -> None:
        self.submitted_at = timezone.now()

    @transition(field=state, source=S.SUBMITTED, target=S.INTAKE, permission=_is_submitter)
    def confirm(self) -> None:
        self.confirmed_at = timezone.now()
        self._enter(S.INTAKE)

    @transition(field=state, source=S.INTAKE, target=S.NEEDS_INFO, permission=INTAKE)
    def request_info(self) -> None:
        self.due_on = None

    @transition(field=state, source=S.NEEDS_INFO, target=S.INTAKE, permission=_is_submitter)
    def supply_info(self, *, proposed_text: str | None = None) -> None:
        if proposed_text is not None and proposed_text != self.proposed_text:
            self.proposed_text = proposed_text
            self.revision += 1
        self._enter(S.INTAKE)

    @transition(field=state, source=S.INTAKE, target=S.LEGAL_REVIEW, permission=INTAKE)
    def to_legal_review(self) -> None:
        self._enter(S.LEGAL_REVIEW)

    @transition(field=state, source=S.LEGAL_REVIEW, target=S.PRACTICAL_REVIEW, permission=ASSESS)
    def assess(self) -> None:
        """The legal assessment itself is a ``LegalAssessment`` of this revision."""
        self._enter(S.PRACTICAL_REVIEW)

    @transition(field=state, source=S.PRACTICAL_REVIEW, target=S.STEERING, permission=ADVISE)
    def advise(self) -> None:
        self._enter(S.STEERING)

    @transition(
        field=state,
        source=(S.INTAKE, S.LEGAL_REVIEW, S.PRACTICAL_REVIEW),
        target=S.REJECTED,
        permission=_reviewer_of_current_step,
    )
    def reject(self) -> None:
        self.decided_at = timezone.now()
        self.due_on = None

    @transition(field=state, source=S.INTAKE, target=S.MERGED, permission=INTAKE)
    def merge_into(self, *, other: "ChangeRequest") -> None:
        self.merged_into = other
        self.decided_at = timezone.now()
        self.due_on = None

    @transition(
        field=state,
        source=(S.LEGAL_REVIEW, S.PRACTICAL_REVIEW),
        target=S.ANSWERED,
        permission=_reviewer_of_current_step,
    )
    def answer_in_faq(self) -> None:
        """The answer itself is a ``FaqEntry`` published on the standard's Q&A page."""
        self.decided_at = timezone.now()
        self.due_on = None

    @transition(
        field=state,
        source=S.STEERING,
        target=RETURN_VALUE(S.APPROVED, S.REJECTED, S.STEERING),
        permission=DECIDE,
    )
    def decide(self, *, outcome: SteeringOutcome) -> str:
        if outcome == SteeringOutcome.DEFER:
            # Deferred to a later meeting: the step starts again, and so does its due date.
            self._enter(S.STEERING)
            return S.STEERING
        self.decided_at = timezone.now()
        self.due_on = None
        return S.APPROVED if outcome == SteeringOutcome.APPROVE else S.REJECTED

    @transition(field=state, source=S.APPROVED, target=S.SCHEDULED, permission=SCHEDULE)
    def schedule(self, *, release: Release) -> None:
        self.scheduled_release = release

    @transition(field=state, source=S.SCHEDULED, target=S.APPLIED, permission=APPLY)
    def apply(self, *, article_version: ArticleVersion | None, application: Application) -> None:
        """Worked into the draft; a removed article leaves no version to point at."""
        self.applied_version = article_version
        self.application = application

    @transition(field=state, source=S.APPLIED, target=S.RELEASED)
    def release(self) -> None:
        """The release it was applied to is published (taken by the portal itself)."""

    @transition(
        field=state, source=WITHDRAWABLE_STATES, target=S.WITHDRAWN, permission=_is_submitter
    )
    def withdraw(self) -> None:
        self.due_on = None

    def _enter(self, step: str, today: datetime.date | None = None) -> None:
        self.due_on = due_on(step, today or timezone.localdate())
