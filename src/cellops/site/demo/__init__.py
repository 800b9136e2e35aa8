"""The demo organisation: a realistic small agency for `make run` and the screenshots.

Three dev cells and a business cell, 26 members covering every ORG-3 role (two
newcomers mid-trial with mentors, two members sharing a first name), five
clients with accounts and monthly budgets, internal accounts, epics with
owners and reviewers, and the handbook's three leads. Everything goes through
each app's `api`, so the demo obeys the same rules as real data. Loading it
twice changes nothing.
"""

from __future__ import annotations

from datetime import date

from cellops.site.demo.billing import load_invoices
from cellops.site.demo.logins import set_demo_passwords
from cellops.site.demo.people import NEWCOMERS, PEOPLE, load_people
from cellops.site.demo.recruitment import load_round
from cellops.site.demo.sales import load_leads, load_pipeline
from cellops.site.demo.sprints import load_sprints_season
from cellops.site.demo.time_off import load_time_off_season
from cellops.site.demo.trial import load_reviews
from cellops.site.demo.workflows import load_workflows

__all__ = ["load"]


def load(today: date | None = None) -> dict[str, int]:
    """Load the demo organisation; objects that already exist are left as they are."""
    today = today or date.today()
    made = {
        "cells": 0,
        "members": 0,
        "roles": 0,
        "clients": 0,
        "accounts": 0,
        "epics": 0,
        "leads": 0,
        "invoices": 0,
        "time_off": 0,
        "refused_time_off": 0,
    }
    load_people(today, made)
    load_leads(made)
    load_pipeline(today, made)
    load_time_off_season(today, made)
    load_sprints_season(today, made)
    load_reviews(today, made)
    load_round(today, made)
    load_invoices(today, made)
    load_workflows(today, made)
    usernames = [person[0] for person in PEOPLE] + [person[0] for person in NEWCOMERS]
    if set_demo_passwords(usernames):
        made["logins"] = len(usernames)
    return made
