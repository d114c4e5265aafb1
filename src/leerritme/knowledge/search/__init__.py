"""The one knowledge search: articles, questions, sessions, communities and people by skill.

This package hides which database does the searching. Services keep a `SearchEntry` per findable
object (`index_entry()` / `remove_entry()`); `search()` ranks entries the person may see:
- SQLite: an FTS5 table (rowid = entry id) over Snowball-stemmed Dutch and English text, each query
  word matched as a prefix of its stems, ranked by bm25 with the title weighing four times the text;
  when that finds little, title words a letter or two from a query word are searched too (typos).
- PostgreSQL: a tsvector kept by a trigger with the 'dutch' and 'english' configurations (title
  weight A, text C), prefix tsqueries in both, plus trigram word similarity on the title for typos,
  ranked by ts_rank plus that similarity; title matches are ranked on a narrow title-only tsvector,
  and the wide vectors are read only when too few titles match.
Visibility is part of the query (entries of a team only for its members), so a result a person may
not see is never even loaded; snippets and highlights are made afterwards, the same on both. Title words
found for a typo are highlighted like the words as typed: on SQLite the ones the search used, on
PostgreSQL (whose typo match is over whole titles) the words of the results' titles a letter or two from
a query word that none of those titles has.
"""

from dataclasses import dataclass, field
from uuid import UUID

from django.db import connection
from django.db.models import Q

from leerritme.knowledge.models import SearchEntry, SearchKind
from leerritme.knowledge.search import postgres, sqlite
from leerritme.knowledge.search.text import highlight, query_prefixes, query_words, stemmed, typo_words
from leerritme.orgs.models import Person, TeamMembership
from leerritme.people.models import PersonSkill, Skill

RESULT_LIMIT = 20
PEOPLE_LIMIT = 6


def _backend():
    return postgres if connection.vendor == "postgresql" else sqlite


@dataclass(frozen=True)
class IndexItem:
    """What one object contributes to the search (built by the services)."""

    kind: str
    object_id: int
    object_uuid: UUID
    title: str
    text: str
    team_id: int | None = None


def index_entry(*, organisation_id: int, item: IndexItem) -> SearchEntry:
    """Add or refresh one object's entry (inside the caller's transaction)."""
    entry, _created = SearchEntry.objects.update_or_create(
        kind=item.kind, object_id=item.object_id,
        defaults={"organisation_id": organisation_id, "object_uuid": item.object_uuid, "title": item.title[:200],
                  "text": item.text, "team_id": item.team_id},
    )
    if connection.vendor != "postgresql":
        sqlite.write([(entry.pk, stemmed(item.title), stemmed(item.text), item.kind, organisation_id,
                       item.team_id or 0)])
        sqlite.write_words(organisation_id, [item.title])
    return entry


def index_many(*, organisation_id: int, items: list[IndexItem], batch_size: int = 2000) -> int:
    """Add many new entries at once (demo data, benchmarks); the objects must not be indexed yet."""
    done = 0
    for start in range(0, len(items), batch_size):
        chunk = items[start:start + batch_size]
        entries = SearchEntry.objects.bulk_create([
            SearchEntry(organisation_id=organisation_id, kind=i.kind, object_id=i.object_id,
                        object_uuid=i.object_uuid, title=i.title[:200], text=i.text, team_id=i.team_id)
            for i in chunk
        ])
        if connection.vendor != "postgresql":
            if any(e.pk is None for e in entries):  # pragma: no cover - SQLite 3.35+ returns ids
                raise RuntimeError("bulk_create did not return ids")
            sqlite.write([(e.pk, stemmed(i.title), stemmed(i.text), i.kind, organisation_id, i.team_id or 0)
                          for e, i in zip(entries, chunk, strict=True)])
            sqlite.write_words(organisation_id, [i.title for i in chunk])
        done += len(chunk)
    return done


