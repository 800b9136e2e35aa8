"""The bare SQL that computes the same figures as the dashboard and the budgets.

It is the yardstick: the application's answer may take at most twice as
long as these aggregates over the raw rows (issue #13). Capacity's
availability is, per member, the daily hours of each working day of the
sprint from their start date on, less the days their time off (not
cancelled) removes or reduces, less the planning reserve — as SP-6 says and
the application computes it. The bench checks that both give the same
figures before it times them. The application reads budgets from the
monthly totals it keeps on every worklog write, so it does not scan the
worklogs.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection

from cellops.org import api as org_api

CAPACITY = """
WITH t AS (
  SELECT tk.assignee_id, tk.reviewer_id, tk.remaining_hours, tk.review_hours, tk.story_points
  FROM sprints_ticket tk JOIN sprints_sprint s ON s.id = tk.sprint_id JOIN org_cell c ON c.id = s.cell_id
  WHERE c.name = %(cell)s AND s.number = %(number)s AND NOT tk.stretch
),
a AS (SELECT assignee_id AS m, SUM(COALESCE(remaining_hours, 0)) AS h FROM t GROUP BY 1),
r AS (SELECT reviewer_id AS m, SUM(COALESCE(review_hours, CASE
        WHEN story_points IS NULL THEN 2 WHEN story_points <= 1 THEN 0.5 WHEN story_points = 2 THEN 1
        WHEN story_points = 3 THEN 2 WHEN story_points = 5 THEN 3 ELSE 5 END)) AS h FROM t GROUP BY 1),
e AS (SELECT owner_id AS m, 2 * COUNT(*) AS h FROM org_epic WHERE status = 'In progress' GROUP BY 1),
o AS (
  SELECT o.member_id, o.start, o."end", o.kind, o.hours_per_day
  FROM time_off_timeoffrequest o JOIN org_member mem ON mem.id = o.member_id
  JOIN org_cell c ON c.id = mem.cell_id
  WHERE c.name = %(cell)s AND o.status <> 'cancelled' AND o.start <= %(end)s AND o."end" >= %(start)s
),
d AS (
  SELECT mem.id AS m, day::date AS day, mem.weekly_hours / jsonb_array_length(mem.working_days) AS daily
  FROM org_member mem JOIN org_cell c ON c.id = mem.cell_id
  CROSS JOIN generate_series(%(start)s::date, %(end)s::date, interval '1 day') AS day
  WHERE c.name = %(cell)s AND mem.working_days @> to_jsonb(extract(isodow FROM day)::int - 1)
    AND (mem.start_date IS NULL OR day >= mem.start_date)
),
h AS (
  SELECT d.m, MIN(CASE WHEN o.m IS NULL THEN d.daily WHEN o.kind IN ('off', 'sick') THEN 0
                       ELSE LEAST(COALESCE(o.hours_per_day, d.daily), d.daily) END) AS h
  FROM d LEFT JOIN (SELECT member_id AS m, start, "end", kind, hours_per_day FROM o) o
    ON o.m = d.m AND d.day BETWEEN o.start AND o."end"
  GROUP BY d.m, d.day
),
v AS (SELECT m, SUM(h) AS h FROM h GROUP BY m)
SELECT u.username,
       GREATEST(COALESCE(v.h, 0) - 2, 0) AS available,
       COALESCE(a.h, 0) + COALESCE(r.h, 0) + COALESCE(e.h, 0) AS committed,
       (SELECT array_agg(key) FROM sprints_ticket tk JOIN sprints_sprint s ON s.id = tk.sprint_id
         WHERE s.cell_id = c.id AND s.number = %(number)s AND tk.assignee_id = mem.id
           AND tk.story_points IS NULL) AS unestimated
FROM org_member mem JOIN org_cell c ON c.id = mem.cell_id JOIN auth_user u ON u.id = mem.user_id
LEFT JOIN a ON a.m = mem.id LEFT JOIN r ON r.m = mem.id LEFT JOIN e ON e.m = mem.id
LEFT JOIN v ON v.m = mem.id
WHERE c.name = %(cell)s AND mem.status IN ('core', 'newcomer')
"""

BUDGETS = """
SELECT acc.name, acc.monthly_budget_hours, COALESCE(l.h, 0), COALESCE(p.h, 0)
FROM org_account acc
LEFT JOIN (SELECT tk.account_id, SUM(w.hours) AS h FROM billing_worklog w
           JOIN sprints_ticket tk ON tk.id = w.ticket_id
           WHERE w.date BETWEEN %(first)s AND %(last)s GROUP BY 1) l ON l.account_id = acc.id
LEFT JOIN (SELECT tk.account_id, SUM(tk.remaining_hours) AS h FROM sprints_ticket tk
           JOIN sprints_sprint s ON s.id = tk.sprint_id
           WHERE tk.status <> 'Done' AND NOT tk.stretch AND s.number = ANY(%(month_sprints)s)
           GROUP BY 1) p ON p.account_id = acc.id
WHERE acc.monthly_budget_hours IS NOT NULL
"""

EPICS = """
SELECT ep.key, ep.budget_hours, COALESCE(l.h, 0), COALESCE(p.h, 0)
FROM org_epic ep
LEFT JOIN (SELECT tk.epic_id, SUM(w.hours) AS h FROM billing_worklog w
           JOIN sprints_ticket tk ON tk.id = w.ticket_id GROUP BY 1) l ON l.epic_id = ep.id
LEFT JOIN (SELECT tk.epic_id, SUM(tk.remaining_hours) AS h FROM sprints_ticket tk
           JOIN sprints_sprint s ON s.id = tk.sprint_id
           WHERE tk.status <> 'Done' AND NOT tk.stretch AND s.number = ANY(%(near)s)
           GROUP BY 1) p ON p.epic_id = ep.id
WHERE ep.budget_hours IS NOT NULL
"""


def capacity(cell: str, number: int) -> list[tuple]:
    sprint = org_api.sprint_calendar().sprint(number)
    with connection.cursor() as cursor:
        cursor.execute(
            CAPACITY, {"cell": cell, "number": number, "start": sprint.start, "end": sprint.end}
        )
        return cursor.fetchall()


def budgets(today: date) -> list[tuple]:
    first = today.replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    calendar = org_api.sprint_calendar()
    current = calendar.for_date(today).number
    month_sprints = [
        n for n in range(current - 3, current + 4) if first <= calendar.sprint(n).start <= last
    ]
    with connection.cursor() as cursor:
        cursor.execute(BUDGETS, {"first": first, "last": last, "month_sprints": month_sprints})
        accounts = cursor.fetchall()
        cursor.execute(EPICS, {"near": [current, current + 1]})
        return accounts + cursor.fetchall()
