"""Use cases of sprints (`tickets`, until the split into one module per area)."""

from cellops.sprints.api.tickets import *  # noqa: F403
