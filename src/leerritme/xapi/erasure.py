"""Erasure: when a person is erased, their statements and documents leave the store.

xAPI has no delete, so this happens outside the API, through the erasure seam (`people.erasure`), in the
erasure transaction. Purged: every statement that names the person anywhere (actor, object, instructor, team
member, ... by their opaque Leerritme account or by their e-mail, as mbox or mbox_sha1sum), the voiding
statements that point at those, the state and agent-profile documents kept under those identifiers, and the
opaque account itself. The seam logs the total; the details go to this module's logger.
"""

import logging

from django.db.models import Q

from leerritme.people.erasure import register_erasure_handler
from leerritme.xapi import keys as xkeys
from leerritme.xapi.models import Document, KeyKind, PersonAccount, Statement, StatementKey

logger = logging.getLogger(__name__)


def person_keys(person) -> list[str]:
    found = xkeys.email_keys(person.user.email) if person.user.email else []
    account = PersonAccount.objects.filter(person=person).first()
    if account is not None:
        from leerritme.xapi.mirror import person_agent

        found.append(xkeys.agent_key(person_agent(account.name)))
    return found


@register_erasure_handler("xapi.statements")
def purge_person(person) -> int:
    keys = person_keys(person)
    organisation_id = person.organisation_id
    if not keys:
        return 0
    mentioned = StatementKey.objects.filter(organisation_id=organisation_id, kind__in=(KeyKind.AGENT, KeyKind.MEMBER),
                                            key__in=keys)
    # A Group identified by the person's address or account names them too (its column key is marked).
    columns = [*keys, *(xkeys.as_group(key) for key in keys)]
    statements = Statement.objects.filter(organisation_id=organisation_id).filter(
        Q(actor_key__in=columns) | Q(object_agent_key__in=columns)
        | Q(statement_id__in=mentioned.values("statement_uuid")))
    statement_ids = list(statements.values_list("statement_id", flat=True))
    purged = 0
    for start in range(0, len(statement_ids), 1000):
        chunk = statement_ids[start:start + 1000]
        rows = Statement.objects.filter(organisation_id=organisation_id).filter(
            Q(statement_id__in=chunk) | Q(ref_id__in=chunk))
        purged += rows.delete()[0]
    # The person's keys beside other statements' rows (a key row of a purged statement that names someone
    # else, or an activity, is no personal data of this person and matches nothing any more).
    mentioned.delete()
    documents = Document.objects.filter(organisation_id=organisation_id, agent_key__in=keys).delete()[0]
    accounts = PersonAccount.objects.filter(person=person).delete()[0]
    logger.info("xAPI erasure in organisation %s: %s statements and %s documents purged for person %s",
                organisation_id, purged, documents, person.pk)
    return purged + documents + accounts
