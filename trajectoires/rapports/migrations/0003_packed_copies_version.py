# Issue 16: the packed copies carry the version of their format (blocs.FORMAT_VERSION,
# evenements.FORMAT_VERSION). The copies written before this migration get version 0, a
# version no code packs: each structure's copies are rebuilt by its first report (the lazy
# build of a structure never built), never read in a format the code does not know.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rapports', '0002_faits_blocs'),
    ]

    operations = [
        migrations.AddField(
            model_name='evenementsstructure',
            name='version',
            field=models.PositiveIntegerField(default=0, verbose_name='version du format'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='faitsstructure',
            name='version',
            field=models.PositiveIntegerField(default=0, verbose_name='version du format'),
            preserve_default=False,
        ),
    ]
