"""Seeded releases of a made-up contract standard, for the redline benchmark.

A release pair is two consecutive releases of one standard that differ the way real releases do
(issue 4, "Benchmark"): four documents of 45 articles, about 75,000 words of Dutch legal-sounding
text, and between 10 and 15 % of the articles edited in the ways the Ketenbureau edits them:

* a few words substituted ("binnen vijf werkdagen" → "binnen drie werkdagen", a table cell);
* a sentence rewritten;
* a numbered clause inserted or removed, which renumbers the clauses after it ("3." → "4.");
* one article inserted in the middle of a document, which renumbers every article after it (the
  release's one renumbering), one article added at the end of another document and one article
  removed from the end of a third.

The text comes from a vocabulary and sentence templates, never from a real document: numbered
clauses "1.", "2.", lettered enumerations, and now and then a Markdown table. Everything is drawn
from one ``random.Random(seed)``, so a seed always gives byte-identical releases. ``scale=10``
makes every article ten times as long (about 750,000 words, the longest articles 8,000 words)
with the same kind and number of edits.

Plain Python: no Django, so the generator can be tested and used without a database.
"""

import copy
import functools
import hashlib
import random
import re
from dataclasses import dataclass, field

DOCUMENTS = 4
ARTICLES_PER_DOCUMENT = 45
CHANGED_SHARE = (0.10, 0.15)

# Words per article before scaling, as (low, high, mode) of a triangular spread. Articles stop at
# the clause before the drawn size, so they average about 415 words (~75,000 over 180 articles),
# and at the 10× scale the longest come close to the 8,000 words of the per-article target.
ARTICLE_WORDS = (120, 800, 420)

EDIT_KINDS = ("substitution", "rewritten_sentence", "inserted_clause", "removed_clause")
_EDIT_WEIGHTS = (4, 3, 2, 2)

# --- Vocabulary -----------------------------------------------------------------------------------

_PARTIES = ("Opdrachtnemer", "Opdrachtgever")
_OBJECTS = (
    "het hulpmiddel",
    "de ondersteuning",
    "de maatwerkvoorziening",
    "de jeugdhulp",
    "de levering",
    "de reparatie",
    "het onderhoud",
    "de herverstrekking",
    "de declaratie",
    "de rapportage",
    "de bruikleenovereenkomst",
    "het zorgplan",
    "de keuring",
    "de aanpassing van de woning",
)
_NUMBERS = ("twee", "drie", "vijf", "tien", "vijftien", "twintig", "dertig")
_PERIODS = ("werkdagen", "kalenderdagen", "weken", "maanden")
_EVENTS = (
    "ontvangst van de opdracht",
    "de aflevering",
    "de melding van een storing",
    "het einde van de overeenkomst",
    "de datum van de beschikking",
    "het verzoek van Opdrachtgever",
    "de afgifte van de toewijzing",
    "de start van de ondersteuning",
)
_MANNERS = (
    "schriftelijk",
    "per e-mail",
    "via het iWmo-berichtenverkeer",
    "langs elektronische weg",
    "in overleg met de cliënt",
    "op een voor de cliënt begrijpelijke wijze",
)
_RECIPIENTS = (
    "de cliënt",
    "Opdrachtgever",
    "de wettelijk vertegenwoordiger",
    "de toezichthouder",
    "het Ketenbureau i-Sociaal Domein",
    "de mantelzorger",
)
_LAWS = (
    "de Wet maatschappelijke ondersteuning 2015",
    "de Jeugdwet",
    "de Algemene verordening gegevensbescherming",
    "het Burgerlijk Wetboek",
    "de Wet kwaliteit, klachten en geschillen zorg",
    "de gemeentelijke verordening",
)
_OBLIGATIONS = (
    "meldt",
    "levert",
    "herstelt",
    "vergoedt",
    "registreert",
    "bewaart",
    "rapporteert",
    "controleert",
    "bevestigt",
)
# A subordinate clause takes a comma before the verb, a prepositional phrase does not.
_CONDITIONS = (
    "Voor zover de wet dat toestaat,",
    "Tenzij Partijen anders overeenkomen,",
    "In afwijking van het eerste lid",
    "Indien de cliënt daarom verzoekt,",
    "Bij een spoedeisende situatie",
    "Als de cliënt geen bezwaar maakt,",
    "Na voorafgaande toestemming van Opdrachtgever",
)
_QUALITIES = ("veilig", "doelmatig", "passend", "tijdig", "zorgvuldig", "cliëntgericht")
_DOCUMENTS_REFERRED = (
    "het programma van eisen",
    "de beschikking",
    "Deel 1 van deze overeenkomst",
    "het inkoopdocument",
    "de Handreiking declaratie",
    "het privacyreglement",
)
_ITEMS = (
    "het type en het serienummer van het hulpmiddel",
    "de naam en het adres van de cliënt",
    "de datum van aflevering",
    "de verwachte gebruiksduur",
    "de kosten van onderhoud en reparatie",
    "de uitkomst van de laatste keuring",
    "de naam van de behandelend medewerker",
    "het aantal geleverde uren ondersteuning",
    "de reden van een overschrijding van de termijn",
)
_TITLES = (
    "Levering van hulpmiddelen",
    "Indexering",
    "Advies en keuze van het hulpmiddel",
    "Levertermijnen en aflevering",
    "Eigendom en bruikleen",
    "Continuïteit van ondersteuning",
    "Onderhoud en keuring",
    "Reparatie",
    "Herverstrekking en depotbeheer",
    "Garantie",
    "Berichtenverkeer",
    "Declaratie en betaling",
    "Onverschuldigde betaling",
    "Privacy en gegevensbescherming",
    "Klachtenregeling",
    "Geschillenregeling",
    "Aansprakelijkheid",
    "Verzekering",
    "Kennisgevingen",
    "Onderaanneming",
    "Calamiteiten en geweld",
    "Toezicht en handhaving",
    "Wachttijden en cliëntenstop",
    "Fraude en misbruik",
    "Niet-nakoming en ontbinding",
    "Wijziging van de contractstandaard",
)
_CHAPTERS = (
    "Levering en uitvoering",
    "Onderhoud, reparatie en herverstrekking",
    "Informatievoorziening en declaratie",
    "Kwaliteit en toezicht",
    "Privacy en beveiliging",
    "Beëindiging en geschillen",
)
_DOCUMENT_KINDS = (
    ("deel-1", "Deel 1: Bepalingen voor alle Opdrachtnemers", "overeenkomst_deel_1"),
    ("deel-2", "Deel 2: Bepalingen per Opdrachtnemer", "overeenkomst_deel_2"),
    ("deel-3", "Deel 3: Generieke bepalingen", "overeenkomst_deel_3"),
    ("inkoopdocument", "Inkoopdocument toelatingsprocedure", "inkoopdocument"),
)
_TABLE_ROWS = ("Rolstoel", "Scootmobiel", "Traplift", "Tillift", "Douchestoel", "Driewielfiets")

