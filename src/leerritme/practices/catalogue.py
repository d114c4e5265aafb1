"""The shipped practice catalogue: read from `data/catalogue.json` and copied into each organisation.

The JSON file is the source of truth for the practices Leerritme ships (key, bilingual texts, duration,
cadence, Kolb phase, level, the part that runs it, and the seed article it comes from). Each
organisation works on its own copy, so L&D admins can adapt the text or hide a practice without
touching anyone else's. `practices_ensure_catalogue()` keeps the copies in step with the file:
it adds what is missing and refreshes copies nobody adapted when the shipped text changed; it never
overwrites an adapted copy and never deletes one (teams may practise it).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django_scopes import scope

from leerritme.orgs.models import Organisation
from leerritme.practices.models import KolbPhase, Practice, PracticeLevel, PracticePart, TypicalCadence

CATALOGUE_FILE = Path(__file__).parent / "data" / "catalogue.json"
LANGUAGES = ("nl", "en")
TEXT_FIELDS = ("name", "purpose", "howto", "participants")
# Every field of a copy that comes from the shipped catalogue (what an update or a restore writes).
SHIPPED_FIELDS = (
    *(f"{field}_{language}" for field in TEXT_FIELDS for language in LANGUAGES),
    "duration_minutes", "typical_cadence", "kolb_phase", "level", "part", "seed",
)


@dataclass(frozen=True)
class ShippedPractice:
    """One practice as the catalogue file describes it, flattened to the model's field names."""

    key: str
    values: dict

    def differs_from(self, practice: Practice) -> bool:
        return any(getattr(practice, name) != value for name, value in self.values.items())


class CatalogueError(ValueError):
    """The shipped catalogue file is malformed (a packaging mistake, caught by the tests)."""


def _text(entry: dict, field: str, language: str) -> str:
    value = entry[field][language]
    if isinstance(value, list):
        return "\n".join(step.strip() for step in value)
    return value.strip()


@cache
def _load() -> tuple[dict[str, dict[str, str]], tuple[ShippedPractice, ...]]:
    raw = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    seeds = raw["seeds"]
    practices = []
    for entry in raw["practices"]:
        try:
            values = {f"{f}_{lang}": _text(entry, f, lang) for f in TEXT_FIELDS for lang in LANGUAGES}
            values.update(
                duration_minutes=int(entry["duration_minutes"]),
                typical_cadence=TypicalCadence(entry["typical_cadence"]).value,
                kolb_phase=KolbPhase(entry["kolb_phase"]).value,
                level=PracticeLevel(entry["level"]).value,
                part=PracticePart(entry["part"]).value,
                seed=entry["seed"],
            )
        except (KeyError, ValueError, TypeError) as error:
            raise CatalogueError(f"Catalogue entry {entry.get('key')!r}: {error!r}") from error
        if values["seed"] not in seeds:
            raise CatalogueError(f"Catalogue entry {entry['key']!r} names an unknown seed {values['seed']!r}")
        practices.append(ShippedPractice(key=entry["key"], values=values))
    return seeds, tuple(practices)


def shipped_practices() -> tuple[ShippedPractice, ...]:
    return _load()[1]


def shipped_by_key() -> dict[str, ShippedPractice]:
    return {p.key: p for p in shipped_practices()}


def seed_titles() -> dict[str, dict[str, str]]:
    """The seed articles the catalogue draws on: code ("002") -> {"nl": title, "en": title}."""
    return _load()[0]


def source_title(seed: str) -> str:
    """A practice's source in the reader's language: the seed article's title, or what the admin wrote."""
    titles = seed_titles().get(seed)
    if titles is None:
        return seed
    return titles.get((get_language() or "nl")[:2]) or titles["nl"]


@dataclass(frozen=True)
class EnsureResult:
    created: int = 0
    updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def practices_ensure_catalogue(organisation: Organisation) -> EnsureResult:
    """Give the organisation every shipped practice it lacks, and refresh its un-adapted copies.

    Idempotent and cheap when nothing changed: one query reading the organisation's copies. Missing
    practices are added with one bulk insert, changed un-adapted copies with one bulk update. Adapted
    copies keep the organisation's text; hidden copies stay hidden; copies whose key left the file stay.
    Callable inside or outside a request: it enters the organisation's scope itself.
    """
    shipped = shipped_practices()
    with scope(organisation=organisation):
        return _ensure(organisation, shipped)


def _ensure(organisation: Organisation, shipped: tuple[ShippedPractice, ...]) -> EnsureResult:
    existing = {
        p.key: p
        for p in Practice.objects.filter(organisation=organisation).exclude(key="").only(
            "pk", "key", "is_adapted", *SHIPPED_FIELDS)
    }
    missing = [s for s in shipped if s.key not in existing]
    stale = [
        (s, existing[s.key]) for s in shipped
        if s.key in existing and not existing[s.key].is_adapted and s.differs_from(existing[s.key])
    ]
    if not missing and not stale:
        return EnsureResult()
    now = timezone.now()
    with transaction.atomic():
        if missing:
            Practice.objects.bulk_create(
                [Practice(organisation=organisation, key=s.key, created_at=now, updated_at=now, **s.values)
                 for s in missing],
                ignore_conflicts=True,  # another request may have copied them a moment ago
            )
        changed = []
        for shipped_practice, practice in stale:
            for name, value in shipped_practice.values.items():
                setattr(practice, name, value)
            practice.updated_at = now
            changed.append(practice)
        if changed:
            Practice.objects.bulk_update(changed, [*SHIPPED_FIELDS, "updated_at"])
    return EnsureResult(created=len(missing), updated=len(stale))

