"""Doors pass the actor and never check permissions themselves (issue #8, decision 0045).

A door is a page or an endpoint module: `views.py`, `rest.py`, or a module of a `views/`
or `rest/` package under src/cellops. It makes the actor (`org_api.actor_for`) and calls a
use case, which authorises through `org.policy`. This test reads every door's source and
fails when one asks the policy itself: `org.api.require`/`require_in_cell`/`can`/
`can_in_cell`/`check`/`check_in_cell`/`editor`, or anything of `cellops.org.policy` other
than naming a `Permission`.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "cellops"

#: The policy checks a door must leave to the use case.
CHECKS = frozenset(
    {"require", "require_in_cell", "can", "can_in_cell", "check", "check_in_cell", "editor"}
)

#: Doors allowed to ask, with why. `site/context.py` is not a door module by name (it is a
#: context processor) and asks `can` only to decide which navigation links to show: that is
#: presentation, and the pages behind the links check again.
ALLOWED: dict[str, str] = {}


def _doors() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts
        and (path.name in {"views.py", "rest.py"} or path.parent.name in {"views", "rest"})
    )


def asked(source: str) -> list[str]:
    """Where `source` asks the permission policy itself, as 'line: what'."""
    tree = ast.parse(source)
    org_apis: set[str] = set()
    policies: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "cellops.org" and alias.name == "api":
                    org_apis.add(local)
                elif node.module == "cellops.org" and alias.name == "policy":
                    policies.add(local)
                elif node.module == "cellops.org.api" and alias.name in CHECKS:
                    found.append(f"{node.lineno}: imports {alias.name} from cellops.org.api")
                elif node.module == "cellops.org.policy" and alias.name != "Permission":
                    found.append(f"{node.lineno}: imports {alias.name} from cellops.org.policy")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("cellops.org.policy"):
                    found.append(f"{node.lineno}: imports {alias.name}")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            continue
        name, attr = node.value.id, node.attr
        if (name in org_apis and attr in CHECKS) or (name in policies and attr != "Permission"):
            found.append(f"{node.lineno}: {name}.{attr}")
    return sorted(found)


def test_the_scan_finds_a_door_that_asks_the_policy():
    source = (
        "from cellops.org import api as org_api\n"
        "from cellops.org import policy\n"
        "from cellops.org.policy import allows\n"
        "def view(request):\n"
        "    org_api.require(request.user, 'x')\n"
        "    org_api.can_in_cell(request.user, 'x', 'Lynx')\n"
        "    policy.allows(None, 'x')\n"
        "    return org_api.actor_for(request.user)\n"
    )
    assert asked(source) == [
        "3: imports allows from cellops.org.policy",
        "5: org_api.require",
        "6: org_api.can_in_cell",
        "7: policy.allows",
    ]


def test_the_scan_sees_every_door():
    doors = {str(path.relative_to(SRC)) for path in _doors()}
    assert {
        "org/views.py",
        "org/rest.py",
        "sprints/views/_common.py",
        "sprints/rest/_common.py",
        "sales/rest/meetings.py",
        "site/views.py",
    } <= doors


def test_doors_pass_the_actor_and_never_check_permissions_themselves():
    asking = {
        str(path.relative_to(SRC)): asked(path.read_text())
        for path in _doors()
        if str(path.relative_to(SRC)) not in ALLOWED
    }
    assert {door: lines for door, lines in asking.items() if lines} == {}