# Substitutions a careful editor makes: another number, another period, another party.
_SUBSTITUTES = {
    **{number: tuple(other for other in _NUMBERS if other != number) for number in _NUMBERS},
    **{period: tuple(other for other in _PERIODS if other != period) for period in _PERIODS},
    "Opdrachtnemer": ("Opdrachtgever",),
    "Opdrachtgever": ("Opdrachtnemer",),
    "schriftelijk": ("per e-mail", "aantoonbaar"),
    "uiterlijk": ("binnen", "ten laatste"),
    "cliënt": ("jeugdige", "inwoner"),
    "informeert": ("verwittigt", "informeert tijdig"),
    "meldt": ("rapporteert", "meldt onverwijld"),
}

# Sentence templates; each {slot} is filled from the vocabulary above.
_TEMPLATES = (
    "{party} informeert {recipient} {manner} over {object}.",
    "{party} {obligation} {object} binnen {number} {period} na {event}.",
    "{condition} {obligation} {party} {object} uiterlijk {number} {period} na {event}.",
    "{party} voert {object} {quality} en {other_quality} uit, overeenkomstig {law}.",
    "{party} draagt er zorg voor dat {object} voldoet aan de eisen uit {document}.",
    "Als {party} een termijn uit dit artikel niet haalt, meldt hij dit {manner} aan "
    "{recipient}, met de reden en de datum waarop {object} alsnog plaatsvindt.",
    "De kosten van {object} komen voor rekening van {party}, tenzij {document} anders bepaalt.",
    "{party} bewaart de gegevens over {object} niet langer dan {number} {period} na "
    "{event}, behalve als {law} een langere termijn voorschrijft.",
    "{condition} kan {party} {object} opschorten tot {other} aan zijn verplichtingen heeft "
    "voldaan.",
    "{party} legt de afspraken over {object} vast in {document} en stelt {recipient} daarvan "
    "{manner} op de hoogte.",
    "Partijen overleggen ten minste eenmaal per {number} {period} over {object} en over de "
    "uitvoering van dit artikel.",
    "{party} is niet aansprakelijk voor schade aan {object} die het gevolg is van onjuist "
    "gebruik door {recipient}.",
    "{party} stelt {recipient} in staat om {object} te controleren en verleent daartoe alle "
    "medewerking die redelijkerwijs kan worden verlangd.",
)
_ENUMERATION_LEADS = (
    "{party} houdt een actueel overzicht bij waarin ten minste is opgenomen:",
    "Een melding aan {recipient} vermeldt in ieder geval:",
    "{party} levert {manner} de volgende gegevens aan:",
)
_TABLE_LEADS = (
    "{party} hanteert voor {object} de termijnen in de tabel hieronder.",
    "Voor {object} gelden de volgende maximale termijnen.",
)

