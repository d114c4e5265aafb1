"""Instruments (questionnaires as data), survey runs, one-time tokens and anonymous responses.

Anonymity by construction: a `Response` has no link to a person, no timestamp and a random UUID key
(insertion order cannot be matched to anything); its team is only the reporting group. Who answered is
known only from `RunToken.used`, which in turn does not point at the response. Responses become visible
in results only through a `Publication` (see `scan/anonymity.py`).
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, Team, TenantModel


def _in_language(obj, field: str) -> str:
    value = getattr(obj, f"{field}_{(get_language() or 'nl')[:2]}", "") or ""
    return value or getattr(obj, f"{field}_nl") or getattr(obj, f"{field}_en")


class Scale(models.TextChoices):
    LIKERT5 = "likert5", _("Agree or disagree, 1 to 5")
    TRAFFIC_LIGHT = "traffic_light", _("Green, amber or red, with a trend arrow")


SCALE_VALUES = {Scale.LIKERT5: (1, 2, 3, 4, 5), Scale.TRAFFIC_LIGHT: (1, 2, 3)}
TRENDS = (-1, 0, 1)


class Instrument(TenantModel):
    """A questionnaire: shipped (copied per organisation, `key` set) or built by the organisation's L&D."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=80, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    scale = models.CharField(_("scale"), max_length=20, choices=Scale, default=Scale.LIKERT5)
    is_active = models.BooleanField(_("available for new runs"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name_nl"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], condition=~models.Q(key=""),
                                               name="one_shipped_instrument_copy_per_org")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")

    @property
    def description(self) -> str:
        return _in_language(self, "description")

    @property
    def values(self) -> tuple[int, ...]:
        return SCALE_VALUES[Scale(self.scale)]

    @property
    def has_trend(self) -> bool:
        return self.scale == Scale.TRAFFIC_LIGHT


class Dimension(TenantModel):
    """What a group of items measures; `practice_keys` name catalogue practices that help when it is weak."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(max_length=80)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)
    practice_keys = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instrument", "key"], name="unique_dimension_key")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")


class Item(TenantModel):
    """One statement of an instrument; a reverse-scored item counts the other way round."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    text_nl = models.CharField(_("statement (Dutch)"), max_length=300)
    text_en = models.CharField(_("statement (English)"), max_length=300)
    reverse_scored = models.BooleanField(_("reverse-scored"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return _in_language(self, "text")


class Run(TenantModel):
    """One time an instrument is asked of an audience, between two dates."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="runs")
    title = models.CharField(_("title"), max_length=150)
    whole_organisation = models.BooleanField(_("the whole organisation"), default=False)
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("departments and teams"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    closed_early_on = models.DateField(null=True, blank=True)
    # The minimum group size is fixed when the run is made, so one run's publications all use the same one.
    threshold = models.PositiveSmallIntegerField()
    invited = models.BooleanField(default=False)
    reminded = models.BooleanField(default=False)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey run")
        verbose_name_plural = _("survey runs")
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def last_day(self):
        return self.closed_early_on or self.closes_on

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.last_day

    def is_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.last_day or self.closed_early_on is not None

    def status(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.closed_early_on is not None or today > self.closes_on:
            return "closed"
        return "open" if today >= self.opens_on else "planned"


class RunToken(TenantModel):
    """A person's one-time right to answer a run. It knows whether they answered, never what or when.

    The draft (partial answers) belongs to the token holder until they submit; submitting clears it in the
    same transaction that stores the anonymous response.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="tokens")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    used = models.BooleanField(default=False)
    draft = models.JSONField(default=dict, blank=True)
    draft_trends = models.JSONField(default=dict, blank=True)
    draft_comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="one_token_per_person_and_run")]
        indexes = [models.Index(fields=["run", "used"])]

    def __str__(self):
        return f"{self.run} – {self.person}"


class Publication(TenantModel):
    """A moment the run's results grew: which groups are shown, over which responses (see anonymity.py)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveIntegerField()
    visible = models.JSONField(default=list)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="unique_publication_number")]

    def __str__(self):
        return f"{self.run} #{self.number}"


class Response(TenantModel):
    """An anonymous set of answers: the run, the reporting group, the answers; nothing about who or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(default=dict)
    trends = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    # The same answers as one digit per statement in the instrument's order ("0": none), and the trends as
    # 1 worse, 2 same, 3 better: results read these, so 10,000 responses need no JSON decoding. Statements
    # of an instrument are fixed once it has a run, so the order holds.
    vector = models.CharField(max_length=100, blank=True)
    trend_vector = models.CharField(max_length=100, blank=True)
    # The publication that first showed it; null while it waits for enough company.
    published_in = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["run", "published_in"])]

    def __str__(self):
        return str(self.id)


def encode_answers(item_ids: list[int], answers: dict, trends: dict | None = None) -> tuple[str, str]:
    """The compact form of answers keyed by statement id: one digit per statement, in the given order."""
    vector = "".join(str(answers.get(str(pk), 0)) for pk in item_ids)
    trend_vector = "".join(str(trends[str(pk)] + 2) if str(pk) in trends else "0" for pk in item_ids) if trends else ""
    return vector, trend_vector
