"""The demo's change requests: one scenario that shows every state of the workflow.

``load_demo_change_requests`` files nineteen change requests against the demo standards (CS
Hulpmiddelen Wmo 2015 and CS Jeugd) and carries them through the workflow with the real services
(``governance.services.change_requests`` and ``governance.services.steering``), with the demo
users as actors: *secretariaat* does intake and scheduling, *jurist* the legal review, *praktijk*
the practical review and *stuurgroepsecretaris* the meetings of the steering group. One request is
filed by the logged-in *contactpersoon*; the others are filed anonymously by people of
municipalities, providers, a branch organisation and client organisations, and confirmed with the
link from the confirmation e-mail, as a real submitter would.

Every proposed wording is the exact article text of the release it was written against with a few
words replaced, so the redline on each page shows a small, meaningful change. The scenario ends
with at least one request in every state a request reaches before a release is built from it:
submitted (unconfirmed), intake (one overdue), needs_info, legal_review, practical_review,
steering (on the agenda of the coming meeting, one deferred at the last meeting, one on no agenda
yet), approved, scheduled, rejected (at intake and by the steering group), merged, answered (with
an entry in the Q&A) and withdrawn. The last meeting of the steering group has its decision list
published; the coming one has its agenda built and nothing decided.

The scenario is deterministic: the same texts, the same order, the same numbers on a fresh
database. Dates follow the day it runs, so the last meeting is always in the past and the coming
one always ahead. It loads once: when the portal has change requests already, it does nothing.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from governance.confirmation import confirmation_token
from governance.constants import (
    BurdenEffect,
    ChangeKind,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
    SteeringOutcome,
)
from governance.models import ChangeRequest, SteeringMeeting
from governance.services import change_requests as services
from governance.services import steering
from notifications.models import Frequency
from notifications.subscriptions import subscription_follow
from organisations.constants import OrganisationKind
from standards.selectors import release_get

HULPMIDDELEN = "cs-hulpmiddelen-wmo-2015"
JEUGD = "cs-jeugd"
OVEREENKOMST_DEEL_1 = "deel-1"
OVEREENKOMST_DEEL_3 = "deel-3"

# The steering group meets on Thursdays.
THURSDAY = 3


class DemoScenarioError(CommandError):
    """The demo content no longer has the wording a demo change request replaces.

    A ``CommandError``, so ``load_demo_data`` stops with the message instead of a traceback."""


@dataclass(frozen=True)
class DemoChangeRequest:
    """One change request as its submitter files it: ``replace`` turns the article into the
    proposed wording by replacing a few words of the article text."""

    key: str
    standard: str
    version: str
    document: str
    article: str
    replace: tuple[str, str]
    title: str
    motivation: str
    summary: str
    submitter_name: str
    submitter_email: str
    organisation_name: str
    organisation_type: OrganisationKind
    kind: ChangeKind = ChangeKind.CHANGE_WORDING
    impact: ImpactClass = ImpactClass.COMPATIBLE


MUNICIPALITY = OrganisationKind.MUNICIPALITY
REGION = OrganisationKind.REGION
PROVIDER = OrganisationKind.PROVIDER
BRANCH = OrganisationKind.BRANCH_ORGANISATION
CLIENTS = OrganisationKind.CLIENT_ORGANISATION

# In the order they are filed, so that they get the numbers WV-<year>-0001 … 0019.
DEMO_CHANGE_REQUESTS = (
    DemoChangeRequest(
        key="garantie",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.11",
        replace=("ten minste 24 maanden voor een nieuw", "ten minste 36 maanden voor een nieuw"),
        title="Langere garantie op nieuwe hulpmiddelen",
        motivation=(
            "Elektrische rolstoelen en scootmobielen gaan gemiddeld vijf tot zeven jaar mee. "
            "Gebreken aan de aandrijving en de besturing komen in de praktijk vaak in het derde "
            "jaar aan het licht, net na afloop van de garantie. Cliënten merken dat als een "
            "hulpmiddel dat weken stilstaat, terwijl de gemeente de reparatie betaalt. Fabrikanten "
            "geven op deze onderdelen zelf al 36 maanden garantie."
        ),
        summary="De garantie op een nieuw hulpmiddel gaat van 24 naar 36 maanden.",
        submitter_name="Annelies Postma",
        submitter_email="a.postma@clientenraad-leeuwarden.example.nl",
        organisation_name="Cliëntenraad Sociaal Domein Leeuwarden",
        organisation_type=CLIENTS,
    ),
    DemoChangeRequest(
        key="overdracht",
        standard=JEUGD,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.8",
        replace=(
            "de start van de jeugdhulp heeft bevestigd.",
            "de start van de jeugdhulp met een startbericht heeft bevestigd.",
        ),
        title="Stopbericht pas na het startbericht van de nieuwe aanbieder",
        motivation=(
            "Nu is niet duidelijk hoe de nieuwe aanbieder de start bevestigt. Sommige aanbieders "
            "bellen, andere mailen. Daardoor sturen wij soms te vroeg een stopbericht en ontstaat "
            "een gat in de toewijzing. Met het startbericht uit het iJw-berichtenverkeer is de "
            "bevestiging eenduidig en voor de gemeente zichtbaar."
        ),
        summary="De nieuwe aanbieder bevestigt de start met een startbericht in het iJw.",
        submitter_name="Jeroen de Vries",
        submitter_email="j.devries@jeugdhulp-rivierenland.example.nl",
        organisation_name="Stichting Jeugdhulp Rivierenland",
        organisation_type=PROVIDER,
    ),
    DemoChangeRequest(
        key="storingsdienst",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.8",
        replace=("van 8.00 tot 17.00 uur", "van 8.00 tot 18.00 uur"),
        title="Storingsdienst ook na vijf uur bereikbaar",
        motivation=(
            "Veel mantelzorgers werken overdag en kunnen een storing pas na vijf uur melden. Zij "
            "komen dan bij de storingsdienst voor spoed terecht, ook voor gewone vragen en "
            "afspraken over onderhoud. Een uur langer telefonisch bereikbaar zijn voorkomt dat."
        ),
        summary="De leverancier is op werkdagen tot 18.00 uur bereikbaar in plaats van tot 17.00.",
        submitter_name="Fatima El Amrani",
        submitter_email="f.elamrani@utrecht.example.nl",
        organisation_name="Gemeente Utrecht",
        organisation_type=MUNICIPALITY,
    ),
    DemoChangeRequest(
        key="betaaltermijn",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.13",
        replace=("binnen 30 kalenderdagen na ontvangst", "binnen 14 kalenderdagen na ontvangst"),
        title="Kortere betaaltermijn voor declaraties",
        motivation=(
            "Leveranciers van hulpmiddelen kopen de hulpmiddelen in voordat zij kunnen "
            "declareren. Een betaaltermijn van 30 dagen legt veel werkkapitaal vast, zeker bij "
            "dure woonvoorzieningen zoals trapliften. Met 14 dagen sluit de termijn aan bij wat "
            "in de zorg gebruikelijk wordt."
        ),
        summary="De gemeente betaalt een juiste declaratie binnen 14 in plaats van 30 dagen.",
        submitter_name="Pieter van Dijk",
        submitter_email="p.vandijk@mobiliteit-oost.example.nl",
        organisation_name="Mobiliteit Oost B.V.",
        organisation_type=PROVIDER,
    ),
    DemoChangeRequest(
        key="wachttijden",
        standard=JEUGD,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.5",
        replace=(
            "| Behandelwachttijd: van intake tot start van de jeugdhulp | 10 weken |",
            "| Behandelwachttijd: van intake tot start van de jeugdhulp | 6 weken |",
        ),
        title="Maximale behandelwachttijd naar 6 weken",
        motivation=(
            "Een kind dat na de intake nog tien weken op behandeling wacht, loopt in die tijd "
            "vaak verder vast, thuis en op school. De Treeknormen in de zorg gaan uit van kortere "
            "termijnen. Ouders vragen ons om één landelijke norm die daarbij aansluit."
        ),
        summary="Na de intake start de jeugdhulp binnen 6 weken in plaats van binnen 10 weken.",
        submitter_name="Sanne Bakker",
        submitter_email="s.bakker@ouderplatform-jeugd.example.nl",
        organisation_name="Ouderplatform Jeugdhulp Noord-Holland",
        organisation_type=CLIENTS,
        impact=ImpactClass.NON_COMPATIBLE,
    ),
    DemoChangeRequest(
        key="stopbericht",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.12",
        replace=(
            "binnen 5 werkdagen na de aflevering of het ophalen",
            "direct na de aflevering of het ophalen",
        ),
        title="Start- en stopbericht sneller versturen",
        motivation=(
            "Zolang het stopbericht ontbreekt, staat de toewijzing in onze administratie nog "
            "open en betalen wij huur door voor een hulpmiddel dat al is opgehaald. Het "
            "retourbericht moet volgens lid 2 al binnen 3 werkdagen; voor start en stop kan dat "
            "ook."
        ),
        summary="De leverancier meldt aflevering en ophalen sneller via het iWmo.",
        submitter_name="Mehmet Yılmaz",
        submitter_email="m.yilmaz@eindhoven.example.nl",
        organisation_name="Gemeente Eindhoven",
        organisation_type=MUNICIPALITY,
    ),
    DemoChangeRequest(
        key="informatie",
        standard=JEUGD,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.13",
        replace=("levert in elk geval ieder halfjaar:", "levert in elk geval ieder kwartaal:"),
        title="Sturingsinformatie ieder kwartaal",
        motivation=(
            "De regio stuurt op de uitgaven per kwartaal. Met cijfers per halfjaar zien wij een "
            "stijging van het aantal trajecten te laat om nog bij te sturen. De gegevens staan "
            "grotendeels al in het iJw-berichtenverkeer, zodat de extra last beperkt is."
        ),
        summary="Aanbieders leveren de sturingsinformatie ieder kwartaal in plaats van halfjaar.",
        submitter_name="Esther Mulder",
        submitter_email="e.mulder@regiotwente.example.nl",
        organisation_name="Regio Twente",
        organisation_type=REGION,
    ),
    DemoChangeRequest(
        key="calamiteiten",
        standard=JEUGD,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.11",
        replace=("binnen 2 werkdagen na de melding", "binnen 1 werkdag na de melding"),
        title="Gemeente sneller informeren over een calamiteit",
        motivation=(
            "Bij een calamiteit krijgt de wethouder vaak binnen een dag vragen van de pers of de "
            "raad. De gemeente moet dan weten wat er is gebeurd en welke maatregelen de aanbieder "
            "heeft genomen. Twee werkdagen is daarvoor te laat."
        ),
        summary="De aanbieder informeert de gemeente binnen 1 werkdag na de melding.",
        submitter_name="Daan Visser",
        submitter_email="d.visser@groningen.example.nl",
        organisation_name="Gemeente Groningen",
        organisation_type=MUNICIPALITY,
    ),
    DemoChangeRequest(
        key="stopbericht-dubbel",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.12",
        replace=(
            "binnen 5 werkdagen na de aflevering of het ophalen",
            "binnen 3 werkdagen na de aflevering of het ophalen",
        ),
        title="Termijn start- en stopbericht gelijk aan retourbericht",
        motivation=(
            "Het retourbericht moet binnen 3 werkdagen, het start- en stopbericht binnen 5. Dat "
            "verschil is voor leveranciers en gemeenten verwarrend en levert onnodige "
            "herinneringen op. Eén termijn van 3 werkdagen maakt het eenvoudiger."
        ),
        summary="Start- en stopbericht binnen 3 werkdagen, net als het retourbericht.",
        submitter_name="Noor Hendriks",
        submitter_email="n.hendriks@tilburg.example.nl",
        organisation_name="Gemeente Tilburg",
        organisation_type=MUNICIPALITY,
    ),
    DemoChangeRequest(
        key="eigendom",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.5",
        replace=(
            "Bij huur blijft Opdrachtnemer eigenaar.",
            "Bij huur blijft Opdrachtnemer eigenaar, ook als het hulpmiddel uit het depot "
            "opnieuw wordt verstrekt.",
        ),
        title="Eigendom bij herverstrekking van een huurhulpmiddel",
        motivation=(
            "Bij een herverstrekking uit het depot is ons niet duidelijk of het eigendom van een "
            "gehuurd hulpmiddel verandert. Wij willen voorkomen dat gemeenten en leveranciers "
            "daar verschillend over denken, bijvoorbeeld bij het einde van de overeenkomst."
        ),
        summary="Verduidelijken wie eigenaar is van een gehuurd hulpmiddel na herverstrekking.",
        submitter_name="Kees Jansen",
        submitter_email="k.jansen@hulpmiddelenbranche.example.nl",
        organisation_name="Branchevereniging Hulpmiddelenleveranciers Nederland",
        organisation_type=BRANCH,
        kind=ChangeKind.EDITORIAL,
        impact=ImpactClass.NON_SUBSTANTIVE,
    ),
    DemoChangeRequest(
        key="indexering",
        standard=JEUGD,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.2",
        replace=("is [xx]% en [xx]%,", "is 80% en 20%,"),
        title="Vaste verdeling loonkosten en materiële kosten bij indexering",
        motivation=(
            "Iedere regio kiest nu een eigen verdeling. Voor aanbieders die in veel regio's "
            "werken, betekent dat steeds een andere indexering van hetzelfde product. Een vaste "
            "verdeling van 80% loonkosten en 20% materiële kosten past bij de meeste vormen van "
            "jeugdhulp."
        ),
        summary="Eén landelijke verdeling voor de indexering: 80% loonkosten, 20% materieel.",
        submitter_name="Lotte Smit",
        submitter_email="l.smit@jeugdzorgbranche.example.nl",
        organisation_name="Branchevereniging Jeugdhulpaanbieders",
        organisation_type=BRANCH,
        impact=ImpactClass.NON_COMPATIBLE,
    ),
    DemoChangeRequest(
        key="geschillen",
        standard=JEUGD,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.19",
        replace=(
            "Een uitspraak van die commissie is bindend als Partijen dat vooraf schriftelijk "
            "afspreken.",
            "Een uitspraak van die commissie is bindend.",
        ),
        title="Uitspraak geschillencommissie altijd bindend",
        motivation=(
            "Als een uitspraak van de geschillencommissie niet bindend is, gaat het geschil "
            "daarna vaak alsnog naar de rechter. Dat kost beide partijen veel tijd en geld."
        ),
        summary="Een uitspraak van de regionale geschillencommissie is altijd bindend.",
        submitter_name="Ruud Koster",
        submitter_email="r.koster@kompas-jeugd.example.nl",
        organisation_name="Kompas Jeugd en Gezin",
        organisation_type=PROVIDER,
        impact=ImpactClass.NON_COMPATIBLE,
    ),
    DemoChangeRequest(
        key="reparatie",
        standard=HULPMIDDELEN,
        version="1.2",
        document=OVEREENKOMST_DEEL_3,
        article="3.9",
        replace=(
            "zijn woning niet kan verlaten of gebruiken: binnen 24 uur",
            "zijn woning niet kan verlaten of gebruiken: binnen 8 uur",
        ),
        title="Spoedreparatie binnen 8 uur",
        motivation=(
            "Een cliënt met een kapotte traplift kan soms een hele dag en nacht niet naar boven "
            "of beneden, ook niet naar het toilet of de slaapkamer. 24 uur is voor zulke "
            "storingen te lang; de storingsdienst is volgens artikel 3.8 al dag en nacht "
            "bereikbaar."
        ),
        summary="Een storing die de cliënt onveilig maakt of opsluit, is binnen 8 uur verholpen.",
        submitter_name="Ingrid Bos",
        submitter_email="i.bos@samen-sterk-zwolle.example.nl",
        organisation_name="Cliëntenplatform Samen Sterk Zwolle",
        organisation_type=CLIENTS,
    ),
    DemoChangeRequest(
        key="18plus",
        standard=JEUGD,
        version="1.2",
        document=OVEREENKOMST_DEEL_1,
        article="1.6",
        replace=("uiterlijk als de cliënt 17 jaar is", "uiterlijk als de cliënt 16,5 jaar is"),
        title="Eerder beginnen met de overgang naar 18+",
        motivation=(
            "Aanvragen voor de Wmo 2015 of de Wet langdurige zorg kosten in onze gemeente vaak "
            "meer dan zes maanden. Wie pas op 17-jarige leeftijd begint, haalt de 18e verjaardag "
            "niet zonder onderbreking van de ondersteuning."
        ),
        summary="De voorbereiding op 18 jaar begint een halfjaar eerder, op 16,5 jaar.",
        submitter_name="Joost Willems",
        submitter_email="j.willems@zwolle.example.nl",
        organisation_name="Gemeente Zwolle",
        organisation_type=MUNICIPALITY,
    ),
    DemoChangeRequest(
        key="levertermijn-traplift",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.4",
        replace=(
            "| Traplift | niet van toepassing | 25 werkdagen | 40 werkdagen |",
            "| Traplift | niet van toepassing | 25 werkdagen | 30 werkdagen |",
        ),
        title="Kortere levertermijn voor een traplift op maat",
        motivation=(
            "Cliënten die op een traplift op maat wachten, wonen in die tijd vaak beneden of "
            "logeren elders. In onze regio leveren de meeste leveranciers binnen 30 werkdagen; "
            "40 werkdagen is niet meer nodig."
        ),
        summary="Een traplift op maat wordt binnen 30 in plaats van 40 werkdagen geleverd.",
        submitter_name="Marloes Verhoeven",
        submitter_email="contactpersoon@example.nl",
        organisation_name="Gemeente Amersfoort",
        organisation_type=MUNICIPALITY,
    ),
    DemoChangeRequest(
        key="onderaanneming",
        standard=JEUGD,
        version="1.2",
        document=OVEREENKOMST_DEEL_3,
        article="3.7",
        replace=(
            "Voor de inzet van een zzp'er zonder eigen personeel volstaat een melding.",
            "Voor de inzet van een zzp'er zonder eigen personeel is geen toestemming nodig; "
            "Opdrachtnemer vermeldt hem wel in het overzicht van lid 4.",
        ),
        title="Geen aparte melding voor de inzet van een zzp'er",
        motivation=(
            "Wij werken met veel zzp'ers voor korte trajecten. Iedere inzet apart melden kost "
            "ons en de gemeente veel tijd, terwijl de gemeente het overzicht van lid 4 toch al "
            "kan opvragen."
        ),
        summary="Een zzp'er inzetten hoeft niet meer apart gemeld te worden.",
        submitter_name="Bram Kuipers",
        submitter_email="b.kuipers@de-brug-jeugdhulp.example.nl",
        organisation_name="De Brug Jeugdhulp",
        organisation_type=PROVIDER,
    ),
    DemoChangeRequest(
        key="wijziging-standaard",
        standard=HULPMIDDELEN,
        version="1.2",
        document=OVEREENKOMST_DEEL_3,
        article="3.20",
        replace=(
            "binnen 6 kalendermaanden na de publicatie",
            "binnen 9 kalendermaanden na de publicatie",
        ),
        title="Meer tijd om een nieuwe versie over te nemen",
        motivation=(
            "Een nieuwe versie wordt in oktober gepubliceerd. Binnen zes maanden moeten wij dan "
            "de overeenkomsten met alle leveranciers aanpassen, midden in de aanbesteding voor "
            "het nieuwe jaar. Met negen maanden kunnen gemeenten de aanpassing combineren met de "
            "jaarlijkse contractwijziging."
        ),
        summary="Gemeenten krijgen 9 in plaats van 6 maanden om een nieuwe versie over te nemen.",
        submitter_name="Marieke Dekker",
        submitter_email="m.dekker@almere.example.nl",
        organisation_name="Gemeente Almere",
        organisation_type=MUNICIPALITY,
        impact=ImpactClass.NON_COMPATIBLE,
    ),
    DemoChangeRequest(
        key="berichtenverkeer-jeugd",
        standard=JEUGD,
        version="1.2",
        document=OVEREENKOMST_DEEL_3,
        article="3.12",
        replace=(
            "in de versie die het Ketenbureau i-Sociaal Domein heeft vastgesteld en die op dat "
            "moment verplicht is",
            "in de versie die het Ketenbureau i-Sociaal Domein op dat moment voorschrijft",
        ),
        title="Zelfde formulering iJw als in de standaard Hulpmiddelen",
        motivation=(
            "De standaard Hulpmiddelen Wmo 2015 gebruikt sinds versie 1.1 een kortere formulering "
            "voor de versie van het berichtenverkeer. Inhoudelijk is er geen verschil; dezelfde "
            "woorden in beide standaarden voorkomen vragen."
        ),
        summary="Dezelfde, kortere formulering over de versie van het iJw-berichtenverkeer.",
        submitter_name="Wendy Claassen",
        submitter_email="w.claassen@nijmegen.example.nl",
        organisation_name="Gemeente Nijmegen",
        organisation_type=MUNICIPALITY,
        kind=ChangeKind.EDITORIAL,
        impact=ImpactClass.NON_SUBSTANTIVE,
    ),
    DemoChangeRequest(
        key="storingsoverzicht",
        standard=HULPMIDDELEN,
        version="1.1",
        document=OVEREENKOMST_DEEL_3,
        article="3.8",
        replace=(
            "Hij stelt dit overzicht op verzoek beschikbaar aan Opdrachtgever.",
            "Hij stuurt dit overzicht ieder kwartaal aan Opdrachtgever.",
        ),
        title="Storingsoverzicht ieder kwartaal naar de gemeente",
        motivation=(
            "Wij vragen het overzicht van storingsmeldingen nu per leverancier op, en krijgen het "
            "in steeds een andere vorm. Een vast moment per kwartaal maakt het overzicht "
            "vergelijkbaar en scheelt ons en de leveranciers heen-en-weer mailen."
        ),
        summary="De leverancier stuurt het overzicht van storingsmeldingen ieder kwartaal.",
        submitter_name="Rob Verhoeven",
        submitter_email="r.verhoeven@eindhoven.example.nl",
        organisation_name="Gemeente Eindhoven",
        organisation_type=MUNICIPALITY,
    ),
)

# Who files the request with an account instead of anonymously.
LOGGED_IN_SUBMISSIONS = {"levertermijn-traplift": "contactpersoon"}
# Filed but the e-mail address never confirmed.
UNCONFIRMED = {"onderaanneming"}


def _previous_thursday(today: datetime.date, *, weeks_back: int) -> datetime.date:
    days_since_thursday = (today.weekday() - THURSDAY) % 7 or 7
    return today - datetime.timedelta(days=days_since_thursday + 7 * (weeks_back - 1))


def _next_thursday(today: datetime.date, *, weeks_ahead: int) -> datetime.date:
    days_to_thursday = (THURSDAY - today.weekday()) % 7 or 7
    return today + datetime.timedelta(days=days_to_thursday + 7 * (weeks_ahead - 1))


def _proposed_text(text: str, spec: DemoChangeRequest) -> str:
    old, new = spec.replace
    if old not in text:
        raise DemoScenarioError(
            f"Demo-wijzigingsverzoek '{spec.key}': art. {spec.article} van {spec.standard} "
            f"{spec.version} bevat '{old}' niet meer. Pas demo/change_requests.py aan."
        )
    return text.replace(old, new, 1)


def _submit(spec: DemoChangeRequest, *, by) -> ChangeRequest:
    release = release_get(standard_slug=spec.standard, version=spec.version)
    article_version = release.article_versions.select_related("document", "article").get(
        document__slug=spec.document, number=spec.article
    )
    change_request, _target = services.change_request_submit(
        release=release,
        document=article_version.document,
        article_version=article_version,
        kind=spec.kind,
        impact=spec.impact,
        title=spec.title,
        proposed_text=_proposed_text(article_version.text, spec),
        motivation=spec.motivation,
        summary=spec.summary,
        submitter_name=spec.submitter_name,
        submitter_email=spec.submitter_email,
        organisation_name=spec.organisation_name,
        organisation_type=spec.organisation_type,
        by=by,
    )
    return change_request


def _confirm(change_request: ChangeRequest) -> ChangeRequest:
    """The anonymous submitter clicks the link in the confirmation e-mail."""
    return services.change_request_confirm(
        token=confirmation_token(
            change_request_pk=change_request.pk, email=change_request.submitter_email
        )
    )


class _Scenario:
    """The story of the demo, step by step; ``cr`` holds each request by its key."""

    def __init__(self) -> None:
        User = get_user_model()
        users = User.objects.in_bulk(
            ["secretariaat", "jurist", "praktijk", "stuurgroepsecretaris", "contactpersoon"],
            field_name="username",
        )
        self.secretariat = users["secretariaat"]
        self.legal = users["jurist"]
        self.practical = users["praktijk"]
        self.secretary = users["stuurgroepsecretaris"]
        self.contact = users["contactpersoon"]
        self.cr: dict[str, ChangeRequest] = {}
        self.today = timezone.localdate()

    def run(self) -> None:
        self.follow()
        self.file_and_confirm()
        self.intake()
        self.legal_review()
        self.practical_review()
        self.last_meeting()
        self.schedule()
        self.coming_meeting()

    def follow(self) -> None:
        """*contactpersoon* follows article 3.8 of CS Hulpmiddelen (an e-mail per step) and the
        whole of CS Jeugd (a daily digest) before anything happens, so the demo's requests
        leave notices under *Meldingen* once the task worker has run."""
        hulpmiddelen = release_get(standard_slug=HULPMIDDELEN, version="1.1")
        article = hulpmiddelen.article_versions.get(
            document__slug=OVEREENKOMST_DEEL_3, number="3.8"
        ).article
        subscription_follow(user=self.contact, target=article)
        subscription_follow(
            user=self.contact,
            target=release_get(standard_slug=JEUGD, version="1.1").standard,
            frequency=Frequency.DAILY,
        )

    def file_and_confirm(self) -> None:
        for spec in DEMO_CHANGE_REQUESTS:
            username = LOGGED_IN_SUBMISSIONS.get(spec.key)
            self.cr[spec.key] = _submit(spec, by=self.contact if username else None)
        for spec in DEMO_CHANGE_REQUESTS:
            if spec.key not in UNCONFIRMED and spec.key not in LOGGED_IN_SUBMISSIONS:
                self.cr[spec.key] = _confirm(self.cr[spec.key])

    def intake(self) -> None:
        cr, secretariat = self.cr, self.secretariat
        cr["indexering"] = services.change_request_reject(
            change_request=cr["indexering"],
            by=secretariat,
            motivation=(
                "Niet ontvankelijk. De verdeling tussen loonkosten en materiële kosten laat de "
                "standaard bewust open: die hangt af van de vorm van jeugdhulp en van de regionale "
                "tarieven. Regio's leggen de verdeling vast in Deel 1. Een landelijke verdeling "
                "valt buiten de reikwijdte van de contractstandaard."
            ),
            internal_note="Eerder besproken in de begeleidingsgroep van maart; toen ook afgewezen.",
        )
        cr["stopbericht"] = services.change_request_request_info(
            change_request=cr["stopbericht"],
            by=secretariat,
            question=(
                "U stelt voor het bericht 'direct' te versturen. Een termijn zonder getal is in de "
                "praktijk lastig te toetsen. Welke termijn in werkdagen bedoelt u?"
            ),
        )
        cr["stopbericht"] = services.change_request_supply_info(
            change_request=cr["stopbericht"],
            by=None,
            tracking_token=cr["stopbericht"].tracking_token,
            answer=(
                "Wij bedoelen 3 werkdagen, dezelfde termijn als voor het retourbericht in lid 2. "
                "Ik heb de voorgestelde tekst daarop aangepast."
            ),
            proposed_text=cr["stopbericht"].proposed_text.replace(
                "direct na de aflevering", "binnen 3 werkdagen na de aflevering"
            ),
        )
        cr["stopbericht"] = services.change_request_to_legal_review(
            change_request=cr["stopbericht"],
            by=secretariat,
            comment="Ontvankelijk. Het verzoek gaat naar het expertteam voor de juridische toets.",
        )
        cr["stopbericht-dubbel"] = services.change_request_merge(
            change_request=cr["stopbericht-dubbel"], by=secretariat, into=cr["stopbericht"]
        )
        cr["levertermijn-traplift"] = services.change_request_request_info(
            change_request=cr["levertermijn-traplift"],
            by=secretariat,
            question=(
                "Kunt u aangeven op welke leveringen in uw regio de termijn van 30 werkdagen is "
                "gebaseerd? Gaat het ook om trapliften voor een bochtige trap?"
            ),
            internal_note="Navragen bij de begeleidingsgroep of 30 werkdagen overal haalbaar is.",
        )
        for key in (
            "garantie",
            "overdracht",
            "storingsdienst",
            "storingsoverzicht",
            "betaaltermijn",
            "wachttijden",
            "informatie",
            "calamiteiten",
            "eigendom",
            "geschillen",
            "wijziging-standaard",
        ):
            cr[key] = services.change_request_to_legal_review(
                change_request=cr[key], by=secretariat
            )
        cr["geschillen"] = services.change_request_withdraw(
            change_request=cr["geschillen"],
            by=None,
            tracking_token=cr["geschillen"].tracking_token,
            reason=(
                "Wij hebben met de gemeenten in onze regio in Deel 2 afgesproken dat de uitspraak "
                "bindend is. Een wijziging van de standaard is voor ons niet meer nodig."
            ),
        )
        # Demo time travel: the intake service gives this request a due date counted from today.
        # A real request becomes overdue by waiting; the demo cannot wait, so it moves only the
        # due date back (the timeline is left as it is) to show overdue work in the intake queue.
        ChangeRequest.objects.filter(pk=cr["reparatie"].pk).update(
            due_on=self.today - datetime.timedelta(days=4)
        )

    def legal_review(self) -> None:
        cr, legal = self.cr, self.legal
        cr["eigendom"], _entry = services.change_request_answer_in_faq(
            change_request=cr["eigendom"],
            by=legal,
            question=(
                "Wie is eigenaar van een gehuurd hulpmiddel dat uit het depot opnieuw aan een "
                "andere cliënt wordt verstrekt?"
            ),
            answer=(
                "Opdrachtnemer blijft eigenaar. Artikel 3.5 lid 1 maakt geen onderscheid tussen "
                "een eerste verstrekking en een herverstrekking: bij huur blijft het eigendom bij "
                "Opdrachtnemer, hoe vaak het hulpmiddel ook wordt verstrekt. Een aanvulling van de "
                "tekst is daarom niet nodig."
            ),
        )
        cr["garantie"], _assessment = services.change_request_assess(
            change_request=cr["garantie"],
            by=legal,
            verdict=LegalVerdict.FEASIBLE_WITH_CHANGES,
            motivation=(
                "Een langere garantietermijn is juridisch mogelijk. Voor lopende overeenkomsten "
                "mag de langere termijn alleen gelden voor hulpmiddelen die na de ingangsdatum "
                "van de nieuwe versie worden geleverd; anders verandert de prijs-kwaliteitver"
                "houding van een gegunde opdracht achteraf. De tekst is daarop aangevuld."
            ),
            legal_grounds=(
                "Artikel 7:17 Burgerlijk Wetboek (conformiteit)\n"
                "Artikel 2.163c Aanbestedingswet 2012 (wijziging van een overheidsopdracht)"
            ),
            amended_text=cr["garantie"].proposed_text.replace(
                "Partijen kunnen in Deel 2 een langere termijn afspreken.",
                "Voor hulpmiddelen die zijn geleverd vóór de ingangsdatum van deze versie blijft "
                "een termijn van 24 maanden gelden. Partijen kunnen in Deel 2 een langere "
                "termijn afspreken.",
            ),
        )
        grounds = {
            "overdracht": "Artikel 2.3 Jeugdwet (jeugdhulpplicht)",
            "storingsdienst": "Artikel 2.3.5 Wet maatschappelijke ondersteuning 2015",
            "storingsoverzicht": "Artikel 2.3.5 Wet maatschappelijke ondersteuning 2015",
            "betaaltermijn": "Artikel 6:119b Burgerlijk Wetboek (betalingstermijn overheid)",
            "wachttijden": "Artikel 4.1.1 Jeugdwet (verantwoorde hulp)",
            "informatie": "Artikel 7.3.11 Jeugdwet (beleidsinformatie)",
            "calamiteiten": "Artikel 4.1.8 Jeugdwet (melding calamiteiten en geweld)",
        }
        for key, ground in grounds.items():
            cr[key], _assessment = services.change_request_assess(
                change_request=cr[key],
                by=legal,
                verdict=LegalVerdict.FEASIBLE,
                motivation=(
                    "De voorgestelde tekst past binnen de wet en binnen de overige bepalingen van "
                    "de standaard. Er zijn geen juridische bezwaren."
                ),
                legal_grounds=ground,
            )

    def practical_review(self) -> None:
        cr, practical = self.cr, self.practical
        advice = {
            "overdracht": (
                PracticalFeasibility.FEASIBLE,
                BurdenEffect.DECREASES,
                "Overnemen. Het startbericht wordt al verstuurd; aanbieders hoeven niets extra "
                "te doen en gemeenten zien de overdracht in hun eigen administratie.",
            ),
            "storingsdienst": (
                PracticalFeasibility.FEASIBLE,
                BurdenEffect.NEUTRAL,
                "Overnemen. De meeste leveranciers zijn al tot 18.00 uur bereikbaar.",
            ),
            "storingsoverzicht": (
                PracticalFeasibility.FEASIBLE,
                BurdenEffect.DECREASES,
                "Overnemen. Een vast overzicht per kwartaal vervangt losse verzoeken.",
            ),
            "betaaltermijn": (
                PracticalFeasibility.NOT_FEASIBLE,
                BurdenEffect.INCREASES,
                "Niet overnemen. Veel gemeenten controleren declaraties in een maandelijkse "
                "cyclus; 14 dagen halen zij niet zonder extra personeel.",
            ),
            "wachttijden": (
                PracticalFeasibility.FEASIBLE_WITH_CONDITIONS,
                BurdenEffect.NEUTRAL,
                "Uitvoerbaar als er genoeg behandelplekken zijn. In een aantal regio's is dat nu "
                "niet zo. Wij adviseren de stuurgroep eerst de landelijke wachttijdcijfers af te "
                "wachten.",
            ),
        }
        for key, (feasibility, burden, text) in advice.items():
            cr[key], _review = services.change_request_advise(
                change_request=cr[key],
                by=practical,
                feasibility=feasibility,
                burden_effect=burden,
                advice=text,
            )

    def last_meeting(self) -> None:
        """The steering group met a few weeks ago; its decision list is published."""
        secretary = self.secretary
        meeting = steering.meeting_create(
            by=secretary,
            held_on=_previous_thursday(self.today, weeks_back=2),
            location="Den Haag, VNG",
        )
        items = {
            item.change_request_id: item
            for item in steering.meeting_build_agenda(meeting=meeting, by=secretary)
        }
        decisions = {
            "overdracht": (
                SteeringOutcome.APPROVE,
                "Akkoord. Verduidelijkt de overdracht zonder extra lasten.",
            ),
            "storingsdienst": (
                SteeringOutcome.APPROVE,
                "Akkoord, conform het advies van de begeleidingsgroep.",
            ),
            "storingsoverzicht": (
                SteeringOutcome.APPROVE,
                "Akkoord. Samen met het verzoek over de bereikbaarheid verwerken in artikel 3.8.",
            ),
            "betaaltermijn": (
                SteeringOutcome.REJECT,
                "Niet akkoord. De kortere termijn is voor veel gemeenten niet uitvoerbaar. De "
                "stuurgroep vraagt gemeenten wel om juiste declaraties zo snel mogelijk te "
                "betalen.",
            ),
            "wachttijden": (
                SteeringOutcome.DEFER,
                "Aangehouden. De stuurgroep wil eerst de landelijke wachttijdcijfers zien en "
                "bespreekt het verzoek opnieuw in de volgende vergadering.",
            ),
        }
        for key, (outcome, motivation) in decisions.items():
            steering.meeting_decide(
                item=items[self.cr[key].pk], by=secretary, outcome=outcome, motivation=motivation
            )
        steering.meeting_publish_decisions(meeting=meeting, by=secretary)
        for key in decisions:
            self.cr[key].refresh_from_db()

    def schedule(self) -> None:
        """Two approved requests on article 3.8 of Hulpmiddelen go into the 1.2 draft, still to
        be applied: the release manager sees them together in the conflict overview, and
        applying the second after the first shows the three texts with the merged proposal."""
        draft = release_get(standard_slug=HULPMIDDELEN, version="1.2")
        for key in ("storingsdienst", "storingsoverzicht"):
            self.cr[key] = services.change_request_schedule(
                change_request=self.cr[key], by=self.secretariat, release=draft
            )

    def coming_meeting(self) -> None:
        """The next meeting has its agenda; one request reached the steering group after it."""
        cr, practical, secretary = self.cr, self.practical, self.secretary
        cr["garantie"], _review = services.change_request_advise(
            change_request=cr["garantie"],
            by=practical,
            feasibility=PracticalFeasibility.FEASIBLE,
            burden_effect=BurdenEffect.NEUTRAL,
            advice=(
                "Overnemen in de aangepaste tekst van het expertteam. Leveranciers kunnen de "
                "langere garantie bij de fabrikant onderbrengen."
            ),
        )
        meeting = steering.meeting_create(
            by=secretary,
            held_on=_next_thursday(self.today, weeks_ahead=4),
            location="Utrecht, online te volgen",
        )
        steering.meeting_build_agenda(meeting=meeting, by=secretary)
        cr["calamiteiten"], _review = services.change_request_advise(
            change_request=cr["calamiteiten"],
            by=practical,
            feasibility=PracticalFeasibility.FEASIBLE_WITH_CONDITIONS,
            burden_effect=BurdenEffect.INCREASES,
            advice=(
                "Uitvoerbaar als de eerste melding kort mag zijn: wat er is gebeurd en welke "
                "maatregelen direct zijn genomen. De uitgebreide informatie volgt later."
            ),
        )


def load_demo_change_requests(*, stdout: TextIO | None = None) -> int:
    """Run the demo scenario once; returns the number of change requests it filed.

    A portal that has change requests (or steering meetings) already is left as it is, so
    loading the demo data again neither duplicates nor disturbs them.
    """
    if ChangeRequest.objects.exists() or SteeringMeeting.objects.exists():
        if stdout is not None:
            stdout.write("Wijzigingsverzoeken bestaan al; demo-wijzigingsverzoeken overgeslagen.")
        return 0
    with transaction.atomic():
        _Scenario().run()
    if stdout is not None:
        stdout.write(
            f"{len(DEMO_CHANGE_REQUESTS)} demo-wijzigingsverzoeken en 2 vergaderingen van de "
            "stuurgroep aangemaakt."
        )
    return len(DEMO_CHANGE_REQUESTS)