_SLOT = re.compile(r"\{(\w+)\}")
_SLOTS = {
    "object": _OBJECTS,
    "number": _NUMBERS,
    "period": _PERIODS,
    "event": _EVENTS,
    "manner": _MANNERS,
    "recipient": _RECIPIENTS,
    "law": _LAWS,
    "obligation": _OBLIGATIONS,
    "condition": _CONDITIONS,
    "document": _DOCUMENTS_REFERRED,
}


# --- What the generator produces ------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedArticle:
    """One article as a release holds it; ``identity`` is the same in every release."""

    identity: int
    number: str
    title: str
    chapter: str
    text: str

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text, as ``standards.texts.content_hash`` stores it (text is normal)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class GeneratedDocument:
    slug: str
    title: str
    kind: str  # a standards.constants.DocumentKind value
    articles: tuple[GeneratedArticle, ...]


@dataclass(frozen=True)
class GeneratedRelease:
    version: str
    documents: tuple[GeneratedDocument, ...]

    @property
    def articles(self) -> tuple[GeneratedArticle, ...]:
        return tuple(article for document in self.documents for article in document.articles)

    @property
    def words(self) -> int:
        return sum(article.words for article in self.articles)


@dataclass(frozen=True)
class ReleasePair:
    """Two releases of one standard and what the generator did between them."""

    seed: int
    scale: int
    old: GeneratedRelease
    new: GeneratedRelease
    # Identity → the edits applied to its text (articles present in both releases only).
    edits: dict[int, tuple[str, ...]] = field(default_factory=dict)
    added: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    renumbered: tuple[int, ...] = ()  # identities whose number differs between the releases


# --- Article structure while generating -----------------------------------------------------------


@dataclass
class _Clause:
    """A numbered clause: sentences, an optional enumeration and an optional table after it."""

    sentences: list[str]
    items: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # header row first

    def render(self, number: int) -> str:
        paragraph = f"{number}. " + " ".join(self.sentences)
        if self.items:
            letters = "abcdefghijklmnopqrstuvwxyz"
            lines = [
                f"   {letters[i]}. {item}{';' if i < len(self.items) - 1 else '.'}"
                for i, item in enumerate(self.items)
            ]
            paragraph += "\n" + "\n".join(lines)
        if self.table:
            header, *rows = self.table
            table_lines = [
                "| " + " | ".join(header) + " |",
                "| " + " | ".join("---" for _ in header) + " |",
                *("| " + " | ".join(row) + " |" for row in rows),
            ]
            paragraph += "\n\n" + "\n".join(table_lines)
        return paragraph

    @property
    def words(self) -> int:
        return len(self.render(1).split())


def _render(clauses: list[_Clause]) -> str:
    return "\n\n".join(clause.render(number) for number, clause in enumerate(clauses, start=1))


