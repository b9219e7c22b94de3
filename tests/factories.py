"""Factories for tests. ``release_with_articles`` builds a release in any state with content.

Content can only be written while a release is open, so a sealed release is built as a draft
and then moved to its state directly in the database (tests only; the portal uses the services).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory

from accounts.roles import Role
from governance.constants import (
    BurdenEffect,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
)
from governance.models import ChangeRequest
from organisations.constants import OrganisationKind, ProcurementType, Province
from organisations.models import Contract, Organisation
from standards.constants import DeviationPolicy, DocumentKind, ReleaseState
from standards.models import (
    Article,
    ArticleVersion,
    Document,
    DocumentVersion,
    Release,
    Standard,
)
from standards.texts import content_hash, normalise_text
from standards.versions import parse_version


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.nl")
    password = factory.django.Password("geheim-wachtwoord")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role.value))


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"cs-test-{n}")
    name = factory.LazyAttribute(lambda standard: standard.slug.upper())


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        django_get_or_create = ["standard", "slug"]

    standard = factory.SubFactory(StandardFactory)
    slug = "deel-3"
    kind = DocumentKind.OVEREENKOMST_DEEL_3
    deviation_policy = DeviationPolicy.FIXED


def release_with_articles(
    *,
    standard: Standard | None = None,
    version: str = "1.0",
    state: ReleaseState = ReleaseState.PUBLISHED,
    articles: list[tuple[str, str, str]] | None = None,
    identities: list[Article] | None = None,
    document_slug: str = "deel-3",
    **dates,
) -> Release:
    """A release of ``standard`` with one document holding ``articles`` as (number, title, text).

    ``identities`` gives the Article for each row (to make later versions of the same articles);
    new identities are created where it is None or shorter.
    """
    standard = standard or StandardFactory()
    major, minor = parse_version(version)
    defaults = {}
    if state in (ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED):
        defaults = {
            "published_on": datetime.date(2025, 10, 1),
            "effective_on": datetime.date(2026, 1, 1),
            "implementation_deadline": datetime.date(2026, 4, 1),
        }
    release = Release.objects.create(
        standard=standard, version_major=major, version_minor=minor, **{**defaults, **dates}
    )
    document = DocumentFactory(standard=standard, slug=document_slug)
    DocumentVersion.objects.create(release=release, document=document, title="Deel 3: Generiek")
    rows = articles if articles is not None else [("3.1", "Levering", "De levering.")]
    identities = list(identities or [])
    for position, (number, title, text) in enumerate(rows, start=1):
        article = identities[position - 1] if position <= len(identities) else None
        article = article or Article.objects.create(standard=standard)
        text = normalise_text(text)
        ArticleVersion.objects.create(
            release=release,
            article=article,
            document=document,
            number=number,
            title=title,
            position=position,
            text=text,
            content_hash=content_hash(text),
        )
    if state != ReleaseState.DRAFT:
        Release.objects.filter(pk=release.pk).update(state=state)
        release.refresh_from_db()
    return release


# Change requests ------------------------------------------------------------------------------

# The steps that lead from intake to each state, taken through the real services so that every
# factory-made change request has the events, reviews and agenda items a real one would have.
_PATH_FROM_INTAKE = {
    ChangeRequestState.INTAKE: [],
    ChangeRequestState.NEEDS_INFO: ["request_info"],
    ChangeRequestState.LEGAL_REVIEW: ["to_legal_review"],
    ChangeRequestState.PRACTICAL_REVIEW: ["to_legal_review", "assess"],
    ChangeRequestState.STEERING: ["to_legal_review", "assess", "advise"],
    ChangeRequestState.APPROVED: ["to_legal_review", "assess", "advise", "approve"],
    ChangeRequestState.SCHEDULED: ["to_legal_review", "assess", "advise", "approve", "schedule"],
    ChangeRequestState.REJECTED: ["reject"],
    ChangeRequestState.ANSWERED: ["to_legal_review", "answer_in_faq"],
    ChangeRequestState.WITHDRAWN: ["withdraw"],
    ChangeRequestState.MERGED: ["merge"],
}


def staff_user(role: Role, username: str | None = None):
    return UserFactory(username=username or f"test-{role.value}", roles=[role])


def change_request_in_state(
    state: ChangeRequestState = ChangeRequestState.INTAKE,
    *,
    release: Release | None = None,
    article_version: ArticleVersion | None = None,
    submitter=None,
    title: str = "Levertermijn verduidelijken",
    proposed_text: str | None = None,
    **fields,
) -> ChangeRequest:
    """A change request in ``state``, filed against the first article of ``release``.

    Without a release, a standard with a published 1.0 and a 1.1 draft is made. ``submitter`` is
    a user account; without one the request is filed anonymously and confirmed by token.
    """
    from governance.confirmation import confirmation_token
    from governance.constants import SteeringOutcome
    from governance.services import change_requests as services
    from governance.services import steering

    if release is None:
        published = release_with_articles(version="1.0")
        release = release_with_articles(
            standard=published.standard,
            version="1.1",
            state=ReleaseState.DRAFT,
            identities=[published.article_versions.get().article],
        )
    article_version = article_version or release.article_versions.order_by("position").first()
    submit = {
        "kind": ChangeKind.CHANGE_WORDING,
        "impact": ImpactClass.COMPATIBLE,
        "motivation": "De termijn is onduidelijk.",
        "summary": "Duidelijke levertermijn.",
        "submitter_name": "Sam Indiener",
        "submitter_email": "sam@gemeente.example.nl",
        "organisation_name": "Gemeente Voorbeeld",
        "organisation_type": OrganisationKind.MUNICIPALITY,
        **fields,
    }
    change_request, _target = services.change_request_submit(
        release=release,
        document=article_version.document,
        article_version=article_version,
        title=title,
        proposed_text=proposed_text or f"{article_version.text} Binnen 5 werkdagen.",
        by=submitter,
        **submit,
    )
    if state == ChangeRequestState.SUBMITTED:
        return change_request
    if change_request.state == ChangeRequestState.SUBMITTED:
        change_request = services.change_request_confirm(
            token=confirmation_token(
                change_request_pk=change_request.pk, email=change_request.submitter_email
            )
        )
    secretariat = staff_user(Role.SECRETARIAT)
    for step in _PATH_FROM_INTAKE[state]:
        if step == "request_info":
            change_request = services.change_request_request_info(
                change_request=change_request, by=secretariat, question="Welke termijn bedoelt u?"
            )
        elif step == "to_legal_review":
            change_request = services.change_request_to_legal_review(
                change_request=change_request, by=secretariat
            )
        elif step == "assess":
            change_request, _a = services.change_request_assess(
                change_request=change_request,
                by=staff_user(Role.LEGAL_REVIEWER),
                verdict=LegalVerdict.FEASIBLE,
                motivation="Past binnen de Wmo 2015.",
            )
        elif step == "advise":
            change_request, _r = services.change_request_advise(
                change_request=change_request,
                by=staff_user(Role.PRACTICAL_REVIEWER),
                feasibility=PracticalFeasibility.FEASIBLE,
                burden_effect=BurdenEffect.NEUTRAL,
                advice="Overnemen.",
            )
        elif step == "approve":
            secretary = staff_user(Role.STEERING_SECRETARY)
            meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 1))
            steering.meeting_build_agenda(meeting=meeting, by=secretary)
            item = meeting.agenda_items.get(change_request=change_request)
            steering.meeting_decide(
                item=item, by=secretary, outcome=SteeringOutcome.APPROVE, motivation="Akkoord."
            )
            change_request.refresh_from_db()
        elif step == "schedule":
            change_request = services.change_request_schedule(
                change_request=change_request, by=secretariat, release=release
            )
        elif step == "reject":
            change_request = services.change_request_reject(
                change_request=change_request, by=secretariat, motivation="Niet ontvankelijk."
            )
        elif step == "answer_in_faq":
            change_request, _e = services.change_request_answer_in_faq(
                change_request=change_request,
                by=staff_user(Role.LEGAL_REVIEWER),
                question="Wat is de levertermijn?",
                answer="Zie artikel 3.1.",
            )
        elif step == "withdraw":
            change_request = services.change_request_withdraw(
                change_request=change_request,
                by=None,
                tracking_token=change_request.tracking_token,
                reason="Niet meer nodig.",
            )
        elif step == "merge":
            survivor = change_request_in_state(
                ChangeRequestState.INTAKE, release=release, title="Het andere verzoek"
            )
            change_request = services.change_request_merge(
                change_request=change_request, by=secretariat, into=survivor
            )
    return change_request


# Organisations and contracts ------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A municipality by default (with a CBS code); pass ``kind`` for others (no CBS code)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    cbs_code = factory.LazyAttributeSequence(
        lambda o, n: f"GM{9000 + n % 1000:04d}" if o.kind == OrganisationKind.MUNICIPALITY else None
    )
    province = factory.LazyAttribute(
        lambda o: Province.UTRECHT if o.kind == OrganisationKind.MUNICIPALITY else ""
    )

    @factory.post_generation
    def contacts(self, create: bool, extracted: list | None, **kwargs) -> None:
        if extracted:
            self.contacts.set(extracted)

    @factory.post_generation
    def municipalities(self, create: bool, extracted: list | None, **kwargs) -> None:
        if extracted:
            self.municipalities.set(extracted)


def contract_on(
    release: Release,
    *,
    organisation: Organisation | None = None,
    starts_on: datetime.date = datetime.date(2025, 1, 1),
    ends_on: datetime.date | None = None,
    providers: list[Organisation] = (),
    name: str = "Wmo-ondersteuning",
) -> Contract:
    """A contract based on ``release``, written directly (tests only; pages use the services)."""
    contract = Contract.objects.create(
        organisation=organisation or OrganisationFactory(),
        standard=release.standard,
        name=name,
        procurement_type=ProcurementType.OPEN_HOUSE,
        starts_on=starts_on,
        ends_on=ends_on,
        release=release,
    )
    contract.providers.set(providers)
    return contract
