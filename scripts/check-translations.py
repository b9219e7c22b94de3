"""Fail when the English catalogue has untranslated or fuzzy entries, or a stale .mo file."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
problems = []
for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):
    po = polib.pofile(str(po_path))
    problems += [f"{po_path}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path}: missing")
        continue
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        if compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr:
            problems.append(f"{mo_path}: stale for {entry.msgid!r}: run 'make messages'")
print("\n".join(problems) or "translations complete")
sys.exit(1 if problems else 0)
