"""Pages of sprints: the index, the board (SP-9, SP-11), estimation (SP-3) and the
planning dashboard (SP-5, SP-6, SP-7, SP-10).

Each view parses a form, calls `sprints.api`, renders. Every page works
without JavaScript: buttons are forms that post and come back to the page.
On the board, each card's "Move…" link opens a form of its own (`move_form`); with
JavaScript (sprints/board.js) cards move by drag and drop or from the keyboard through
one shared menu, htmx swaps the board region only, and a polite live region says what
happened ("FALC-3 moved to Under review").

A package of one module per page; this module re-exports the views `urls.py` names.
"""

from cellops.sprints.views.board_page import board, index, move, move_form
from cellops.sprints.views.planning_pages import (
    complete,
    estimation,
    estimation_close,
    estimation_open,
    planning,
    spillover_reason,
    start,
)
from cellops.sprints.views.planning_parts import planning_burn, planning_how
from cellops.sprints.views.ticket_pages import (
    ticket,
    ticket_comment,
    ticket_edit,
    ticket_new,
    ticket_remaining,
    ticket_worklog,
)

__all__ = [
    "board",
    "complete",
    "estimation",
    "estimation_close",
    "estimation_open",
    "index",
    "move",
    "move_form",
    "planning",
    "planning_burn",
    "planning_how",
    "spillover_reason",
    "start",
    "ticket",
    "ticket_comment",
    "ticket_edit",
    "ticket_new",
    "ticket_remaining",
    "ticket_worklog",
]
