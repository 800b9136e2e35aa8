"""The rituals' models (SP-13 to SP-16) leave sprints for `cellops.rituals` (decision 0028).

State only: Django forgets them here and `rituals.0001_initial` takes them up
with the same tables (`db_table`), so no table, row, constraint or index of
the database changes.
"""

from django.db import migrations

MOVED = ["PollApproval", "RetroItem", "Retrospective", "SocialChat", "FirefighterWeek"]
MOVED += ["VideoUpdate", "TechTalk"]


class Migration(migrations.Migration):
    dependencies = [
        ("sprints", "0004_ticket_key_grammar"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
