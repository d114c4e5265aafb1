"""Identified Groups in the actor and object columns get a marked key (`group|mbox:...`), so the agent filter
tells a Group from the Agent with the same identifier (Communication 2.1.3: equal only with the same
objectType). Only statements whose actor or object is a Group are read; the key is computed again from the
statement itself, so running this twice changes nothing."""

from django.db import migrations

from leerritme.xapi.keys import identity_key


def forwards(apps, schema_editor):
    Statement = apps.get_model("xapi", "Statement")
    for column, part in (("actor_key", "actor"), ("object_agent_key", "object")):
        groups = Statement.objects.filter(**{f"body__{part}__objectType": "Group", f"{column}__isnull": False})
        changed = []
        for statement in groups.only("pk", "body", column).iterator(chunk_size=1000):
            key = identity_key(statement.body[part]) or None
            if key != getattr(statement, column):
                setattr(statement, column, key)
                changed.append(statement)
            if len(changed) == 1000:
                Statement.objects.bulk_update(changed, [column])
                changed = []
        Statement.objects.bulk_update(changed, [column])


class Migration(migrations.Migration):
    dependencies = [("xapi", "0003_member_keys_for_stored_groups")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
