"""The rituals' models (SP-13 to SP-16), taken over from sprints (decision 0028).

State only: the tables were made by `sprints.0002_sprint_rituals` and keep
their names (`db_table`), so no row is copied and none is lost;
`sprints.0005_rituals_move_to_their_app` forgets them on sprints' side. The
content types (and with them the admin permissions) follow the models.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["pollapproval", "retroitem", "retrospective", "socialchat", "firefighterweek"]
MOVED += ["videoupdate", "techtalk"]


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.using(schema_editor.connection.alias).filter(
        app_label=old, model__in=MOVED
    ).update(app_label=new)


def _content_types_to_rituals(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, "sprints", "rituals")


def _content_types_to_sprints(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, "rituals", "sprints")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        ("sprints", "0005_rituals_move_to_their_app"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="RetroItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("author", models.CharField(max_length=150)),
                (
                    "kind",
                    models.CharField(
                        choices=[("went well", "went well"), ("to improve", "to improve")],
                        max_length=20,
                    ),
                ),
                ("text", models.TextField()),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "sprint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="retro_items",
                        to="sprints.sprint",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_retroitem",
                "ordering": ["created", "id"],
            },
        ),
        migrations.CreateModel(
            name="PollApproval",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.member",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="approvals",
                        to="rituals.retroitem",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_pollapproval",
            },
        ),
        migrations.CreateModel(
            name="Retrospective",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("published_at", models.DateTimeField()),
                ("published_by", models.CharField(max_length=150)),
                (
                    "poll_open",
                    models.BooleanField(default=False, help_text="SP-13: more than two to improve"),
                ),
                (
                    "sprint",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="retrospective",
                        to="sprints.sprint",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_retrospective",
            },
        ),
        migrations.CreateModel(
            name="SocialChat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(max_length=200)),
                ("at", models.DateTimeField()),
                ("organiser", models.CharField(max_length=150)),
                (
                    "sprint",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="social_chat",
                        to="sprints.sprint",
                    ),
                ),
                (
                    "ticket",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="social_chat",
                        to="sprints.ticket",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_socialchat",
            },
        ),
        migrations.CreateModel(
            name="TechTalk",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("sprint_number", models.PositiveIntegerField()),
                ("day", models.DateField()),
                ("scheduled_by", models.CharField(max_length=150)),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "cell",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.cell"
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.member",
                    ),
                ),
                (
                    "ticket",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tech_talk",
                        to="sprints.ticket",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_techtalk",
                "ordering": ["day", "id"],
            },
        ),
        migrations.CreateModel(
            name="VideoUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(max_length=500)),
                ("posted_at", models.DateTimeField()),
                ("posted_by", models.CharField(max_length=150)),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.member",
                    ),
                ),
                (
                    "sprint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="video_updates",
                        to="sprints.sprint",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_videoupdate",
                "ordering": ["posted_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="FirefighterWeek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week_start", models.DateField(help_text="the Monday of the week")),
                (
                    "slot",
                    models.PositiveSmallIntegerField(help_text="1 or 2: two firefighters a week"),
                ),
                ("set_by", models.CharField(max_length=150)),
                (
                    "cell",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.cell"
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.member",
                    ),
                ),
            ],
            options={
                "db_table": "sprints_firefighterweek",
                "ordering": ["week_start", "slot"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cell", "week_start", "member"), name="firefighter_once_a_week"
                    ),
                    models.UniqueConstraint(
                        fields=("cell", "week_start", "slot"), name="firefighter_slot_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("slot__in", [1, 2])), name="firefighters_two_a_week"
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="retroitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["went well", "to improve"])),
                name="retro_item_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="pollapproval",
            constraint=models.UniqueConstraint(
                fields=("item", "member"), name="poll_approval_once"
            ),
        ),
        migrations.AddIndex(
            model_name="techtalk",
            index=models.Index(fields=["day"], name="sprints_tec_day_c0bfcf_idx"),
        ),
        migrations.AddConstraint(
            model_name="videoupdate",
            constraint=models.UniqueConstraint(
                fields=("sprint", "member"), name="video_update_once"
            ),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations, database_operations=[]
        ),
        migrations.RunPython(_content_types_to_rituals, _content_types_to_sprints),
    ]
