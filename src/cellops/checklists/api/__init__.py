"""Use cases of checklists: the only door into `cellops.checklists`.

Sprint checklists (SP-12) are made when a sprint starts, vacation
checklists (TO-8) when time off is confirmed; the apps that start sprints
and confirm time off call `ensure_sprint_runs` and `ensure_vacation_runs`.
Both may be called any number of times: a run is unique per (template,
member, subject), so a second call — even one racing the first — finds the
runs already made and creates nothing. People tick the items of their own
runs; sprint planning managers and administrators may tick anyone's.

A package of one module per area; this module only re-exports their public
names, so callers keep `from cellops.checklists import api`:

- `runs`: reading runs and templates, making sprint (SP-12) and vacation (TO-8) runs;
- `ticking`: ticking items, recording results, runs that gate a step (decision 0038);
- `templates`: storing and seeding templates;
- `home`: the home page's needs.
"""

from cellops.checklists.api._common import KNOWN_ROLES
from cellops.checklists.api.home import NEEDS_HORIZON_DAYS, needs_of
from cellops.checklists.api.runs import (
    ensure_sprint_runs,
    ensure_vacation_runs,
    run,
    runs_of,
    template,
    templates,
)
from cellops.checklists.api.templates import create_template, seed_default_templates
from cellops.checklists.api.ticking import (
    gaps_of,
    gate_gaps,
    record_result,
    require_complete,
    run_for,
    start_run,
    tick,
)

__all__ = [
    "KNOWN_ROLES",
    "NEEDS_HORIZON_DAYS",
    "create_template",
    "ensure_sprint_runs",
    "ensure_vacation_runs",
    "gaps_of",
    "gate_gaps",
    "needs_of",
    "record_result",
    "require_complete",
    "run",
    "run_for",
    "runs_of",
    "seed_default_templates",
    "start_run",
    "template",
    "templates",
    "tick",
]
