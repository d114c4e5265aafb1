from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('xapi', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='statementkey',
            name='kind',
            field=models.CharField(choices=[('g', 'agent'), ('c', 'activity'), ('m', 'group member')], max_length=1),
        ),
    ]
