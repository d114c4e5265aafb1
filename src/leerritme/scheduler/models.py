from django.db import models
from django.utils import timezone


class TickClaim(models.Model):
    """One run of one piece of due work for one time slot; the unique key lets only one scheduler claim it."""

    work = models.CharField(max_length=100)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "slot"], name="one_claim_per_work_and_slot")]
        indexes = [models.Index(fields=["claimed_at"])]

    def __str__(self):
        return f"{self.work} @ {self.slot:%Y-%m-%d %H:%M}"
