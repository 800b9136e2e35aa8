"""Pages of sprints (`planning_pages`, until the split into one module per page)."""

from cellops.sprints.views.planning_pages import *  # noqa: F403
