"""Turn on edx-completion's tracking switch, as a WikiLearn operator does in the LMS."""
from django.db import migrations

SWITCH = "completion.enable_completion_tracking"


def enable(apps, schema_editor):
    Switch = apps.get_model("waffle", "Switch")
    Switch.objects.update_or_create(name=SWITCH, defaults={"active": True, "note": "orglab devsite"})


def disable(apps, schema_editor):
    apps.get_model("waffle", "Switch").objects.filter(name=SWITCH).delete()


class Migration(migrations.Migration):
    dependencies = [("waffle", "0004_update_everyone_nullbooleanfield")]
    operations = [migrations.RunPython(enable, disable)]
