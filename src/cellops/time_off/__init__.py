"""Time off by the handbook (TO-1 … TO-9): kinds, length, notice, the same-day cap, events.

The pure rules live in `rules.py` and the plain values they take and return
in `data.py`; neither imports Django, so they are tested without a database.
"""
