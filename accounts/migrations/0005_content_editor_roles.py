# Roles of the public education CMS (awareness/): content editor and content publisher.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_finance_officer_role'),
    ]

    operations = [
        migrations.AlterField(
            model_name='staffrole',
            name='role',
            field=models.CharField(choices=[('intake_officer', 'Intake officer'), ('call_taker', 'Call-taker'), ('analyst', 'Analyst'), ('supervisor', 'Supervisor'), ('custodian', 'Custodian'), ('auditor', 'Auditor'), ('reward_officer', 'Reward officer'), ('finance_officer', 'Finance officer'), ('admin', 'Administrator'), ('editor', 'Content editor'), ('publisher', 'Content publisher')], max_length=20),
        ),
    ]
