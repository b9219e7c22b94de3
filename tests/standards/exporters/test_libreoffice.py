"""The Word export opened by a real word processor: LibreOffice sees the tracked changes.

LibreOffice converts the .docx to flat ODT (one XML file), where tracked changes are listed in
``text:tracked-changes`` as ``text:changed-region``s, each an insertion or a deletion with its
author and date; a deletion keeps the deleted text inside the region.
"""

import os
import shutil
import subprocess

import pytest
from lxml import etree

from standards.exporters.docx import comparison_to_docx
from tests.conftest import require
from tests.standards.exporters.conftest import AUTHOR, DATE

pytestmark = pytest.mark.django_db

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"text": TEXT, "office": OFFICE, "dc": DC}


def converted_by_libreoffice(data: bytes, directory) -> etree._Element:
    require(
        shutil.which("soffice") is not None,
        "LibreOffice not installed (apt-get install libreoffice-writer-nogui)",
    )
    source = directory / "vergelijking.docx"
    source.write_bytes(data)
    # A profile of its own: no clash with a running LibreOffice or another test's conversion.
    profile = (directory / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "fodt",
            "--outdir",
            str(directory),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(directory)},
    )
    return etree.parse(str(directory / "vergelijking.fodt")).getroot()


def region_texts(root: etree._Element) -> dict[str, str]:
    """The text of each changed region, by region id, paragraphs joined with a space.

    LibreOffice marks where a change starts and ends in the body (``text:change-start`` and
    ``text:change-end``, which may lie in different paragraphs); a deletion may instead keep its
    text inside the region. Both are collected.
    """
    texts: dict[str, list[str]] = {}
    for region in root.xpath("//text:tracked-changes/text:changed-region", namespaces=NS):
        kept = region.xpath(".//text:p", namespaces=NS)
        texts[region.get(f"{{{TEXT}}}id")] = ["".join(p.itertext()) for p in kept]
    open_regions: list[str] = []

    def add(text: str | None) -> None:
        for region_id in open_regions:
            texts[region_id].append(text or "")

    def visit(element: etree._Element) -> None:
        for child in element:
            if child.tag == f"{{{TEXT}}}change-start":
                open_regions.append(child.get(f"{{{TEXT}}}change-id"))
            elif child.tag == f"{{{TEXT}}}change-end":
                open_regions.remove(child.get(f"{{{TEXT}}}change-id"))
            else:
                add(child.text)
                visit(child)
            add(child.tail)

    for paragraph in root.xpath("//office:text/text:p | //office:text/text:h", namespaces=NS):
        add(" ")  # a paragraph break inside a region
        add(paragraph.text)
        visit(paragraph)
    return {region_id: " ".join("".join(parts).split()) for region_id, parts in texts.items()}


def test_libreoffice_reads_the_insertions_and_deletions(comparison, tmp_path):
    """Every tracked change of the export is a changed region in LibreOffice, with its author,
    and the changed words are the ones the comparison changed."""
    data = comparison_to_docx(comparison, author=AUTHOR, date=DATE)
    root = converted_by_libreoffice(data, tmp_path)

    regions = root.xpath("//text:tracked-changes/text:changed-region", namespaces=NS)
    insertions = [r for r in regions if r.xpath("text:insertion", namespaces=NS)]
    deletions = [r for r in regions if r.xpath("text:deletion", namespaces=NS)]
    assert insertions and deletions
    authors = root.xpath("//text:changed-region//dc:creator/text()", namespaces=NS)
    assert set(authors) == {AUTHOR}
    dates = root.xpath("//text:changed-region//dc:date/text()", namespaces=NS)
    assert set(dates) == {"2026-01-05T09:30:00"}

    texts = region_texts(root)
    deleted = {texts[region.get(f"{{{TEXT}}}id")] for region in deletions}
    inserted = {texts[region.get(f"{{{TEXT}}}id")] for region in insertions}
    assert {"30", "3", "De garantietermijn is twaalf maanden."} <= deleted
    assert {"25", "2", "en bruikleen"} <= inserted
    assert "1. Opdrachtnemer is dag en nacht bereikbaar. 2. Hij meldt storingen." in inserted
    # The inserted paragraph break and the new sub-clause after it are one change that starts
    # in the paragraph before the break.
    clause = "2. Opdrachtnemer rapporteert ieder kwartaal over de reparatietijden."
    (region_id,) = [region_id for region_id, text in texts.items() if text == clause]
    (start,) = root.xpath(f"//text:change-start[@text:change-id='{region_id}']", namespaces=NS)
    (end,) = root.xpath(f"//text:change-end[@text:change-id='{region_id}']", namespaces=NS)
    assert "".join(start.getparent().itertext()).endswith("2 werkdagen.")
    assert "".join(end.getparent().itertext()) == clause