def remove_entry(*, kind: str, object_id: int) -> None:
    # On SQLite a trigger removes the FTS row with the entry.
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@dataclass
class Hit:
    kind: str
    uuid: UUID
    title: str
    title_html: str
    snippet_html: str
    score: float


@dataclass
class PersonHit:
    person: Person
    reasons: list[str] = field(default_factory=list)


@dataclass
class SearchResults:
    q: str
    hits: list[Hit] = field(default_factory=list)
    people: list[PersonHit] = field(default_factory=list)
    kind: str = ""

    @property
    def empty(self) -> bool:
        return not self.hits and not self.people

    @property
    def count(self) -> int:
        return len(self.hits) + len(self.people)


def visible_team_ids(person: Person) -> list[int]:
    return list(TeamMembership.objects.filter(person=person).values_list("team_id", flat=True))


def search(person: Person, q: str, *, kind: str = "", limit: int = RESULT_LIMIT,
           with_people: bool = True) -> SearchResults:
    """Ranked results for `q` that `person` may see, best first, with highlighted snippets."""
    results = SearchResults(q=q, kind=kind)
    if not query_words(q):
        return results
    teams = visible_team_ids(person)
    kinds = [kind] if kind in SearchKind.values else []
    ranked, corrected = ([], ()) if kind == "people" else _backend().ranked_ids(
        organisation_id=person.organisation_id, q=q, team_ids=teams, kinds=kinds, limit=limit
    )
    if ranked:
        score_of = dict(ranked)
        entries = list(SearchEntry.objects.filter(pk__in=list(score_of)).filter(
            Q(team__isnull=True) | Q(team_id__in=teams)
        ).only("kind", "object_uuid", "title", "text"))
        if corrected is None:  # PostgreSQL: the title words close to a query word none of the titles has
            corrected = typo_words(q, [entry.title for entry in entries])
        for entry in sorted(entries, key=lambda e: -score_of[e.pk]):
            results.hits.append(Hit(
                kind=entry.kind, uuid=entry.object_uuid, title=entry.title,
                title_html=highlight(entry.title, q, also=corrected, limit=60),
                snippet_html=highlight(entry.text, q, also=corrected),
                score=score_of[entry.pk],
            ))
    if with_people and kind in ("", "people"):
        results.people = people_by_skill(q, limit=PEOPLE_LIMIT)
    return results


def matching_skills(q: str) -> list[Skill]:
    """Skills whose name contains one of the query's words or stems (the taxonomy is small)."""
    prefixes = [p for p in query_prefixes(q) if len(p) >= 3]
    if not prefixes:
        return []
    condition = Q()
    for prefix in prefixes:
        condition |= Q(name__icontains=prefix)
    return list(Skill.objects.filter(condition).order_by("name")[:20])


def people_by_skill(q: str, *, limit: int = PEOPLE_LIMIT) -> list[PersonHit]:
    """Colleagues with a matching skill on their profile, those who can teach it at the highest level first."""
    from django.db.models import F
    from django.utils.translation import gettext

    skills = matching_skills(q)
    if not skills:
        return []
    entries = (
        PersonSkill.objects.filter(skill__in=skills, person__is_active=True)
        .filter(Q(can_teach=True) | Q(level__gte=3))
        .select_related("person__user", "skill")
        .order_by("-can_teach", F("level").desc(nulls_last=True), "person__user__name", "pk")[: limit * 3]
    )
    found: dict[int, PersonHit] = {}
    for entry in entries:
        hit = found.get(entry.person_id)
        if hit is None:
            if len(found) >= limit:
                continue
            hit = found[entry.person_id] = PersonHit(person=entry.person)
        level = entry.get_level_display() if entry.level else ""
        reason = gettext("can teach %(skill)s") % {"skill": entry.skill.name} if entry.can_teach else entry.skill.name
        hit.reasons.append(f"{reason} ({level.lower()})" if level else reason)
    return list(found.values())
