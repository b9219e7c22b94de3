"""Benchmark: comparing two whole releases, measured against git's word diff of the same texts.

A release comparison (``standards.comparison.release_compare``) pairs every article of two
releases by identity, skips the ones whose content hash is equal and redlines the rest
(``standards.redlines.redline``), storing each redline per pair of hashes. This script times it
on seeded releases (``bench/corpus.py``: 4 documents × 45 articles, ~75,000 words, 10-15 % of
the articles edited, one renumbering; and the same ten times as long) in four ways, interleaved
in one run so that a busy moment of the machine hits all of them alike:

* **git**: ``git diff --no-index --word-diff=porcelain old new`` over the two releases written
  to disk as one file per article (named by identity, so git pairs the articles as we do);
* **engine, cold**: ``redline`` over all article pairs matched by identity, equal hashes skipped,
  every redline rendered to HTML; no database;
* **service, cold and warm**: ``release_compare`` on the releases imported into a throwaway
  SQLite database, first with no stored redlines (cold), then again with the redlines the first
  call stored (warm); every change's redline rendered to HTML;
* **read + hash**: reading the article versions of both releases from the database and hashing
  their texts with SHA-256, the floor under any warm comparison.

Targets (issue 4): cold ≤ 1.5× git on the normal corpus (median over the seeds), ≤ 3× git on
the 10× corpus; warm ≤ 2× read + hash; any article up to 8,000 words redlined in ≤ 250 ms (every
changed article of the corpora plus the stress articles of ``corpus.stress_articles``).

    uv run python bench/redline.py            # full run, exits 1 when a target is missed
    uv run python bench/redline.py --quick    # fewer seeds and repetitions
    uv run python bench/redline.py --no-check # only print the figures
"""

import argparse
import datetime
import gc
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Run as a script (``python bench/redline.py``) the project root is not on the path yet.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import ReleasePair, generate, stress_articles  # noqa: E402
from standards.redlines import redline  # noqa: E402

COLD_TARGET = {1: 1.5, 10: 3.0}  # × git, per corpus scale
WARM_TARGET = 2.0  # × read + hash
ARTICLE_TARGET_MS = 250.0
ARTICLE_TARGET_WORDS = 8_000


# --- Measurements ---------------------------------------------------------------------------------


@dataclass
class SeedResult:
    scale: int
    seed: int
    words: int
    differing: int  # article pairs with different hashes, plus added and removed articles
    git: list[float] = field(default_factory=list)
    engine: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    read_hash: list[float] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None

    def ratio(self, name: str, to: str) -> float | None:
        value, base = self.median(name), self.median(to)
        return value / base if value is not None and base else None


@dataclass(frozen=True)
class ArticleTiming:
    label: str
    words: int
    milliseconds: float
    edits: tuple[str, ...] = ()


def timed(work: Callable[[], object]) -> float:
    """Wall-clock seconds of one call, with garbage collected beforehand (not during)."""
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def write_release_files(pair: ReleasePair, directory: Path) -> None:
    """Both releases on disk, one file per article, paired by identity like the comparison."""
    for side, release in (("old", pair.old), ("new", pair.new)):
        for document in release.documents:
            folder = directory / side / document.slug
            folder.mkdir(parents=True)
            for article in document.articles:
                (folder / f"{article.identity:05d}.md").write_text(
                    article.text + "\n", encoding="utf-8"
                )


def git_word_diff(directory: Path) -> None:
    # The user's and the system's git configuration stay out: no external diff, no pager.
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(
        ["git", "diff", "--no-index", "--word-diff=porcelain", "old", "new"],
        cwd=directory,
        capture_output=True,
        env=environment,
        check=False,
    )
    if result.returncode != 1:  # 1: the trees differ, as they must
        raise RuntimeError(f"git diff failed ({result.returncode}): {result.stderr[:500]!r}")


