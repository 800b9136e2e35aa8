"""Sprint rules (`tickets`, until the split into one module per area)."""

from cellops.sprints.rules.tickets import *  # noqa: F403
