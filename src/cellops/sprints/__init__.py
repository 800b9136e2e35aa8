"""Sprints (SP-1 to SP-16): tickets, estimation, capacity, budgets, start and completion.

`data` holds the plain values and the `SprintPolicy`; `rules` the handbook's
sprint rules as pure functions (no Django), each named by its RULES.md ID.
"""
