"""A fresh database starts with the handbook's checklist templates (SP-12, TO-8).

Uses the historical models, so later changes to the tables cannot break this
step; the templates themselves are the policy data in `checklists.data`.
`cellops.checklists.api.seed_default_templates` does the same at run time
(idempotent: templates already there are left alone).
"""

from django.db import migrations


def seed(apps, schema_editor):
    from cellops.checklists.data import DEFAULT_POLICY

    template_model = apps.get_model("checklists", "ChecklistTemplate")
    item_model = apps.get_model("checklists", "TemplateItem")
    audit_model = apps.get_model("core", "AuditEntry")
    existing = set(template_model.objects.values_list("key", flat=True))
    for template in DEFAULT_POLICY.templates:
        if template.key in existing or template.cell is not None:
            continue
        row = template_model.objects.create(
            key=template.key,
            title=template.title,
            kind=template.kind.value,
            role=template.role,
            backup_of_role=template.backup_of_role,
        )
        item_model.objects.bulk_create(
            item_model(template=row, position=n, text=i.text, due_day=i.due_day, role=i.role)
            for n, i in enumerate(template.items)
        )
        audit_model.objects.create(
            actor="system",
            action="checklists.template_seed",
            object_type="checklist_template",
            object_id=template.key,
            changes={"kind": template.kind.value, "items": len(template.items)},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
