"""Services that file change requests and move them through the workflow.

One service per transition. Each one locks the change request, refuses with a typed error when
the caller's view of it is stale (``StateConflict``), when the state does not allow the step
(``TransitionRefused``) or when the actor may not take it (``NotPermitted``), then runs the
model's transition, saves with the actor and a reason in the history, writes exactly one
``TransitionEvent`` and sends ``change_request_transitioned`` after commit. The web pages, the
admin, management commands and the API all call these, so they behave identically.

Submitter steps (confirm, supply information, withdraw) are taken either by the logged-in
account that filed the request or by whoever holds its private tracking link (``tracking_token``).
"""

import datetime
import secrets
from functools import partial

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_fsm import can_proceed, has_transition_perm

from governance import events
from governance.confirmation import new_tracking_token, read_confirmation_token
from governance.constants import (
    OPEN_STATES,
    ActorRole,
    BurdenEffect,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
)
from governance.exceptions import (
    ConfirmationLinkInvalid,
    InvalidInput,
    NotPermitted,
    StateConflict,
    SubmissionRefused,
    TransitionRefused,
)
from governance.models import (
    AgendaItem,
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    NumberSeries,
    PracticalReview,
    TransitionEvent,
)
from governance.models.numbering import format_number
from governance.targets import SubmissionTarget, is_open_for_change_requests, submission_target
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM
from standards.models import ArticleVersion, Document, Release
from standards.texts import normalise_text

S = ChangeRequestState
Actor = AbstractBaseUser | AnonymousUser | None

# Who the public timeline says took each step.
ACTOR_ROLE = {
    "submit": ActorRole.SUBMITTER,
    "confirm": ActorRole.SUBMITTER,
    "supply_info": ActorRole.SUBMITTER,
    "withdraw": ActorRole.SUBMITTER,
    "request_info": ActorRole.SECRETARIAT,
    "to_legal_review": ActorRole.SECRETARIAT,
    "merge_into": ActorRole.SECRETARIAT,
    "schedule": ActorRole.SECRETARIAT,
    "apply": ActorRole.SECRETARIAT,
    "release": ActorRole.SYSTEM,
    "assess": ActorRole.EXPERT_TEAM,
    "advise": ActorRole.BEGELEIDINGSGROEP,
    "decide": ActorRole.STEERING_GROUP,
}
ROLE_OF_STEP = {
    S.INTAKE: ActorRole.SECRETARIAT,
    S.LEGAL_REVIEW: ActorRole.EXPERT_TEAM,
    S.PRACTICAL_REVIEW: ActorRole.BEGELEIDINGSGROEP,
}


