"""Which release a change request filed now is meant for.

Each release under construction has a submission deadline ("uiterlijk 31 december 2026 om
23:59", Europe/Amsterdam). A request filed on or before that minute targets that release; a
request filed later, or while the release is already frozen or adopted, targets the release after
it, and the submitter is told so. The deadline minute itself still counts: a request stored at
23:59:59 is in time, one stored at 00:00:00 the next day is not.

The target is kept as a version string ("1.3"), because the release it names may not exist yet.
"""

import datetime
from dataclasses import dataclass

from standards.constants import ReleaseState
from standards.models import Release, Standard
from standards.selectors import latest_published_release, open_release
from standards.versions import next_minor_version

GRACE = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class SubmissionTarget:
    version: str
    release: Release | None
    # The release whose deadline was missed, when the request was filed too late for it.
    missed: Release | None = None

    @property
    def deadline(self) -> datetime.datetime | None:
        return self.release.submission_deadline if self.release else None


def is_open_for_change_requests(release: Release) -> bool:
    """Requests are filed against the release in force or the draft of the next one."""
    standard = release.standard
    return release.pk in {
        r.pk for r in (latest_published_release(standard), open_release(standard)) if r is not None
    }


def accepts_submissions(release: Release, at: datetime.datetime) -> bool:
    if release.state != ReleaseState.DRAFT:
        return False
    deadline = release.submission_deadline
    return deadline is None or at < deadline + GRACE


def submission_target(standard: Standard, *, at: datetime.datetime) -> SubmissionTarget:
    draft = open_release(standard)
    if draft is not None:
        if accepts_submissions(draft, at):
            return SubmissionTarget(version=draft.version, release=draft)
        return SubmissionTarget(
            version=next_minor_version(draft.version_major, draft.version_minor),
            release=None,
            missed=draft,
        )
    current = latest_published_release(standard)
    if current is None:
        return SubmissionTarget(version="1.0", release=None)
    return SubmissionTarget(
        version=next_minor_version(current.version_major, current.version_minor), release=None
    )
