"""Issue #10: databases made before the newcomer's onboarding template get it too.

The same idempotent step as 0002 (templates already there are left alone): a fresh
database already has it from 0002, which seeds every template of `checklists.data`.
"""

import importlib

from django.db import migrations


def seed(apps, schema_editor):
    importlib.import_module("cellops.checklists.migrations.0002_seed_default_templates").seed(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("checklists", "0003_item_results_and_sections")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
