"""Choices of the change-request workflow (DESIGN.md, "The CR workflow")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRequestState(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend, e-mailadres niet bevestigd")
    INTAKE = "intake", _("Intake")
    NEEDS_INFO = "needs_info", _("Aanvullende informatie gevraagd")
    LEGAL_REVIEW = "legal_review", _("Juridische toets")
    PRACTICAL_REVIEW = "practical_review", _("Praktijktoets")
    STEERING = "steering", _("Besluitvorming stuurgroep")
    APPROVED = "approved", _("Goedgekeurd")
    SCHEDULED = "scheduled", _("Ingepland in versie")
    APPLIED = "applied", _("Verwerkt in concept")
    RELEASED = "released", _("Gepubliceerd in versie")
    REJECTED = "rejected", _("Afgewezen")
    MERGED = "merged", _("Samengevoegd")
    ANSWERED = "answered", _("Beantwoord in vraag en antwoord")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


S = ChangeRequestState

# Before approval the submitter may still withdraw (DESIGN.md: "any state before approved").
WITHDRAWABLE_STATES = (
    S.DRAFT,
    S.SUBMITTED,
    S.INTAKE,
    S.NEEDS_INFO,
    S.LEGAL_REVIEW,
    S.PRACTICAL_REVIEW,
    S.STEERING,
)
# Still being handled: what duplicates are looked for among, and what can absorb a merge.
OPEN_STATES = (S.INTAKE, S.NEEDS_INFO, S.LEGAL_REVIEW, S.PRACTICAL_REVIEW, S.STEERING)
# Never shown to the public: the e-mail address has not been confirmed.
UNCONFIRMED_STATES = (S.DRAFT, S.SUBMITTED)


class Queue(models.TextChoices):
    """A step where work waits for a role; each has a due date (settings.CS_REVIEW_DAYS)."""

    INTAKE = "intake", _("Intake")
    LEGAL_REVIEW = "legal_review", _("Juridische toets")
    PRACTICAL_REVIEW = "practical_review", _("Praktijktoets")
    STEERING = "steering", _("Stuurgroep")


QUEUE_STATE = {
    Queue.INTAKE: S.INTAKE,
    Queue.LEGAL_REVIEW: S.LEGAL_REVIEW,
    Queue.PRACTICAL_REVIEW: S.PRACTICAL_REVIEW,
    Queue.STEERING: S.STEERING,
}


class ChangeKind(models.TextChoices):
    CHANGE_WORDING = "change_wording", _("Tekst wijzigen")
    NEW_ARTICLE = "new_article", _("Nieuw artikel (na dit artikel)")
    REMOVE_ARTICLE = "remove_article", _("Artikel schrappen")
    EDITORIAL = "editorial", _("Redactionele correctie")


class ImpactClass(models.TextChoices):
    """How a change affects running contracts (as HL7 classifies changes)."""

    NON_SUBSTANTIVE = "non_substantive", _("Niet-inhoudelijk")
    COMPATIBLE = "compatible", _("Inhoudelijk, verenigbaar met bestaande afspraken")
    NON_COMPATIBLE = "non_compatible", _("Inhoudelijk, niet verenigbaar met bestaande afspraken")


class LegalVerdict(models.TextChoices):
    FEASIBLE = "feasible", _("Juridisch haalbaar")
    FEASIBLE_WITH_CHANGES = "feasible_with_changes", _("Juridisch haalbaar met aanpassingen")
    NOT_FEASIBLE = "not_feasible", _("Juridisch niet haalbaar")


class PracticalFeasibility(models.TextChoices):
    FEASIBLE = "feasible", _("Uitvoerbaar")
    FEASIBLE_WITH_CONDITIONS = "feasible_with_conditions", _("Uitvoerbaar onder voorwaarden")
    NOT_FEASIBLE = "not_feasible", _("Niet uitvoerbaar")


class BurdenEffect(models.TextChoices):
    """Expected effect on the administrative burden of municipalities and providers."""

    DECREASES = "decreases", _("Minder administratieve lasten")
    NEUTRAL = "neutral", _("Geen effect op administratieve lasten")
    INCREASES = "increases", _("Meer administratieve lasten")


class SteeringOutcome(models.TextChoices):
    APPROVE = "approve", _("Goedgekeurd")
    REJECT = "reject", _("Afgewezen")
    DEFER = "defer", _("Aangehouden tot een volgende vergadering")


class ActorRole(models.TextChoices):
    """Who took a step, as the public timeline names it (never a staff member's name)."""

    SUBMITTER = "submitter", _("Indiener")
    SECRETARIAT = "secretariat", _("Secretariaat")
    EXPERT_TEAM = "expert_team", _("Expertteam")
    BEGELEIDINGSGROEP = "begeleidingsgroep", _("Begeleidingsgroep")
    STEERING_GROUP = "steering_group", _("Stuurgroep")
    SYSTEM = "system", _("CS-portaal")


class Application(models.TextChoices):
    """How an approved change request was worked into the draft of its release."""

    CLEAN = "clean", _("Automatisch verwerkt: de tekst was niet gewijzigd sinds het verzoek")
    MANUAL = "manual", _("Handmatig verwerkt: de tekst was intussen gewijzigd")
