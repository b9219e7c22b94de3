"""Stored redlines: the diff between two article texts, computed once and kept.

A redline depends on nothing but the two texts, and a text is identified by its content hash
(``standards.texts``), so a redline is stored per pair of hashes. Published texts never change,
which makes a stored redline valid forever; the redlines between consecutive published releases
are stored when the newer one is published (``standards.services.redlines``), any other pair the
first time it is compared.

This is a cache of derived data, not a record: deleting rows loses nothing (they are computed
again when needed), and the rows carry no history. What is stored is exactly the engine's
operations (``standards.redlines``), as a list of ``[kind, text]`` pairs, so that reading a row
back gives the same ``Redline``. Pairs that need no diff are never stored: an unchanged article
(same hash on both sides) and an article that is empty on one side (all inserted or all deleted).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from standards.redlines import Kind, Operation, Redline


class StoredRedline(models.Model):
    # The unique constraint's index serves lookups by old hash; the new hash has its own index
    # for the ``new_hash__in`` half of a bulk lookup.
    old_hash = models.CharField(_("hash oude tekst"), max_length=64)
    new_hash = models.CharField(_("hash nieuwe tekst"), max_length=64, db_index=True)
    operations = models.JSONField(_("bewerkingen"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opgeslagen redline")
        verbose_name_plural = _("opgeslagen redlines")
        constraints = [
            models.UniqueConstraint(
                fields=["old_hash", "new_hash"], name="storedredline_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_hash[:12]} → {self.new_hash[:12]}"

    @classmethod
    def of(cls, *, old_hash: str, new_hash: str, redline: Redline) -> "StoredRedline":
        """An unsaved row holding ``redline`` for the pair of hashes."""
        return cls(
            old_hash=old_hash,
            new_hash=new_hash,
            operations=cls.operations_of(redline),
        )

    @staticmethod
    def operations_of(redline: Redline) -> list[list[str]]:
        """The operations of ``redline`` as stored: ``[kind, text]`` pairs."""
        return [[operation.kind.value, operation.text] for operation in redline.operations]

    @property
    def redline(self) -> Redline:
        """The stored operations as the engine's ``Redline``."""
        return Redline(
            operations=tuple(Operation(Kind(kind), text) for kind, text in self.operations)
        )