def engine_compare(pair: ReleasePair) -> int:
    """Every differing article pair redlined, matched by identity, equal hashes skipped."""
    old_articles = {article.identity: article for article in pair.old.articles}
    rendered = 0
    for article in pair.new.articles:
        before = old_articles.pop(article.identity, None)
        if before is None:
            rendered += len(redline("", article.text).html)
        elif before.content_hash != article.content_hash:
            rendered += len(redline(before.text, article.text).html)
    for removed in old_articles.values():
        rendered += len(redline(removed.text, "").html)
    return rendered


def article_timings(pair: ReleasePair, repeats: int) -> list[ArticleTiming]:
    """Each changed article of the pair redlined on its own (median of ``repeats``)."""
    old_articles = {article.identity: article for article in pair.old.articles}
    timings = []
    for article in pair.new.articles:
        before = old_articles.get(article.identity)
        if before is None or before.content_hash == article.content_hash:
            continue
        seconds = [
            timed(lambda before=before, article=article: redline(before.text, article.text).html)
            for _ in range(repeats)
        ]
        timings.append(
            ArticleTiming(
                label=f"{pair.scale}× seed {pair.seed}, art. {article.number}",
                words=max(before.words, article.words),
                milliseconds=statistics.median(seconds) * 1000,
                edits=pair.edits.get(article.identity, ()),
            )
        )
    return timings


# --- The database part ----------------------------------------------------------------------------


