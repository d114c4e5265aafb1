"""The indicators' own table: learning events summed per organisation, day, kind and counted object.

See `leerritme.metrics.rollup` for how it is kept up to date and why it is exact.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import TenantModel


class LearningDay(TenantModel):
    """The learning events of one organisation on one local day of one kind (and, for the kinds counted per
    object such as a concluded experiment, of one object): how many, how many without an object, and their
    positive minutes."""

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=40)
    # Only for the kinds counted per object (one experiment recorded for several people counts once);
    # empty for every other kind, whose objects are not counted.
    object_id = models.CharField(max_length=64, blank=True, default="")
    events = models.PositiveIntegerField(default=0)
    loose = models.PositiveIntegerField(default=0, help_text="Events without an object.")
    minutes = models.PositiveBigIntegerField(default=0, help_text="The sum of the events' positive minutes.")

    class Meta:
        verbose_name = _("learning day")
        verbose_name_plural = _("learning days")
        constraints = [models.UniqueConstraint(fields=["organisation", "day", "kind", "object_id"],
                                               name="metrics_one_learning_day")]

    def __str__(self):
        return f"{self.day} {self.kind} {self.object_id}".strip()
