"""A contract's obligation to move to the current release, and the text in force on a date.

Art. 3.30: a new release takes effect on its effective date, and parties adapt their contracts
within the implementation term (six calendar months after publication, recorded per release
as its ``implementation_deadline``). For one contract, measured against a **target** release
(by default the newest release published on the day asked about):

* **up to date** when the contract is on the target or newer;
* otherwise the contract has missed every release after its own up to the target, and must be
  on the first of them by that release's deadline: the **deadline** is the earliest deadline
  among the missed releases. Before or on it the contract is **due**, after it **overdue**.

A contract that has ended (its end date passed) has no obligation. An organisation's status is
the worst of its contracts'.

Everything here works on objects already loaded (the contract's release, the standard's
published releases), so a page can compute the status of many contracts without a query each.
All dates are calendar days in Europe/Amsterdam (``django.utils.timezone.localdate``).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from organisations.constants import STATUS_SEVERITY, ObligationStatus
from organisations.models import Contract
from standards.constants import ReleaseState
from standards.models import Release

PUBLISHED_STATES = (ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED)


def version_key(release: Release) -> tuple[int, int]:
    return (release.version_major, release.version_minor)


def published_by(releases: Iterable[Release], at: datetime.date) -> list[Release]:
    """The releases published on or before ``at``, oldest version first."""
    return sorted(
        (
            release
            for release in releases
            if release.state in PUBLISHED_STATES
            and release.published_on is not None
            and release.published_on <= at
        ),
        key=version_key,
    )


@dataclass(frozen=True)
class Obligation:
    """What one contract must do by when, seen on day ``at``."""

    contract: Contract
    at: datetime.date
    status: ObligationStatus | None  # None: the contract has ended
    target: Release | None = None  # the release to move to; None when up to date
    deadline: datetime.date | None = None
    missed: tuple[Release, ...] = ()

    @property
    def days_left(self) -> int | None:
        """Days until the deadline: negative once it has passed."""
        return None if self.deadline is None else (self.deadline - self.at).days

    @property
    def days_overdue(self) -> int | None:
        days_left = self.days_left
        return None if days_left is None or days_left >= 0 else -days_left


def contract_obligation(
    contract: Contract,
    *,
    releases: Sequence[Release],
    at: datetime.date,
    target: Release | None = None,
) -> Obligation:
    """The obligation of ``contract`` on ``at``, among ``releases`` of its standard.

    ``target`` defaults to the newest release published by ``at``; the dashboard passes the
    release it reports on.
    """
    if contract.ends_on is not None and contract.ends_on < at:
        return Obligation(contract=contract, at=at, status=None)
    published = published_by(releases, at)
    if target is None:
        if not published:
            return Obligation(contract=contract, at=at, status=ObligationStatus.UP_TO_DATE)
        target = published[-1]
    current = version_key(contract.release)
    if current >= version_key(target):
        return Obligation(contract=contract, at=at, status=ObligationStatus.UP_TO_DATE)
    missed = tuple(
        release for release in published if current < version_key(release) <= version_key(target)
    )
    deadlines = [r.implementation_deadline for r in missed if r.implementation_deadline]
    deadline = min(deadlines) if deadlines else target.implementation_deadline
    overdue = deadline is not None and at > deadline
    return Obligation(
        contract=contract,
        at=at,
        status=ObligationStatus.OVERDUE if overdue else ObligationStatus.DUE,
        target=target,
        deadline=deadline,
        missed=missed,
    )


def worst_status(statuses: Iterable[ObligationStatus | None]) -> ObligationStatus | None:
    """The worst of several statuses; ``None`` when there is none (ended contracts ignored)."""
    present = [status for status in statuses if status is not None]
    return max(present, key=STATUS_SEVERITY.__getitem__) if present else None


def release_in_force(contract: Contract, *, on: datetime.date) -> Release | None:
    """The release the contract was based on, on day ``on``; ``None`` outside its term.

    Reads the contract's recorded moves (prefetch ``moves`` with their releases for lists): on
    the day of a move the new release applies.
    """
    if on < contract.starts_on or (contract.ends_on is not None and on > contract.ends_on):
        return None
    moves = sorted(contract.moves.all(), key=lambda move: (move.moved_on, move.pk))
    in_force = moves[0].from_release if moves else contract.release
    for move in moves:
        if move.moved_on > on:
            break
        in_force = move.to_release
    return in_force
