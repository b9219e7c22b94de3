"""Accessibility check of a rendered page with axe-core, plus a screenshot for the record.

Usage, in a test with the ``page`` fixture::

    page.goto(live_server.url + reverse("pages:contact"))
    assert_accessible(page, "contact")

The screenshot lands in ``var/screenshots/<name>.png`` even when the check fails, so the page
can be looked at.
"""

import re
from pathlib import Path

from django.conf import settings

from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_TARGETS = 3

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}
"""


def screenshot_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "screenshots"


def axe_script() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as ``var/screenshots/<name>.png`` and return its path."""
    if not _NAME.match(name):
        raise ValueError(f"screenshot name {name!r}: use lower-case letters, digits, - and _")
    path = screenshot_dir() / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = violation["targets"]
        shown = ", ".join(targets[:MAX_TARGETS])
        more = f" (+{len(targets) - MAX_TARGETS} more)" if len(targets) > MAX_TARGETS else ""
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']}\n"
            f"    {violation['helpUrl']}\n"
            f"    at {shown}{more}"
        )
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    """Assert that axe-core finds no WCAG 2.1 A/AA violation on the page as it is now.

    ``name`` names the screenshot (``var/screenshots/<name>.png``) taken before the check.
    """
    screenshot = save_screenshot(page, name)
    page.add_script_tag(path=str(axe_script()))
    violations = page.evaluate(_RUN_AXE, AXE_TAGS)
    assert not violations, (
        f"axe-core found {len(violations)} accessibility violation(s) on {page.url} "
        f"(screenshot: {screenshot}):\n{format_violations(violations)}"
    )
