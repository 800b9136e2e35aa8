"""JSON door of sprints (API.md § Sprints): parse, call api, render.

A package of one module per area, each adding its endpoints to one `router`
(`_common`). Importing them in the order below registers the endpoints in
the order of the published schema's paths (`ticket_import` first: its
``/tickets/import`` must come before ``/tickets/{key}``) (the rituals' endpoints, once
between planning and comments, are `cellops.rituals.rest`'s since decision 0028); an
endpoint's operation id is its view function's verb name (`site.api_v1.operation_id`,
decision 0043).
"""

# isort: off
from cellops.sprints.rest._common import router
from cellops.sprints.rest import ticket_import, tickets, planning, comments, spillover

# isort: on

__all__ = ["comments", "planning", "router", "spillover", "ticket_import", "tickets"]
