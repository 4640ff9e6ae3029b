"""django-auditlog's own migrations create `auditlog_logentry` even though its model is swapped
for `rgpd.AuditEntry` (AUDITLOG_LOGENTRY_MODEL). The table stays empty, and Django's flush (used
by transactional tests) does not know it: on PostgreSQL its foreign key to `django_content_type`
then forbids the TRUNCATE. It is dropped. django-auditlog is pinned (3.4.1, last migration
0017); an upgrade bringing new migrations on that table must revisit this."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rgpd", "0002_anonymisation"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS auditlog_logentry", reverse_sql=migrations.RunSQL.noop),
    ]
