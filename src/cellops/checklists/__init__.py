"""Checklists: templates and runs (sprint SP-12, vacation TO-8, onboarding, instance tests)."""