def _required(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def _email(value: str) -> str:
    """The address the confirmation link goes to; without a valid one the request never counts."""
    value = _required(value, field="submitter_email", message=_("Geef uw e-mailadres."))
    try:
        validate_email(value)
    except ValidationError:
        raise InvalidInput(
            _("Geef een geldig e-mailadres, bijvoorbeeld naam@gemeente.nl."),
            field="submitter_email",
        ) from None
    return value


def _proves_submitter(change_request: ChangeRequest, tracking_token: str | None) -> bool:
    return bool(tracking_token) and secrets.compare_digest(
        tracking_token, change_request.tracking_token
    )


def _transition(
    change_request: ChangeRequest,
    name: str,
    *,
    by: Actor,
    reason: str,
    public_comment: str = "",
    internal_note: str = "",
    submitter_proven: bool = False,
    **kwargs,
) -> tuple[ChangeRequest, TransitionEvent]:
    """Lock, check, transition, save, write the event; the caller is inside ``atomic``."""
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if locked.state != change_request.state:
        raise StateConflict.of(locked)
    method = getattr(locked, name)
    if not can_proceed(method):
        raise TransitionRefused(
            _("Deze stap kan niet bij een wijzigingsverzoek met status '%(state)s'.")
            % {"state": locked.get_state_display()}
        )
    user = by if by is not None else AnonymousUser()
    if not submitter_proven and not has_transition_perm(method, user):
        raise NotPermitted(_("U hebt geen recht om deze stap te zetten."))
    from_state = locked.state
    actor_role = ACTOR_ROLE.get(name) or ROLE_OF_STEP[from_state]
    method(**kwargs)
    locked._history_user = user if user.is_authenticated else None
    locked._change_reason = reason
    locked.save()
    event = TransitionEvent.objects.create(
        change_request=locked,
        transition=name,
        from_state=from_state,
        to_state=locked.state,
        actor=user if user.is_authenticated else None,
        actor_role=actor_role,
        public_comment=public_comment.strip(),
        internal_note=internal_note.strip(),
    )
    transaction.on_commit(
        partial(
            events.change_request_transitioned.send,
            sender=ChangeRequest,
            change_request=locked,
            event=event,
        )
    )
    return locked, event


def _next_number(at: datetime.datetime) -> tuple[int, int]:
    year = at.astimezone(AMSTERDAM).year
    try:
        with transaction.atomic():
            NumberSeries.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another submission created this year's series first; lock it below
    series = NumberSeries.objects.select_for_update().get(year=year)
    series.last_sequence += 1
    series.save(update_fields=["last_sequence"])
    return year, series.last_sequence


def _check_open_for_requests(release: Release) -> None:
    if not is_open_for_change_requests(release):
        raise SubmissionRefused(
            _(
                "Versie %(version)s is niet meer actueel. Dien uw verzoek in op de versie die "
                "nu geldt of op het concept van de volgende versie."
            )
            % {"version": release.version}
        )


def _proposed_text(kind: ChangeKind, proposed_text: str, base_text: str | None) -> str:
    """The proposed wording as stored: normalised like article texts, empty for a removal.

    A wording change must differ from ``base_text``, the text the request is written against.
    """
    if kind == ChangeKind.REMOVE_ARTICLE:
        return ""
    proposed_text = normalise_text(proposed_text or "").strip()
    if not proposed_text:
        raise InvalidInput(_("Geef de voorgestelde tekst."), field="proposed_text")
    if (
        kind != ChangeKind.NEW_ARTICLE
        and base_text is not None
        and proposed_text == normalise_text(base_text).strip()
    ):
        raise InvalidInput(
            _("De voorgestelde tekst is gelijk aan de huidige tekst. Pas de tekst aan."),
            field="proposed_text",
        )
    return proposed_text


def _account_proves(user, email: str) -> bool:
    """A logged-in submitter skips confirmation only for the address of their own account."""
    return user is not None and bool(user.email) and user.email.lower() == email.lower()


@transaction.atomic
def change_request_submit(
    *,
    release: Release,
    document: Document,
    article_version: ArticleVersion | None,
    kind: ChangeKind,
    impact: ImpactClass,
    title: str,
    proposed_text: str,
    motivation: str,
    summary: str,
    submitter_name: str,
    submitter_email: str,
    organisation_name: str,
    organisation_type: OrganisationKind,
    by: Actor = None,
    at: datetime.datetime | None = None,
) -> tuple[ChangeRequest, SubmissionTarget]:
    """Store a change request as submitted, with a number and its target release.

    The submitter gets an e-mail with a confirmation link (sent by ``notifications`` on
    ``change_request_submitted``), unless they are logged in and filed it with their account's
    own address: then the address is proven and the request goes straight to intake. Every rule
    is checked before a number is taken, so a refused submission never waits for the number lock.
    """
    at = at or timezone.now()
    _check_open_for_requests(release)
    if article_version is not None and (
        article_version.release_id != release.pk or article_version.document_id != document.pk
    ):
        raise SubmissionRefused(_("Dit artikel hoort niet bij deze versie."))
    if not release.document_versions.filter(document=document).exists():
        # Without an article nothing else ties a proposed new article to this release.
        raise SubmissionRefused(_("Dit document hoort niet bij deze versie."))
    if article_version is None and kind != ChangeKind.NEW_ARTICLE:
        raise InvalidInput(
            _("Zonder artikel kunt u alleen een nieuw artikel voorstellen."), field="kind"
        )
    user = by if by is not None and by.is_authenticated else None
    fields = {
        "kind": kind,
        "impact": impact,
        "proposed_text": _proposed_text(
            kind, proposed_text, article_version.text if article_version else None
        ),
        "title": _required(title, field="title", message=_("Geef een titel.")),
        "motivation": _required(motivation, field="motivation", message=_("Geef een motivering.")),
        "summary": _required(summary, field="summary", message=_("Geef een korte samenvatting.")),
        "submitter_name": _required(
            submitter_name, field="submitter_name", message=_("Geef uw naam.")
        ),
        "submitter_email": _email(submitter_email),
        "organisation_name": _required(
            organisation_name, field="organisation_name", message=_("Geef uw organisatie.")
        ),
        "organisation_type": organisation_type,
    }
    target = submission_target(release.standard, at=at)
    year, sequence = _next_number(at)
    change_request = ChangeRequest(
        number=format_number(year, sequence),
        year=year,
        sequence=sequence,
        standard=release.standard,
        document=document,
        article=article_version.article if article_version else None,
        base_release=release,
        base_version=article_version,
        base_text=article_version.text if article_version else "",
        target_version=target.version,
        submitter_user=user,
        tracking_token=new_tracking_token(),
        **fields,
    )
    change_request._history_user = user
    change_request._change_reason = _("Ingediend")
    change_request.save()
    change_request, _event = _transition(
        change_request, "submit", by=by, reason=_("Ingediend"), submitter_proven=True
    )
    if _account_proves(user, change_request.submitter_email):
        change_request, _event = _transition(
            change_request, "confirm", by=user, reason=_("Ingediend met account")
        )
    else:
        transaction.on_commit(
            partial(
                events.change_request_submitted.send,
                sender=ChangeRequest,
                change_request=change_request,
            )
        )
    return change_request, target


@transaction.atomic
def change_request_confirm(*, token: str) -> ChangeRequest:
    """Confirm the e-mail address from the link in the confirmation e-mail.

    Confirming twice is harmless: the second time returns the request as it is. The row is
    locked first, so two clicks at the same moment also give one confirmation and no conflict.
    """
    pk, email = read_confirmation_token(token)
    try:
        change_request = ChangeRequest.objects.select_for_update().get(pk=pk)
    except ChangeRequest.DoesNotExist:
        raise ConfirmationLinkInvalid(_("Deze bevestigingslink is niet geldig.")) from None
    if change_request.submitter_email.lower() != email:
        # The address changed after the link was sent; the old link proves nothing.
        raise NotPermitted(_("Deze bevestigingslink hoort bij een ander e-mailadres."))
    if change_request.state != S.SUBMITTED:
        return change_request
    change_request, _event = _transition(
        change_request,
        "confirm",
        by=None,
        reason=_("E-mailadres bevestigd"),
        submitter_proven=True,
    )
    return change_request


@transaction.atomic
def change_request_request_info(
    *, change_request: ChangeRequest, by: Actor, question: str, internal_note: str = ""
) -> ChangeRequest:
    question = _required(question, field="question", message=_("Schrijf uw vraag aan de indiener."))
    change_request, _event = _transition(
        change_request,
        "request_info",
        by=by,
        reason=_("Aanvullende informatie gevraagd"),
        public_comment=question,
        internal_note=internal_note,
    )
    return change_request


@transaction.atomic
def change_request_supply_info(
    *,
    change_request: ChangeRequest,
    by: Actor,
    answer: str,
    proposed_text: str | None = None,
    tracking_token: str | None = None,
) -> ChangeRequest:
    """The submitter answers; a changed proposed wording makes a new revision.

    A blank wording field means "no new wording" (a form sends "" for an untouched field), and a
    removal has no wording at all; new wording follows the rule of submission that it must differ
    from the current article text.
    """
    answer = _required(answer, field="answer", message=_("Geef uw antwoord."))
    if change_request.kind == ChangeKind.REMOVE_ARTICLE or not (proposed_text or "").strip():
        proposed_text = None
    else:
        proposed_text = _proposed_text(change_request.kind, proposed_text, change_request.base_text)
    change_request, _event = _transition(
        change_request,
        "supply_info",
        by=by,
        reason=_("Aanvullende informatie gegeven"),
        public_comment=answer,
        submitter_proven=_proves_submitter(change_request, tracking_token),
        proposed_text=proposed_text,
    )
    return change_request


@transaction.atomic
def change_request_to_legal_review(
    *, change_request: ChangeRequest, by: Actor, comment: str = "", internal_note: str = ""
) -> ChangeRequest:
    change_request, _event = _transition(
        change_request,
        "to_legal_review",
        by=by,
        reason=_("Naar juridische toets"),
        public_comment=comment,
        internal_note=internal_note,
    )
    return change_request


@transaction.atomic
def change_request_reject(
    *, change_request: ChangeRequest, by: Actor, motivation: str, internal_note: str = ""
) -> ChangeRequest:
    """Not admissible (intake) or not feasible (legal or practical review); motivated."""
    motivation = _required(
        motivation, field="motivation", message=_("Motiveer waarom het verzoek wordt afgewezen.")
    )
    change_request, _event = _transition(
        change_request,
        "reject",
        by=by,
        reason=_("Afgewezen"),
        public_comment=motivation,
        internal_note=internal_note,
    )
    return change_request


@transaction.atomic
def change_request_merge(
    *,
    change_request: ChangeRequest,
    by: Actor,
    into: ChangeRequest,
    comment: str = "",
    internal_note: str = "",
) -> ChangeRequest:
    """Merge a duplicate into a request that is still being handled; its submitter follows it.

    Both rows are locked (in a fixed order, so two opposite merges cannot deadlock) and the other
    request is checked as stored, not as the caller loaded it: two duplicates merged into each
    other at the same time would otherwise both end as merged, and neither would be handled.
    """
    if into.pk == change_request.pk:
        raise InvalidInput(
            _("Een verzoek kan niet met zichzelf worden samengevoegd."), field="into"
        )
    locked = {
        row.pk: row
        for row in ChangeRequest.objects.select_for_update()
        .filter(pk__in=(change_request.pk, into.pk))
        .order_by("pk")
    }
    into = locked[into.pk]
    if into.standard_id != change_request.standard_id:
        raise InvalidInput(
            _("%(number)s gaat over een andere standaard.") % {"number": into.number},
            field="into",
        )
    if into.state not in OPEN_STATES:
        raise InvalidInput(
            _("%(number)s is al afgehandeld (%(state)s); kies een verzoek dat nog loopt.")
            % {"number": into.number, "state": into.get_state_display()},
            field="into",
        )
    comment = comment.strip() or _("Samengevoegd met %(number)s, dat over hetzelfde gaat.") % {
        "number": into.number
    }
    change_request, _event = _transition(
        change_request,
        "merge_into",
        by=by,
        reason=_("Samengevoegd met %(number)s") % {"number": into.number},
        public_comment=comment,
        internal_note=internal_note,
        other=into,
    )
    return change_request


@transaction.atomic
def change_request_assess(
    *,
    change_request: ChangeRequest,
    by: Actor,
    verdict: LegalVerdict,
    motivation: str,
    legal_grounds: str = "",
    amended_text: str = "",
    internal_note: str = "",
) -> tuple[ChangeRequest, LegalAssessment]:
    """The expert team's legal assessment of the current revision; on to practical review."""
    motivation = _required(
        motivation, field="motivation", message=_("Motiveer het juridische oordeel.")
    )
    amended_text = amended_text.strip()
    if verdict == LegalVerdict.FEASIBLE_WITH_CHANGES and not amended_text:
        raise InvalidInput(
            _("Geef de aangepaste tekst bij het oordeel 'haalbaar met aanpassingen'."),
            field="amended_text",
        )
    if verdict != LegalVerdict.FEASIBLE_WITH_CHANGES:
        amended_text = ""
    change_request, _event = _transition(
        change_request,
        "assess",
        by=by,
        reason=_("Juridisch getoetst"),
        public_comment=motivation,
        internal_note=internal_note,
    )
    assessment = LegalAssessment.objects.create(
        change_request=change_request,
        revision=change_request.revision,
        judged_text=change_request.proposed_text,
        verdict=verdict,
        motivation=motivation,
        legal_grounds=legal_grounds.strip(),
        amended_text=amended_text,
        assessed_by=by,
    )
    return change_request, assessment


@transaction.atomic
def change_request_advise(
    *,
    change_request: ChangeRequest,
    by: Actor,
    feasibility: PracticalFeasibility,
    burden_effect: BurdenEffect,
    advice: str,
    internal_note: str = "",
) -> tuple[ChangeRequest, PracticalReview]:
    """The begeleidingsgroep's practical review and advice; on to the steering group."""
    advice = _required(advice, field="advice", message=_("Geef het advies aan de stuurgroep."))
    change_request, _event = _transition(
        change_request,
        "advise",
        by=by,
        reason=_("Praktijktoets gedaan"),
        public_comment=advice,
        internal_note=internal_note,
    )
    review = PracticalReview.objects.create(
        change_request=change_request,
        revision=change_request.revision,
        feasibility=feasibility,
        burden_effect=burden_effect,
        advice=advice,
        reviewed_by=by,
    )
    return change_request, review


@transaction.atomic
def change_request_answer_in_faq(
    *,
    change_request: ChangeRequest,
    by: Actor,
    question: str,
    answer: str,
    internal_note: str = "",
) -> tuple[ChangeRequest, FaqEntry]:
    """End the request with an answer on the standard's Q&A page instead of a text change."""
    question = _required(question, field="question", message=_("Geef de vraag zoals gepubliceerd."))
    answer = _required(answer, field="answer", message=_("Geef het antwoord."))
    change_request, _event = _transition(
        change_request,
        "answer_in_faq",
        by=by,
        reason=_("Beantwoord in vraag en antwoord"),
        public_comment=answer,
        internal_note=internal_note,
    )
    entry = FaqEntry.objects.create(
        standard=change_request.standard,
        article=change_request.article,
        change_request=change_request,
        question=question,
        answer=answer,
    )
    return change_request, entry


@transaction.atomic
def change_request_withdraw(
    *,
    change_request: ChangeRequest,
    by: Actor,
    reason: str = "",
    tracking_token: str | None = None,
) -> ChangeRequest:
    """The submitter withdraws the request before it is approved.

    A request withdrawn while it waits on a steering agenda leaves that agenda: nobody can decide
    on it any more, and an undecided item would keep the meeting from publishing its decisions.
    Items already decided (a deferral) stay, as part of the meeting's record.
    """
    change_request, _event = _transition(
        change_request,
        "withdraw",
        by=by,
        reason=_("Ingetrokken door de indiener"),
        public_comment=reason,
        submitter_proven=_proves_submitter(change_request, tracking_token),
    )
    AgendaItem.objects.filter(change_request=change_request, outcome="").delete()
    return change_request


@transaction.atomic
def change_request_schedule(
    *, change_request: ChangeRequest, by: Actor, release: Release, comment: str = ""
) -> ChangeRequest:
    """Plan an approved request into the draft of a coming release of its standard."""
    if release.standard_id != change_request.standard_id or release.state != ReleaseState.DRAFT:
        raise InvalidInput(
            _("Kies het concept van een volgende versie van %(standard)s.")
            % {"standard": change_request.standard},
            field="release",
        )
    change_request, _event = _transition(
        change_request,
        "schedule",
        by=by,
        reason=_("Ingepland in versie %(version)s") % {"version": release.version},
        public_comment=comment
        or _("Ingepland in versie %(version)s.") % {"version": release.version},
        release=release,
    )
    return change_request


def record_decision(
    change_request: ChangeRequest,
    *,
    by: Actor,
    outcome: str,
    motivation: str,
    reason: str,
    internal_note: str = "",
) -> ChangeRequest:
    """The steering group's decision on the request; called by the meeting services."""
    change_request, _event = _transition(
        change_request,
        "decide",
        by=by,
        reason=reason,
        public_comment=motivation,
        internal_note=internal_note,
        outcome=outcome,
    )
    return change_request
