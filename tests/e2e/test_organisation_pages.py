"""A municipality's contact in a real browser: their organisation's page, a contract, recording
a move with the keyboard, what changed for them, and which text applied on a day.

CS Jeugd has three published releases: 1.0, 1.1 (its implementation term ended 20 days ago) and
1.2 (published five days ago). Gemeente Utrecht's contract is on 1.0, so it is overdue; a
region's contract binds the municipality too. The contact moves the contract to 1.1 (choosing the
release with the arrow keys and submitting with Enter), after which it is due for 1.2, and the
page "wat is er veranderd" compares 1.1 with 1.2. axe-core checks every page and saves its
screenshot.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from organisations.constants import OrganisationKind, ProviderResponseKind
from organisations.models import ContractMove, ProviderResponse
from standards.constants import ReleaseState
from tests.e2e.axe import assert_accessible
from tests.factories import (
    OrganisationFactory,
    StandardFactory,
    UserFactory,
    contract_on,
    release_with_articles,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def _releases(today: datetime.date):
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    texts = [
        "De aanbieder levert binnen tien werkdagen.",
        "De aanbieder levert binnen vijf werkdagen.",
        "De aanbieder levert binnen vijf werkdagen en meldt een vertraging direct.",
    ]
    days = [(900, 700), (200, -20), (5, 175)]  # (published days ago, deadline days ahead)
    releases, identities = [], None
    for minor, (text, (published, deadline)) in enumerate(zip(texts, days, strict=True)):
        release = release_with_articles(
            standard=standard,
            version=f"1.{minor}",
            state=ReleaseState.SUPERSEDED if minor < 2 else ReleaseState.PUBLISHED,
            articles=[
                ("3.1", "Levering", text),
                ("3.2", "Facturatie", "De aanbieder factureert per maand."),
            ],
            identities=identities,
            published_on=today - datetime.timedelta(days=published),
            effective_on=today - datetime.timedelta(days=published - 60),
            implementation_deadline=today + datetime.timedelta(days=deadline),
        )
        identities = [v.article for v in release.article_versions.order_by("position")]
        releases.append(release)
    return releases


def test_a_contact_follows_a_contract_from_overdue_to_the_next_release(page: Page, live_server):
    today = timezone.localdate()
    r10, r11, r12 = _releases(today)
    contact = UserFactory(username="contact", password="demo", roles=[Role.ORGANISATION_CONTACT])
    utrecht = OrganisationFactory(
        name="Gemeente Utrecht", slug="gemeente-utrecht", cbs_code="GM0344", contacts=[contact]
    )
    zeist = OrganisationFactory(name="Gemeente Zeist", slug="gemeente-zeist", cbs_code="GM0355")
    regio = OrganisationFactory(
        kind=OrganisationKind.REGION,
        name="Regio Utrecht",
        slug="regio-utrecht",
        municipalities=[utrecht, zeist],
    )
    zorg = OrganisationFactory(
        kind=OrganisationKind.PROVIDER, name="Zorg BV", slug="zorg-bv", kvk_number="12345678"
    )
    hulp = OrganisationFactory(kind=OrganisationKind.PROVIDER, name="Hulp BV", slug="hulp-bv")
    contract = contract_on(
        r10,
        organisation=utrecht,
        starts_on=r10.effective_on,
        providers=[zorg, hulp],
        name="Jeugdhulp ambulant",
    )
    contract_on(r12, organisation=regio, starts_on=r12.effective_on, name="Jeugd met verblijf")
    ProviderResponse.objects.create(
        contract=contract,
        provider=hulp,
        release=r11,
        kind=ProviderResponseKind.REFUSED,
        reason="De nieuwe levertermijn is voor ons niet haalbaar.",
        responded_on=today - datetime.timedelta(days=100),
    )
    base = live_server.url
    log_in(page, base, "contact")

    # The organisation's page: the contract is overdue; the region's contract binds us too.
    page.goto(base + reverse("organisations:organisation_list"))
    page.get_by_role("link", name="Gemeente Utrecht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Utrecht")
    table = page.get_by_role("table", name="2 contracten die Gemeente Utrecht binden")
    own_row = table.get_by_role("row", name="Jeugdhulp ambulant")
    expect(own_row).to_contain_text("Termijn verstreken")
    expect(own_row).to_contain_text("20 dagen te laat")
    expect(table.get_by_role("row", name="Jeugd met verblijf")).to_contain_text(
        "contract van Regio Utrecht"
    )
    assert_accessible(page, "organisation-page")

    # The contract: the refusal's consequence, and the move form.
    own_row.get_by_role("link", name="Jeugdhulp ambulant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeugdhulp ambulant")
    expect(page.get_by_text("Geweigerd: het contract met Hulp BV eindigt per")).to_be_visible()
    assert_accessible(page, "contract-page")

    # Record the move to 1.1 with the keyboard: the select offers the newest (1.2) first.
    choice = page.get_by_label("Nieuwe versie")
    choice.focus()
    expect(choice).to_have_value(str(r12.pk))
    page.keyboard.press("ArrowDown")
    expect(choice).to_have_value(str(r11.pk))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Overgestapt op")).to_be_focused()
    # The date picker is one stop per part (day, month, year); today is filled in already.
    button = page.get_by_role("button", name="Overstap vastleggen")
    for _ in range(5):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("De overstap naar versie 1.1 is vastgelegd.")).to_be_visible()
    move = ContractMove.objects.get()
    assert (move.from_release, move.to_release, move.moved_on) == (r10, r11, today)
    section = page.get_by_role("region", name="Implementatie")
    expect(section).to_contain_text("Overstap nodig")
    expect(section).to_contain_text("moet over naar versie 1.2")
    expect(section).to_contain_text("nog 175 dagen")

    # What changed for us: 1.1 against 1.2, with the was-wordt table and the downloads.
    page.get_by_role("link", name="Wat is er veranderd voor ons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is er veranderd voor ons")
    expect(
        page.get_by_role("table", name="Was-wordt-tabel van Deel 3: Generiek, versie 1.1 naar 1.2")
    ).to_contain_text("meldt een vertraging direct")
    expect(page.get_by_role("link", name="Was-wordttabel (Word)")).to_be_visible()
    assert_accessible(page, "contract-changes")

    # Which text applied on a day before the move: 1.0.
    page.get_by_role("link", name="Terug naar het contract").click()
    page.get_by_role("link", name="Welke tekst gold op een datum").click()
    day = today - datetime.timedelta(days=30)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Datum").press("Enter")
    expect(page.get_by_text("Voor dit contract gold toen CS Jeugd versie 1.0.")).to_be_visible()
    expect(page.get_by_role("link", name="De tekst van CS Jeugd versie 1.0")).to_have_attribute(
        "href", r10.get_absolute_url()
    )
    assert_accessible(page, "contract-text-on")


def test_a_contact_adds_a_region_and_its_first_contract(page: Page, live_server):
    """The region form refuses one municipality (the message at the list, the choice kept),
    takes two chosen with the space bar, and the region's contract form refuses an end before
    the start before it records the contract."""
    today = timezone.localdate()
    _r10, _r11, r12 = _releases(today)
    UserFactory(username="contact", password="demo", roles=[Role.ORGANISATION_CONTACT])
    for n, name in enumerate(["Bunnik", "Houten", "Wijk bij Duurstede"]):
        OrganisationFactory(name=f"Gemeente {name}", cbs_code=f"GM03{n:02d}")
    OrganisationFactory(kind=OrganisationKind.PROVIDER, name="Zorg BV", kvk_number="12345678")
    base = live_server.url
    log_in(page, base, "contact")

    page.goto(base + reverse("organisations:organisation_list"))
    expect(
        page.get_by_text("U bent nog van geen enkele organisatie contactpersoon")
    ).to_be_visible()
    page.get_by_role("link", name="Organisatie toevoegen").click()
    page.get_by_label("Soort organisatie").select_option(label="Regio (samenwerkende gemeenten)")
    page.get_by_label("Naam", exact=True).fill("Regio Lekstroom")
    houten = page.get_by_label("Gemeente Houten (Utrecht)")
    houten.focus()
    page.keyboard.press("Space")
    expect(houten).to_be_checked()
    page.get_by_role("button", name="Organisatie toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Een regio bestaat uit ten minste twee gemeenten."
    )
    expect(page.get_by_label("Gemeente Houten (Utrecht)")).to_be_checked()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Regio Lekstroom")
    assert_accessible(page, "organisation-create-refused")

    bunnik = page.get_by_label("Gemeente Bunnik (Utrecht)")
    bunnik.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Organisatie toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regio Lekstroom")
    expect(page.get_by_text("Gemeente Bunnik, Gemeente Houten")).to_be_visible()

    page.get_by_role("link", name="Contract toevoegen").click()
    page.get_by_label("Naam van het contract").fill("Jeugdhulp Lekstroom")
    page.get_by_label("Gebaseerd op versie").select_option(label="CS Jeugd 1.2")
    page.get_by_label("Inkoopprocedure").select_option(label="Open house")
    page.get_by_label("Ingangsdatum").fill("2027-01-01")
    page.get_by_label("Einddatum").fill("2026-12-31")
    page.get_by_label("Zorg BV").check()
    page.get_by_role("button", name="Contract vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("De einddatum ligt vóór de ingangsdatum.")
    expect(page.get_by_label("Naam van het contract")).to_have_value("Jeugdhulp Lekstroom")
    expect(page.get_by_label("Zorg BV")).to_be_checked()
    assert_accessible(page, "contract-create-refused")

    page.get_by_label("Einddatum").fill("2030-12-31")
    page.get_by_role("button", name="Contract vastleggen").click()
    expect(page.get_by_text("Het contract is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeugdhulp Lekstroom")
    expect(page.get_by_role("region", name="Implementatie")).to_contain_text("Actueel")
    assert r12.contracts.get().organisation.name == "Regio Lekstroom"


def test_the_secretariat_searches_the_organisations(page: Page, live_server):
    UserFactory(username="secretariaat", password="demo", roles=[Role.SECRETARIAT])
    for n, name in enumerate(["Bunnik", "Houten", "Wijk bij Duurstede"]):
        OrganisationFactory(name=f"Gemeente {name}", cbs_code=f"GM03{n:02d}")
    OrganisationFactory(kind=OrganisationKind.PROVIDER, name="Zorg BV", kvk_number="12345678")
    base = live_server.url
    log_in(page, base, "secretariaat")
    page.goto(base + reverse("organisations:organisation_list"))
    expect(page.get_by_text("4 organisaties")).to_be_visible()
    page.get_by_role("searchbox", name="Zoeken").fill("hout")
    page.get_by_role("searchbox", name="Zoeken").press("Enter")
    expect(page.get_by_text("1 organisatie", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Gemeente Houten")).to_be_visible()
    assert_accessible(page, "organisation-list-search")
