"""Change-request numbers: ``WV-<year>-<4 digits>``, unique and without gaps per year.

``NumberSeries`` holds the last number handed out in a year. A submission locks its year's row
(``select_for_update``) and takes the next number in the same transaction that stores the change
request, so concurrent submissions queue on the row and a submission that fails rolls its number
back with it: no two requests share a number and no number is skipped.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSeries(models.Model):
    year = models.PositiveSmallIntegerField(_("jaar"), primary_key=True)
    last_sequence = models.PositiveIntegerField(_("laatste volgnummer"), default=0)

    class Meta:
        verbose_name = _("nummerreeks")
        verbose_name_plural = _("nummerreeksen")

    def __str__(self) -> str:
        return f"WV-{self.year}: {self.last_sequence}"


def format_number(year: int, sequence: int) -> str:
    return f"WV-{year}-{sequence:04d}"
