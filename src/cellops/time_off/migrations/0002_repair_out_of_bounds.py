"""Decision 0015: repair time-off rows an old import left out of bounds.

Before the import ran the booking checks, a calendar line could store hours
the column cannot hold (`available 100h`), hours at or above the member's
daily hours, or dates in year 1 or 9999. Each such row is cancelled (kept in
the history, counting no more), its impossible hours cleared and its dates
brought within 1970-01-01 … 2199-12-31; every repaired row is reported on
the migration's output. The bounds are written here as they were when this
migration was made, so later rule changes do not change what it did.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

import cellops.time_off.models

EARLIEST = "1970-01-01"
LATEST = "2199-12-31"
MOST_HOURS = Decimal("99.99")
STEP = Decimal("0.01")
REPAIRED_BY = "migration 0002"


def _hours_problem(kind, hours, daily):
    if hours is None:
        return None
    if not hours.is_finite() or hours != hours.quantize(STEP) or not 0 < hours <= MOST_HOURS:
        return f"hours {hours} do not fit"
    if kind == "reduced" and hours >= daily:
        return f"reduced hours {hours} are not below the daily {daily:g}"
    if kind == "scoped" and hours > daily:
        return f"scoped hours {hours} are above the daily {daily:g}"
    if kind in ("off", "sick"):
        return f"{kind} time off takes no hours"
    return None


def repair(apps, connection=None):
    """Cancel and mend the rows out of bounds; return one report line per row."""
    from datetime import date

    earliest, latest = date.fromisoformat(EARLIEST), date.fromisoformat(LATEST)
    request_model = apps.get_model("time_off", "TimeOffRequest")
    member_model = apps.get_model("org", "Member")
    daily = {
        pk: (Decimal(weekly) / len(days)) if days else Decimal(0)
        for pk, weekly, days in member_model.objects.values_list(
            "pk", "weekly_hours", "working_days"
        )
    }
    report = []
    now = timezone.now()
    for row in request_model.objects.order_by("pk"):
        problems = []
        hours = _hours_problem(row.kind, row.hours_per_day, daily.get(row.member_id, Decimal(0)))
        if hours:
            problems.append(hours)
            row.hours_per_day = None
        for name in ("start", "end"):
            day = getattr(row, name)
            if not earliest <= day <= latest:
                problems.append(f"{name} {day.isoformat()} is outside {EARLIEST} … {LATEST}")
                setattr(row, name, min(max(day, earliest), latest))
        if not problems:
            continue
        if row.status != "cancelled":
            row.status = "cancelled"
            row.cancelled_at = now
            row.cancelled_by = REPAIRED_BY
        row.save()
        report.append({"id": row.pk, "problems": problems})
    return report


def forwards(apps, schema_editor):
    for line in repair(apps, schema_editor.connection):
        print(f"  time off {line['id']} cancelled: " + "; ".join(line["problems"]))


class Migration(migrations.Migration):
    dependencies = [("time_off", "0001_initial"), ("org", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="timeoffrequest",
            name="hours_per_day",
            field=cellops.time_off.models.HoursField(
                blank=True, decimal_places=2, max_digits=4, null=True
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