def setup_django(directory: Path) -> None:
    """Django on a throwaway SQLite database in ``directory``, migrated quietly."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CS_PROFILE"] = "development"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DEBUG"] = "false"  # as in production: no query log kept in memory
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def import_pair(pair: ReleasePair):
    """Both releases of ``pair`` as rows: 1.0 superseded, 1.1 published (as the factory does)."""
    from standards.constants import DEVIATION_POLICY_BY_KIND, ReleaseState
    from standards.models import (
        Article,
        ArticleVersion,
        Document,
        DocumentVersion,
        Release,
        Standard,
    )
    from standards.texts import content_hash

    standard = Standard.objects.create(
        slug=f"bench-{pair.scale}x-{pair.seed}", name=f"Benchmark {pair.scale}× seed {pair.seed}"
    )
    documents = {
        document.slug: document
        for document in Document.objects.bulk_create(
            Document(
                standard=standard,
                slug=document.slug,
                kind=document.kind,
                deviation_policy=DEVIATION_POLICY_BY_KIND[document.kind],
                position=position,
            )
            for position, document in enumerate(pair.old.documents, start=1)
        )
    }
    identities = sorted({a.identity for a in pair.old.articles + pair.new.articles})
    articles = dict(
        zip(
            identities,
            Article.objects.bulk_create(Article(standard=standard) for _ in identities),
            strict=True,
        )
    )
    releases = []
    for minor, (release_text, state) in enumerate(
        ((pair.old, ReleaseState.SUPERSEDED), (pair.new, ReleaseState.PUBLISHED))
    ):
        release = Release.objects.create(
            standard=standard,
            version_major=1,
            version_minor=minor,
            published_on=datetime.date(2025, 6, 1 + minor),
            effective_on=datetime.date(2026, 1, 1),
            implementation_deadline=datetime.date(2026, 4, 1),
        )
        DocumentVersion.objects.bulk_create(
            DocumentVersion(
                release=release,
                document=documents[document.slug],
                title=document.title,
                position=position,
            )
            for position, document in enumerate(release_text.documents, start=1)
        )
        ArticleVersion.objects.bulk_create(
            ArticleVersion(
                release=release,
                article=articles[article.identity],
                document=documents[document.slug],
                number=article.number,
                title=article.title,
                chapter=article.chapter,
                position=position,
                text=article.text,
                content_hash=content_hash(article.text),
            )
            for document in release_text.documents
            for position, article in enumerate(document.articles, start=1)
        )
        Release.objects.filter(pk=release.pk).update(state=state)
        release.refresh_from_db()
        releases.append(release)
    return releases[0], releases[1]


def service_compare(old, new) -> int:
    from standards.comparison import release_compare

    comparison = release_compare(old=old, new=new)
    # As the engine part: HTML of every redline that shows a change (not of renumbered-only).
    return sum(len(c.redline.html) for c in comparison.changes if c.redline.changed)


def forget_stored_redlines() -> None:
    from standards.models import StoredRedline

    StoredRedline.objects.all().delete()


def read_and_hash(old, new) -> int:
    """Both releases' article versions read as the portal reads them, each text SHA-256'd.

    Stored texts are normalised already, so the plain SHA-256 is their content hash; calling
    ``content_hash`` would normalise them again and make the floor needlessly high.
    """
    return sum(
        len(hashlib.sha256(version.text.encode("utf-8")).hexdigest())
        for release in (old, new)
        for version in release.article_versions.all()
    )


def service_problem(old, new, pair: ReleasePair) -> str | None:
    """Why the service cannot be measured (not implemented, failing, wrong), or None."""
    try:
        from standards.comparison import ArticleChangeKind, release_compare

        forget_stored_redlines()
        comparison = release_compare(old=old, new=new)
    except NotImplementedError:
        return "release_compare is not implemented yet"
    except Exception as error:  # reported in the table, not hidden
        return f"release_compare failed: {type(error).__name__}: {error}"
    counts = comparison.counts
    expected = {
        ArticleChangeKind.ADDED: len(pair.added),
        ArticleChangeKind.REMOVED: len(pair.removed),
    }
    wrong = {kind: counts[kind] for kind, count in expected.items() if counts[kind] != count}
    if wrong:
        return f"release_compare counts {wrong}, the generator made {expected}"
    return None


# --- Running --------------------------------------------------------------------------------------


def measure_corpus(
    *, scale: int, seed: int, repeats: int, directory: Path, with_service: bool
) -> tuple[SeedResult, list[ArticleTiming], str | None]:
    pair = generate(seed, scale=scale)
    old_by_identity = {article.identity: article for article in pair.old.articles}
    differing = sum(
        1
        for article in pair.new.articles
        if article.identity not in old_by_identity
        or old_by_identity[article.identity].content_hash != article.content_hash
    ) + len(pair.removed)
    result = SeedResult(scale=scale, seed=seed, words=pair.old.words, differing=differing)

    files = directory / f"files-{scale}x-{seed}"
    write_release_files(pair, files)
    problem = None
    if with_service:
        old, new = import_pair(pair)
        problem = service_problem(old, new, pair)

    def measure_git() -> None:
        result.git.append(timed(lambda: git_word_diff(files)))

    def measure_engine() -> None:
        result.engine.append(timed(lambda: engine_compare(pair)))

    def measure_service() -> None:
        forget_stored_redlines()
        result.cold.append(timed(lambda: service_compare(old, new)))
        result.warm.append(timed(lambda: service_compare(old, new)))

    def measure_read_hash() -> None:
        result.read_hash.append(timed(lambda: read_and_hash(old, new)))

    measures = [measure_git, measure_engine]
    if with_service and problem is None:
        measures += [measure_service, measure_read_hash]
    # One untimed round first (files into the page cache, modules and regexes loaded), then the
    # measures in a different order every round.
    git_word_diff(files)
    engine_compare(pair)
    for round_number in range(repeats):
        shift = round_number % len(measures)
        for measure in measures[shift:] + measures[:shift]:
            measure()
    return result, article_timings(pair, repeats=3), problem


def stress_timings(seed: int) -> list[ArticleTiming]:
    timings = []
    for name, old, new in stress_articles(seed):
        first = timed(lambda old=old, new=new: redline(old, new).html)
        # Slow ones once (the figure is what it is); fast ones as the median of three.
        seconds = (
            [first]
            if first > 1
            else [first, *(timed(lambda o=old, n=new: redline(o, n).html) for _ in range(2))]
        )
        timings.append(
            ArticleTiming(
                label=f"stress: {name}",
                words=max(len(old.split()), len(new.split())),
                milliseconds=statistics.median(seconds) * 1000,
            )
        )
    return timings


# --- Reporting ------------------------------------------------------------------------------------


def milliseconds(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:,.1f}"


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def print_table(results: list[SeedResult]) -> None:
    header = (
        f"{'corpus':<7}{'seed':>6}{'words':>9}{'diff':>6}{'git ms':>10}{'engine ms':>11}"
        f"{'×git':>8}{'cold ms':>10}{'×git':>8}{'warm ms':>10}{'read+hash':>11}{'×read':>8}"
    )
    print(header)
    print("-" * len(header))
    for scale in sorted({r.scale for r in results}):
        rows = [r for r in results if r.scale == scale]
        for r in rows:
            print(
                f"{f'{scale}×':<7}{r.seed:>6}{r.words:>9,}{r.differing:>6}"
                f"{milliseconds(r.median('git')):>10}{milliseconds(r.median('engine')):>11}"
                f"{times(r.ratio('engine', 'git')):>8}{milliseconds(r.median('cold')):>10}"
                f"{times(r.ratio('cold', 'git')):>8}{milliseconds(r.median('warm')):>10}"
                f"{milliseconds(r.median('read_hash')):>11}"
                f"{times(r.ratio('warm', 'read_hash')):>8}"
            )
        print(
            f"{f'{scale}×':<7}{'median':>6}{'':>9}{'':>6}"
            f"{milliseconds(median_of(rows, 'git')):>10}"
            f"{milliseconds(median_of(rows, 'engine')):>11}"
            f"{times(median_ratio(rows, 'engine', 'git')):>8}"
            f"{milliseconds(median_of(rows, 'cold')):>10}"
            f"{times(median_ratio(rows, 'cold', 'git')):>8}"
            f"{milliseconds(median_of(rows, 'warm')):>10}"
            f"{milliseconds(median_of(rows, 'read_hash')):>11}"
            f"{times(median_ratio(rows, 'warm', 'read_hash')):>8}"
        )
        print("-" * len(header))


def median_of(rows: list[SeedResult], name: str) -> float | None:
    values = [value for r in rows if (value := r.median(name)) is not None]
    return statistics.median(values) if values else None


def median_ratio(rows: list[SeedResult], name: str, to: str) -> float | None:
    values = [value for r in rows if (value := r.ratio(name, to)) is not None]
    return statistics.median(values) if values else None


def print_articles(corpus_timings: list[ArticleTiming], stress: list[ArticleTiming]) -> None:
    print("\nSlowest single articles (redline + HTML, median of 3; stress articles over 1 s: once)")
    for timing in sorted(corpus_timings, key=lambda t: -t.milliseconds)[:5]:
        edits = f" ({', '.join(timing.edits)})" if timing.edits else ""
        print(f"  {timing.milliseconds:9,.1f} ms  {timing.words:>6,} words  {timing.label}{edits}")
    for timing in stress:
        print(f"  {timing.milliseconds:9,.1f} ms  {timing.words:>6,} words  {timing.label}")
    # Why the cold compare costs what it costs: the share of the articles whose edits include
    # an inserted or removed clause (which renumbers every clause after it).
    renumbering = {"inserted_clause", "removed_clause"}
    total = sum(t.milliseconds for t in corpus_timings)
    with_clauses = sum(t.milliseconds for t in corpus_timings if renumbering & set(t.edits))
    count = sum(1 for t in corpus_timings if renumbering & set(t.edits))
    if total:
        print(
            f"  Articles with an inserted or removed clause: {count} of {len(corpus_timings)}, "
            f"{with_clauses / total:.0%} of the time spent on changed articles."
        )


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    passed: bool


def verdicts(
    results: list[SeedResult],
    corpus_timings: list[ArticleTiming],
    stress: list[ArticleTiming],
    service_missing: str | None,
) -> list[Verdict]:
    found = []
    for scale, limit in COLD_TARGET.items():
        rows = [r for r in results if r.scale == scale]
        if not rows:
            continue
        label = "normal corpus" if scale == 1 else f"{scale}× corpus"
        for name, what in (("engine", "engine only"), ("cold", "service, database")):
            ratio = median_ratio(rows, name, "git")
            found.append(
                Verdict(
                    f"cold ({what}) ≤ {limit}× git, {label}, "
                    f"median of {len(rows)} seed{'s' if len(rows) != 1 else ''}",
                    times(ratio) if ratio is not None else f"not measured ({service_missing})",
                    ratio is not None and ratio <= limit,
                )
            )
        ratio = median_ratio(rows, "warm", "read_hash")
        found.append(
            Verdict(
                f"warm ≤ {WARM_TARGET}× read + hash, {label}",
                times(ratio) if ratio is not None else f"not measured ({service_missing})",
                ratio is not None and ratio <= WARM_TARGET,
            )
        )
    eligible = [t for t in corpus_timings + stress if t.words <= ARTICLE_TARGET_WORDS]
    if eligible:
        worst = max(eligible, key=lambda t: t.milliseconds)
        found.append(
            Verdict(
                f"any article ≤ {ARTICLE_TARGET_WORDS:,} words in ≤ {ARTICLE_TARGET_MS:.0f} ms",
                f"slowest {worst.milliseconds:,.1f} ms ({worst.words:,} words, {worst.label})",
                worst.milliseconds <= ARTICLE_TARGET_MS,
            )
        )
    return found


def git_version() -> str:
    result = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds, 1 seed at 10×, 3 rounds")
    parser.add_argument("--no-check", action="store_true", help="print only; always exit 0")
    parser.add_argument("--seeds", type=int, help="seeds of the normal corpus (default 5)")
    parser.add_argument("--large-seeds", type=int, help="seeds of the 10× corpus (default 5)")
    parser.add_argument("--repeats", type=int, help="timed rounds per seed (default 5)")
    options = parser.parse_args(argv)
    seeds = options.seeds or (2 if options.quick else 5)
    large_seeds = (
        options.large_seeds if options.large_seeds is not None else (1 if options.quick else 5)
    )
    repeats = options.repeats or (3 if options.quick else 5)

    started = datetime.datetime.now().astimezone()
    print(
        f"Redline benchmark, {started:%Y-%m-%d %H:%M %Z}: Python {platform.python_version()}, "
        f"{git_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} "
        "(shared machine: other runs may be using it)"
    )
    print(
        f"{seeds} seeds at 1×, {large_seeds} at 10×, {repeats} timed rounds each, interleaved; "
        "figures are medians.\n"
    )

    results: list[SeedResult] = []
    corpus_timings: list[ArticleTiming] = []
    service_missing = None
    with tempfile.TemporaryDirectory(prefix="cs-redline-bench-") as name:
        directory = Path(name)
        setup_django(directory)
        for scale, count in ((1, seeds), (10, large_seeds)):
            for seed in range(1, count + 1):
                result, timings, problem = measure_corpus(
                    scale=scale,
                    seed=seed,
                    repeats=repeats,
                    directory=directory,
                    with_service=service_missing is None,
                )
                if problem:
                    service_missing = problem
                    print(f"Service not measured: {problem}")
                results.append(result)
                corpus_timings.extend(timings)
                print(
                    f"  measured {scale}× seed {seed}: "
                    f"git {milliseconds(result.median('git'))} ms, "
                    f"engine {milliseconds(result.median('engine'))} ms, "
                    f"cold {milliseconds(result.median('cold'))} ms",
                    flush=True,
                )
        from django.db import connections

        connections.close_all()
    stress = stress_timings(seed=1)

    print()
    print_table(results)
    print_articles(corpus_timings, stress)
    found = verdicts(results, corpus_timings, stress, service_missing)
    print("\nTargets")
    for verdict in found:
        print(f"  [{'ok' if verdict.passed else 'MISSED'}] {verdict.target}: {verdict.measured}")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    missed = [verdict for verdict in found if not verdict.passed]
    if missed and not options.no_check:
        print(f"{len(missed)} target(s) missed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
