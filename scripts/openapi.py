"""Print the JSON API's OpenAPI schema (keys sorted) to compare two trees.

    .venv/bin/python scripts/openapi.py > after.json   # then diff it with the other tree's

It asks the root URL map for /api/v1/openapi.json, so it runs unchanged
before and after a move of modules; decision 0023 used it to show the core
split and the budgets move left the published schema identical.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cellops.settings")


def main() -> None:
    import django

    django.setup()
    from django.test import RequestFactory
    from django.urls import resolve

    match = resolve("/api/v1/openapi.json")
    response = match.func(RequestFactory().get("/api/v1/openapi.json"), **match.kwargs)
    print(json.dumps(json.loads(response.content), sort_keys=True, indent=1))


if __name__ == "__main__":
    main()
