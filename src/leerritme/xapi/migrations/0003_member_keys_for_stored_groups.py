"""Member key rows for statements stored before 0002: their Group actor's or object's members were kept as
related-agent rows (kind "g"), so the plain agent filter, which now reads member rows (kind "m"), would
miss them. Each such statement gets its member rows, and the related-agent rows for the same people go.
Only statements whose actor or object is a Group are read."""

from django.db import migrations
from django.db.models import Q

from leerritme.xapi.keys import member_keys


def forwards(apps, schema_editor):
    Statement = apps.get_model("xapi", "Statement")
    StatementKey = apps.get_model("xapi", "StatementKey")
    grouped = Statement.objects.filter(Q(body__actor__objectType="Group") | Q(body__object__objectType="Group"))
    for statement in grouped.only("organisation", "statement_id", "body", "stored").iterator(chunk_size=1000):
        members = member_keys(statement.body)
        if not members:
            continue
        rows = StatementKey.objects.filter(organisation_id=statement.organisation_id,
                                           statement_uuid=statement.statement_id)
        have = set(rows.filter(kind="m").values_list("key", flat=True))
        rows.filter(kind="g", key__in=members).delete()
        StatementKey.objects.bulk_create([
            StatementKey(organisation_id=statement.organisation_id, statement_uuid=statement.statement_id, kind="m",
                         key=key, stored=statement.stored)
            for key in sorted(members - have)
        ])


class Migration(migrations.Migration):
    dependencies = [("xapi", "0002_statementkey_member_kind")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
