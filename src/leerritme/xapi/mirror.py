"""Leerritme's own learning as xAPI statements, in the organisation's LRS.

Every learning event that is not private is mirrored as one statement when it is recorded (same
transaction), and voided when it is withdrawn. People appear as an opaque account
(`{"account": {"homePage": SITE_URL + "/", "name": <opaque id>}}`), never by name or e-mail, so a person can
be erased. The statement id is derived from the event (UUID 5), so the mirror is idempotent.

Vocabulary: ADL verbs and activity types where they exist, Activity Streams and the Tin Can registry next,
and Leerritme's own IRIs (under `VOCABULARY`) only for what has no community term. `VERBS` and `KINDS` are
the documented table.
"""

import uuid
from collections import defaultdict

from django.conf import settings
from django_scopes import scope

from leerritme.learning.listeners import on_learning_recorded, on_learning_removed
from leerritme.learning.models import LearningKind, Visibility
from leerritme.xapi.models import PersonAccount
from leerritme.xapi.services.statements import MAX_BATCH, format_time, statements_store, statements_void
from leerritme.xapi.vocabulary import ACTIVITY_STREAMS, ADL, LEERRITME, TINCAN, VOCABULARY

NAMESPACE = uuid.UUID("6f1f3b8e-5a0c-4f44-9d43-4b1d2f6c8a10")

VERBS = {
    "completed": (ADL + "completed", "completed"),
    "attended": (ADL + "attended", "attended"),
    "progressed": (ADL + "progressed", "progressed"),
    "experienced": (ADL + "experienced", "experienced"),
    "shared": (ADL + "shared", "shared"),
    "presented": (TINCAN + "presented", "presented"),
    "mentored": (TINCAN + "mentored", "mentored"),
    "earned": (TINCAN + "earned", "earned"),
    "authored": (ACTIVITY_STREAMS + "author", "authored"),
    "received": (ACTIVITY_STREAMS + "receive", "received"),
    "reflected": (LEERRITME + "reflected", "reflected"),
    "adopted": (LEERRITME + "adopted", "adopted"),
}

ACTIVITY = "http://adlnet.gov/expapi/activities/"
# learning kind -> (verb, activity type)
KINDS = {
    LearningKind.SKILL_GROWN: ("progressed", VOCABULARY + "activity-types/skill"),
    LearningKind.SKILL_TAUGHT: ("mentored", VOCABULARY + "activity-types/skill"),
    LearningKind.COURSE_COMPLETED: ("completed", ACTIVITY + "course"),
    LearningKind.SESSION_ATTENDED: ("attended", ACTIVITY + "meeting"),
    LearningKind.SESSION_GIVEN: ("presented", ACTIVITY + "meeting"),
    LearningKind.REFLECTION_HELD: ("reflected", VOCABULARY + "activity-types/reflection"),
    LearningKind.ARTICLE_WRITTEN: ("authored", ACTIVITY_STREAMS + "article"),
    LearningKind.LESSON_SHARED: ("shared", VOCABULARY + "activity-types/lesson-learned"),
    LearningKind.COACHING_MEETING: ("attended", ACTIVITY + "meeting"),
    LearningKind.COACHING_GOAL_REACHED: ("completed", ACTIVITY + "objective"),
    LearningKind.LEARNING_TIME: ("experienced", VOCABULARY + "activity-types/learning-time"),
    LearningKind.PATH_COMPLETED: ("completed", VOCABULARY + "activity-types/learning-path"),
    LearningKind.PEER_MEETING: ("attended", ACTIVITY + "meeting"),
    LearningKind.ACTION_DONE: ("completed", VOCABULARY + "activity-types/improvement-action"),
    LearningKind.EXPERIMENT_CONCLUDED: ("completed", VOCABULARY + "activity-types/experiment"),
    LearningKind.IDEA_ADOPTED: ("adopted", VOCABULARY + "activity-types/improvement-idea"),
    LearningKind.KUDOS_RECEIVED: ("received", VOCABULARY + "activity-types/kudos"),
    LearningKind.BADGE_EARNED: ("earned", ACTIVITY_STREAMS + "badge"),
    LearningKind.CHALLENGE_COMPLETED: ("completed", VOCABULARY + "activity-types/challenge"),
    LearningKind.OUTSIDE_LEARNING: ("experienced", VOCABULARY + "activity-types/outside-learning"),
    LearningKind.OTHER: ("experienced", VOCABULARY + "activity-types/learning"),
}