class _Writer:
    """Dutch legal-sounding sentences, clauses and articles from one random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str) -> str:
        party = self.rng.choice(_PARTIES)
        other = _PARTIES[1 - _PARTIES.index(party)]
        quality, other_quality = self.rng.sample(_QUALITIES, 2)

        def slot(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "party":
                return party
            if name == "other":
                return other
            if name == "quality":
                return quality
            if name == "other_quality":
                return other_quality
            return self.rng.choice(_SLOTS[name])

        text = _SLOT.sub(slot, template)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self.fill(self.rng.choice(_TEMPLATES))

    def clause(self, *, allow_table: bool) -> _Clause:
        roll = self.rng.random()
        if allow_table and roll < 0.05:
            header = ["Soort hulpmiddel", "Nieuw", "Uit depot"]
            rows = [
                [name, self._term(), self._term()]
                for name in self.rng.sample(_TABLE_ROWS, self.rng.randint(3, 6))
            ]
            return _Clause(
                sentences=[self.fill(self.rng.choice(_TABLE_LEADS))], table=[header, *rows]
            )
        if roll < 0.2:
            items = self.rng.sample(_ITEMS, self.rng.randint(2, 5))
            return _Clause(sentences=[self.fill(self.rng.choice(_ENUMERATION_LEADS))], items=items)
        return _Clause(sentences=[self.sentence() for _ in range(self.rng.randint(1, 4))])

    def article(self, words: int) -> list[_Clause]:
        """Clauses up to ``words`` words (at least one clause, so very short targets overshoot)."""
        clauses = [self.clause(allow_table=True)]
        total = clauses[0].words
        while True:
            clause = self.clause(allow_table=True)
            if total + clause.words > words:
                return clauses
            clauses.append(clause)
            total += clause.words

    def _term(self) -> str:
        return f"{self.rng.choice((2, 3, 5, 10, 15, 20, 25, 30))} werkdagen"


# --- Edits ----------------------------------------------------------------------------------------


def _substitute(rng: random.Random, writer: _Writer, clauses: list[_Clause]) -> None:
    """Replace one word (or a table cell) by what an editor would put there instead."""
    clause = rng.choice(clauses)
    if clause.table and rng.random() < 0.5:
        row = rng.choice(clause.table[1:])
        column = rng.randint(1, len(row) - 1)
        old = row[column]
        while row[column] == old:
            row[column] = writer._term()
        return
    index = rng.randrange(len(clause.sentences))
    words = clause.sentences[index].split(" ")
    candidates = [i for i, word in enumerate(words) if word.strip(".,:;") in _SUBSTITUTES]
    if candidates:
        i = rng.choice(candidates)
        word = words[i]
        bare = word.strip(".,:;")
        words[i] = word.replace(bare, rng.choice(_SUBSTITUTES[bare]))
    else:
        i = rng.randrange(1, len(words))
        words[i] = rng.choice(_QUALITIES) + ("." if words[i].endswith(".") else "")
    clause.sentences[index] = " ".join(words)


def _rewrite_sentence(rng: random.Random, writer: _Writer, clauses: list[_Clause]) -> None:
    clause = rng.choice(clauses)
    index = rng.randrange(len(clause.sentences))
    old = clause.sentences[index]
    while clause.sentences[index] == old:
        clause.sentences[index] = writer.sentence()


def _insert_clause(rng: random.Random, writer: _Writer, clauses: list[_Clause]) -> None:
    clauses.insert(rng.randint(0, len(clauses)), writer.clause(allow_table=False))


def _remove_clause(rng: random.Random, writer: _Writer, clauses: list[_Clause]) -> None:
    if len(clauses) < 2:
        _insert_clause(rng, writer, clauses)
        return
    del clauses[rng.randrange(len(clauses))]


_EDITS = {
    "substitution": _substitute,
    "rewritten_sentence": _rewrite_sentence,
    "inserted_clause": _insert_clause,
    "removed_clause": _remove_clause,
}


# --- The generator --------------------------------------------------------------------------------


@dataclass
class _Draft:
    """An article while the generator works on it; both releases share the unedited ones."""

    identity: int
    title: str
    chapter: str
    clauses: list[_Clause]

    @functools.cached_property
    def text(self) -> str:
        return _render(self.clauses)

    def edited(self) -> "_Draft":
        """A copy whose clauses can be edited without touching this draft."""
        return _Draft(self.identity, self.title, self.chapter, copy.deepcopy(self.clauses))


def generate(seed: int, *, scale: int = 1) -> ReleasePair:
    """Releases 1.0 and 1.1 of a made-up standard, deterministic from ``seed``."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    low, high, mode = ARTICLE_WORDS
    identities = iter(range(1, 1_000_000))

    def draft(chapter: str) -> _Draft:
        words = round(rng.triangular(low, high, mode) * scale)
        return _Draft(next(identities), rng.choice(_TITLES), chapter, writer.article(words))

    old_documents: list[list[_Draft]] = []
    for _ in range(DOCUMENTS):
        drafts = []
        for position in range(ARTICLES_PER_DOCUMENT):
            chapter_number = position // 8
            chapter = f"Hoofdstuk {chapter_number + 1}: {_CHAPTERS[chapter_number % 6]}"
            drafts.append(draft(chapter))
        old_documents.append(drafts)

    new_documents = [list(drafts) for drafts in old_documents]
    all_identities = [d.identity for drafts in old_documents for d in drafts]

    # Article-level changes in three different documents; the article removed from the end of
    # one of them is not edited as well.
    renumbering, appended, shortened = rng.sample(range(DOCUMENTS), 3)
    removed = new_documents[shortened].pop()

    # Text edits: 10-15 % of the articles, each with one to four edits.
    share = rng.uniform(*CHANGED_SHARE)
    candidates = [identity for identity in all_identities if identity != removed.identity]
    changed = rng.sample(candidates, round(share * len(all_identities)))
    places = {d.identity: (drafts, i) for drafts in new_documents for i, d in enumerate(drafts)}
    edits: dict[int, tuple[str, ...]] = {}
    for identity in sorted(changed):
        drafts, index = places[identity]
        before = drafts[index].text
        drafts[index] = drafts[index].edited()
        clauses = drafts[index].clauses
        kinds = rng.choices(EDIT_KINDS, weights=_EDIT_WEIGHTS, k=rng.choice((1, 1, 2, 2, 3, 4)))
        for kind in kinds:
            _EDITS[kind](rng, writer, clauses)
        while _render(clauses) == before:  # two edits that cancel out
            kinds.append("substitution")
            _substitute(rng, writer, clauses)
        edits[identity] = tuple(kinds)

    # The one renumbering: an article inserted in the middle of a document.
    inserted_at = rng.randint(10, ARTICLES_PER_DOCUMENT - 10)
    neighbour = new_documents[renumbering][inserted_at]
    inserted = draft(neighbour.chapter)
    new_documents[renumbering].insert(inserted_at, inserted)
    last = new_documents[appended][-1]
    added_last = draft(last.chapter)
    new_documents[appended].append(added_last)

    old = _release("1.0", old_documents)
    new = _release("1.1", new_documents)
    old_numbers = {a.identity: a.number for a in old.articles}
    renumbered = tuple(
        a.identity
        for a in new.articles
        if a.identity in old_numbers and old_numbers[a.identity] != a.number
    )
    return ReleasePair(
        seed=seed,
        scale=scale,
        old=old,
        new=new,
        edits=edits,
        added=(inserted.identity, added_last.identity),
        removed=(removed.identity,),
        renumbered=renumbered,
    )


