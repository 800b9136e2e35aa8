"""Write the import-linter contracts (`.importlinter`) from the list of apps.

    .venv/bin/python scripts/contracts.py          # rewrite .importlinter
    .venv/bin/python scripts/contracts.py --check  # exit 1 if it differs (the tests do this)

The contracts are not typed by hand: they follow from `FLOORS` (the apps,
bottom to top) and `APP_LAYERS` (the modules inside every app, top to
bottom). Adding an app means placing it on a floor here; adding a module
whose name is in no layer makes `lint-imports` fail until it is placed.
Decision 0023 explains the floors; tests/test_import_contracts.py proves
each kind of contract fails when broken.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "cellops"
CONFIG = ROOT / ".importlinter"

#: The floors, bottom to top: an app imports only apps on floors below its own.
#: Apps on one floor import none of each other.
FLOORS: list[list[str]] = [
    ["kernel"],  # violations, calendar: pure Python, used by all
    ["platform"],  # audit log, tokens, notifications
    ["web"],  # door helpers: problem+json, schemas, auth, CLI helpers, chart pieces
    ["org"],
    ["checklists"],
    ["time_off"],
    ["sales"],
    ["sprints"],
    ["rituals"],  # SP-13 to SP-16 (decision 0028): reads sprints, billing reads its SP-14 cap
    # trial reads the sprints of a newcomer for the reviewers (decision 0030)
    ["trial", "billing"],  # billing: worklogs, budgets (SP-7)
    # recruitment: hiring makes the member and their trial (decision 0031);
    # workflows: blog posts, pull requests, decisions, instance tests (WF-1…WF-5)
    ["recruitment", "workflows"],
    ["site"],  # home page, demo, `cellops import`, root URLs, the API assembly
]

#: Modules of the package that are not apps: they stand outside the floors.
NOT_APPS = ["settings", "cli", "wsgi", "formats"]

#: Libraries rather than apps: no doors, so no layers inside them.
LIBRARIES = ["kernel", "web"]

#: The layers inside every app, top to bottom; a module imports only layers below
#: its own, and the modules of one layer import none of each other. Every module
#: of an app must be named here (exhaustive), except tests and migrations.
APP_LAYERS: list[list[str]] = [
    ["apps", "root_urls"],  # start-up wiring and the root URL map
    ["urls", "api_v1"],  # URL maps: the pages' and the JSON API's
    ["views", "rest", "management", "admin", "tasks", "panels", "templatetags"],  # the doors
    ["forms", "charts", "chart", "extensions", "context", "demo", "backup"],  # what the doors use
    ["api"],  # use cases: the only way into an app
    ["rules", "models", "policy", "ical", "queue"],  # pure rules, thin models, codecs
    ["rubric", "handbook_examples"],  # what the rules read
    ["data"],  # plain values
]
NOT_LAYERED = ["tests", "migrations"]

#: Modules that import no Django (nor ninja, pydantic): what makes rules fast to test.
PURE = [
    "cellops.kernel",
    "cellops.*.rules",
    "cellops.*.data",
    "cellops.*.charts",
    "cellops.*.chart",
    "cellops.*.ical",
    "cellops.*.queue",
    "cellops.*.extensions",
    "cellops.org.policy",
]

#: Modules of an app that only the app itself may import.
OWN = ["models", "rules"]

#: Doors and what they use never touch models: they parse, call api, render.
DOORS = APP_LAYERS[1] + APP_LAYERS[2] + APP_LAYERS[3]
NOT_DOORS_FOR_MODELS = {"admin"}  # the back-office is the models' own door

TESTS = "cellops.*.tests"
IGNORE_TESTS = "cellops.*.tests.** -> cellops.**"


def apps() -> list[str]:
    return [app for floor in FLOORS for app in floor]


def _list(name: str, values: list[str]) -> str:
    return f"{name} =\n" + "".join(f"    {v}\n" for v in values)


def _layer(names: list[str], optional: bool = True) -> str:
    return " | ".join(f"({n})" if optional else n for n in names)


def _exists(app: str, module: str) -> bool:
    base = PACKAGE / app / module
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def contracts() -> list[tuple[str, dict[str, object]]]:
    """(id, options) of every contract, in the order lint-imports reports them."""
    everything = apps()
    found: list[tuple[str, dict[str, object]]] = [
        (
            "floors",
            {
                "name": "The apps stand on floors: each imports only the floors below it",
                "type": "layers",
                "containers": ["cellops"],
                "layers": [_layer(floor, optional=False) for floor in reversed(FLOORS)],
                "exhaustive": "true",
                "exhaustive_ignores": NOT_APPS,
                "ignore_imports": [IGNORE_TESTS],
            },
        ),
        (
            "acyclic",
            {
                "name": "No cycles between apps, nor between the modules of an app",
                "type": "acyclic_siblings",
                "ancestors": ["cellops"],
                "depth": "1",
                "skip_descendants": [TESTS, "cellops.*.migrations"],
                "ignore_imports": [IGNORE_TESTS],
            },
        ),
        (
            "pure",
            {
                "name": "Rules, data, charts, codecs and the kernel are pure Python: no Django",
                "type": "forbidden",
                "source_modules": PURE,
                "forbidden_modules": ["django", "ninja", "pydantic"],
            },
        ),
        (
            "private",
            {
                "name": "A module named _like_this is private to its package",
                "type": "private_modules",
                "packages_with_private_modules": ["cellops"],
            },
        ),
        (
            "doors",
            {
                "name": "Doors and what they use never touch models: they parse, call api, render",
                "type": "forbidden",
                "source_modules": [
                    f"cellops.*.{door}" for door in DOORS if door not in NOT_DOORS_FOR_MODELS
                ],
                "forbidden_modules": ["cellops.*.models"],
                "allow_indirect_imports": "true",
            },
        ),
    ]
    for app in everything:
        own = [f"cellops.{app}.{m}" for m in OWN if _exists(app, m)]
        if own:
            found.append(
                (
                    f"own-{app}",
                    {
                        "name": f"Only {app} imports {' and '.join(own)}: others use its api",
                        "type": "protected",
                        "protected_modules": own,
                        "allowed_importers": [f"cellops.{app}", TESTS],
                    },
                )
            )
        pure = [f"cellops.{app}.{m}" for m in ("rules", "data") if _exists(app, m)]
        if pure:
            found.append(
                (
                    f"alone-{app}",
                    {
                        "name": f"{' and '.join(pure)} import no other app (only the kernel)",
                        "type": "forbidden",
                        "source_modules": pure,
                        "forbidden_modules": [
                            f"cellops.{other}"
                            for other in everything
                            if other not in (app, "kernel")
                        ],
                    },
                )
            )
        if app not in LIBRARIES:
            found.append(
                (
                    f"layers-{app}",
                    {
                        "name": f"Inside {app}: doors, then api, then rules and models, then data",
                        "type": "layers",
                        "containers": [f"cellops.{app}"],
                        "layers": [_layer(layer) for layer in APP_LAYERS],
                        "exhaustive": "true",
                        "exhaustive_ignores": NOT_LAYERED,
                    },
                )
            )
    return found


def render() -> str:
    text = (
        "# Generated by scripts/contracts.py from its list of apps: do not edit, run it.\n"
        "[importlinter]\n"
        "root_package = cellops\n"
        "include_external_packages = true\n"
    )
    for cid, options in contracts():
        text += f"\n[importlinter:contract:{cid}]\n"
        for key, value in options.items():
            text += _list(key, value) if isinstance(value, list) else f"{key} = {value}\n"
    return text


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not CONFIG.exists() or CONFIG.read_text() != text:
            print(
                f"{CONFIG.name} is not what scripts/contracts.py generates: run it", file=sys.stderr
            )
            return 1
        return 0
    CONFIG.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