def authority() -> dict:
    return {"objectType": "Agent", "name": "Leerritme",
            "account": {"homePage": settings.SITE_URL + "/", "name": "leerritme"}}


def statement_id_for(event) -> str:
    return str(uuid.uuid5(NAMESPACE, str(event.uuid)))


def person_agent(account_name: str) -> dict:
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL + "/", "name": account_name}}


def accounts_for(organisation_id: int, person_ids: set[int]) -> dict[int, str]:
    """The opaque account names of these people, creating the missing ones (two or three queries)."""
    found = dict(PersonAccount.objects.filter(person_id__in=person_ids).values_list("person_id", "name"))
    missing = [PersonAccount(organisation_id=organisation_id, person_id=person_id)
               for person_id in person_ids if person_id not in found]
    if missing:
        PersonAccount.objects.bulk_create(missing, ignore_conflicts=True)
        found = dict(PersonAccount.objects.filter(person_id__in=person_ids).values_list("person_id", "name"))
    return found


def statement_for(event, account_name: str, language: str) -> dict:
    verb_name, activity_type = KINDS.get(event.kind, KINDS[LearningKind.OTHER])
    verb_id, verb_display = VERBS[verb_name]
    if event.content_type_id and event.object_id:
        activity_id = f"{settings.SITE_URL}/xapi/activities/{event.content_type_id}/{event.object_id}"
    else:
        activity_id = f"{settings.SITE_URL}/xapi/activities/learning-event/{event.uuid}"
    statement = {
        "id": statement_id_for(event),
        "actor": person_agent(account_name),
        "verb": {"id": verb_id, "display": {"en-US": verb_display}},
        "object": {"objectType": "Activity", "id": activity_id,
                   "definition": {"name": {language: event.title}, "type": activity_type}},
        "timestamp": format_time(event.occurred_at),
        "context": {"platform": "Leerritme", "language": language,
                    "extensions": {VOCABULARY + "extensions/learning-kind": event.kind}},
    }
    if event.minutes:
        statement["result"] = {"duration": f"PT{event.minutes}M"}
    return statement


@on_learning_recorded
def mirror_recorded(events) -> None:
    shared = [event for event in events if event.visibility != Visibility.PRIVATE]
    by_org = defaultdict(list)
    for event in shared:
        by_org[event.organisation_id].append(event)
    for organisation_id, items in by_org.items():
        with scope(organisation=organisation_id):
            accounts = accounts_for(organisation_id, {event.person_id for event in items})
            language = _language(items[0])
            statements = [statement_for(event, accounts[event.person_id], language) for event in items]
            for start in range(0, len(statements), MAX_BATCH):
                statements_store(organisation_id=organisation_id, statements=statements[start:start + MAX_BATCH],
                                 client=None, authority=authority())


@on_learning_removed
def mirror_removed(events) -> None:
    by_org = defaultdict(list)
    for event in events:
        if event.visibility != Visibility.PRIVATE:
            by_org[event.organisation_id].append(statement_id_for(event))
    for organisation_id, ids in by_org.items():
        with scope(organisation=organisation_id):
            statements_void(organisation_id=organisation_id, statement_ids=ids, authority=authority())


def _language(event) -> str:
    organisation = getattr(event.person, "organisation", None) if hasattr(event, "person") else None
    code = getattr(organisation, "default_language", None) or settings.LANGUAGE_CODE
    return {"nl": "nl-NL", "en": "en-GB"}.get(code, code)