def _release(version: str, documents: list[list[_Draft]]) -> GeneratedRelease:
    return GeneratedRelease(
        version=version,
        documents=tuple(
            GeneratedDocument(
                slug=slug,
                title=title,
                kind=kind,
                articles=tuple(
                    GeneratedArticle(
                        identity=d.identity,
                        number=f"{index}.{position}",
                        title=d.title,
                        chapter=d.chapter,
                        text=d.text,
                    )
                    for position, d in enumerate(drafts, start=1)
                ),
            )
            for index, ((slug, title, kind), drafts) in enumerate(
                zip(_DOCUMENT_KINDS, documents, strict=True), start=1
            )
        ),
    )


# --- Stress articles ------------------------------------------------------------------------------

STRESS_WORDS = 8_000
# A whole article rewritten in the same register: 1,000 words (the case measured since the first
# run, when the engine diffed it word by word and took over a second) and, since the engine
# recognises such rewrites (2026-11-22), also the full 8,000 words, which then took 51 s.
STRESS_REWRITE_WORDS = 1_000


def stress_articles(seed: int) -> list[tuple[str, str, str]]:
    """(name, old text, new text) of long articles with the edits that cost the engine most.

    The corpus edits at most a few places of an article; these edit an 8,000-word article
    everywhere at once, the way a real edit sometimes does: a clause inserted at the top
    renumbers every clause after it, and a term renamed throughout touches every paragraph.
    """
    rng = random.Random(seed)
    writer = _Writer(rng)
    clauses = writer.article(STRESS_WORDS)
    old = _render(clauses)

    inserted = copy.deepcopy(clauses)
    inserted.insert(0, writer.clause(allow_table=False))
    removed = copy.deepcopy(clauses)
    del removed[0]
    substituted = copy.deepcopy(clauses)
    for _ in range(4):
        _substitute(rng, writer, substituted)
    rewritten_old = _render(writer.article(STRESS_REWRITE_WORDS))
    rewritten_new = _render(writer.article(STRESS_REWRITE_WORDS))
    # Drawn last, so that the cases above are the same texts as in the earlier runs.
    long_rewritten_old = _render(writer.article(STRESS_WORDS))
    long_rewritten_new = _render(writer.article(STRESS_WORDS))
    return [
        ("four words substituted", old, _render(substituted)),
        ("clause inserted at the top (renumbers all clauses)", old, _render(inserted)),
        ("first clause removed (renumbers all clauses)", old, _render(removed)),
        ("term renamed throughout (cliënt → jeugdige)", old, old.replace("cliënt", "jeugdige")),
        ("article rewritten (same subject, new text)", rewritten_old, rewritten_new),
        (
            "8,000-word article rewritten (same subject, new text)",
            long_rewritten_old,
            long_rewritten_new,
        ),
    ]
