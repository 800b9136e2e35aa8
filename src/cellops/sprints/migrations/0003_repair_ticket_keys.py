"""Repair ticket keys that are not of the WF-2 shape before the database enforces it (0004).

A key that only needs trimming and upper-casing (``lynx-3``) gets that, when
it is free; any other (``LYNX-²``, ``EVIL/1``) takes its cell's next free
number (``LYNX-8``). Worklogs, comments, votes and spillover follow the ticket
(they point at its row, not its key). Each repair is kept in the ticket's
history and the audit log with the old key, and printed as a report, so
whoever named the ticket by its old key can find it again.
"""

from django.db import migrations

from cellops.sprints import rules

ACTOR = "system"


def repair_keys(apps, schema_editor):
    Ticket = apps.get_model("sprints", "Ticket")
    TicketChange = apps.get_model("sprints", "TicketChange")
    AuditEntry = apps.get_model("core", "AuditEntry")
    rows = list(Ticket.objects.select_related("cell").order_by("id"))
    odd = [row for row in rows if not rules.is_ticket_key(row.key)]
    new_keys = rules.repaired_keys(
        [(row.key, rules.key_prefix(row.cell.name)) for row in odd], [row.key for row in rows]
    )
    # Out of the way first, so a repair may take a key another odd row gives up.
    for row in odd:
        Ticket.objects.filter(pk=row.pk).update(key=f"#{row.pk}")
    for row in odd:
        old, new = row.key, new_keys[row.key]
        Ticket.objects.filter(pk=row.pk).update(key=new)
        TicketChange.objects.create(ticket_id=row.pk, actor=ACTOR, changes={"key": [old, new]})
        AuditEntry.objects.create(
            actor=ACTOR,
            action="ticket.rekey",
            object_type="ticket",
            object_id=new,
            changes={"key": [old, new], "reason": "WF-2: not a ticket key"},
        )
        print(f"\n  WF-2: ticket {old!r} of {row.cell.name} is now {new}", end="")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("sprints", "0002_sprint_rituals"),
    ]

    operations = [migrations.RunPython(repair_keys, migrations.RunPython.noop, elidable=False)]
