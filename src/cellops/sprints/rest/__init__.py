"""JSON door of sprints (`rituals`, until the split into one module per area)."""

from cellops.sprints.rest.rituals import router

__all__ = ["router"]
