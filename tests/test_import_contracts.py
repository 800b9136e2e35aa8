"""The import contracts bite: each forbidden import, injected into a copy of the tree, breaks
the contract meant to stop it (issue #8, decision 0023).

The first six are the imports the issue's filer added on a copy while all the
hand-typed contracts stayed green; the others break the remaining kinds of
contract (a cycle between apps, api importing tasks, Django in a rule, a
private module, a module in no layer). Each runs `lint-imports` on its own
copy of src/ with the committed `.importlinter`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _generator():
    spec = importlib.util.spec_from_file_location("contracts", ROOT / "scripts" / "contracts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contracts = _generator()
NAMES = dict((cid, options["name"]) for cid, options in contracts.contracts())


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of src/ and the contracts, made once; each case copies it again."""
    copy = tmp_path_factory.mktemp("tree")
    shutil.copytree(
        ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    shutil.copy(ROOT / ".importlinter", copy / ".importlinter")
    return copy


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "COLUMNS": "500"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / ".importlinter"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _broken(output: str) -> set[str]:
    return {
        cid
        for cid, name in NAMES.items()
        if any(line.startswith(f"{name} BROKEN") for line in output.splitlines())
    }


def _module(tree: Path, dotted: str) -> Path:
    """The file of a module: `x/y.py`, or `x/y/__init__.py` for a package."""
    base = tree / "src" / Path(*dotted.split("."))
    package = base / "__init__.py"
    return package if package.exists() else base.with_suffix(".py")


# (what is done, module that gets the line, the line, contracts that must break)
INJECTIONS = [
    (
        "sprints.rules imports time_off.rules",
        "cellops.sprints.rules",
        "from cellops.time_off import rules as _injected",
        {"own-time_off", "alone-sprints"},
    ),
    (
        "billing.api imports sprints.models",
        "cellops.billing.api",
        "from cellops.sprints import models as _injected",
        {"own-sprints"},
    ),
    (
        "checklists.api imports sprints.models",
        "cellops.checklists.api",
        "from cellops.sprints import models as _injected",
        {"own-sprints", "floors", "acyclic"},
    ),
    (
        "sprints.forms imports sprints.models",
        "cellops.sprints.forms",
        "from cellops.sprints import models as _injected",
        {"doors"},
    ),
    (
        "sprints.api imports time_off.models",
        "cellops.sprints.api",
        "from cellops.time_off import models as _injected",
        {"own-time_off"},
    ),
    (
        "sprints.api imports core.models (now platform.models)",
        "cellops.sprints.api",
        "from cellops.platform import models as _injected",
        {"own-platform"},
    ),
    (
        "a cycle between two apps: org.api imports sprints.api",
        "cellops.org.api",
        "from cellops.sprints import api as _injected",
        {"acyclic", "floors"},
    ),
    (
        "sprints.api imports sprints.tasks (the cycle inside sprints)",
        "cellops.sprints.api",
        "from cellops.sprints import tasks as _injected",
        {"acyclic", "layers-sprints"},
    ),
    (
        "a rule imports Django",
        "cellops.time_off.rules",
        "from django.db import models as _injected",
        {"pure"},
    ),
    (
        "billing.api imports a private module of sprints",
        "cellops.billing.api",
        "from cellops.sprints import _secret as _injected",
        {"private"},
    ),
    (
        "a module inside the sprints.rules package imports Django (decision 0024)",
        "cellops.sprints.rules.tickets",
        "from django.db import models as _injected",
        {"pure"},
    ),
    (
        "a module inside the sprints.api package imports sprints.tasks (decision 0024)",
        "cellops.sprints.api.lifecycle",
        "from cellops.sprints import tasks as _injected",
        {"layers-sprints"},
    ),
    (
        "a module inside the sprints.views package imports sprints.models (decision 0024)",
        "cellops.sprints.views.board_page",
        "from cellops.sprints import models as _injected",
        {"doors"},
    ),
    (
        "billing.api imports a private module of the sprints.api package (decision 0024)",
        "cellops.billing.api",
        "from cellops.sprints.api import _common as _injected",
        {"private"},
    ),
    (
        "sprints' index imports rituals.api instead of its hook (decision 0028)",
        "cellops.sprints.views.board_page",
        "from cellops.rituals import api as _injected",
        {"floors", "acyclic"},
    ),
    (
        "billing.api imports rituals.models (decision 0028)",
        "cellops.billing.api",
        "from cellops.rituals import models as _injected",
        {"own-rituals"},
    ),
    (
        "sprints gains a module that is in no layer",
        "cellops.sprints.helpers",
        "",
        {"layers-sprints"},
    ),
]


def test_the_untouched_copy_keeps_every_contract(pristine: Path) -> None:
    """Without an injection, lint-imports passes on the copy: the failures below are the injections'."""
    result = _lint(pristine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(NAMES)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [case[1:] for case in INJECTIONS],
    ids=[case[0] for case in INJECTIONS],
)
def test_each_forbidden_import_breaks_its_contract(
    pristine: Path, tmp_path: Path, module: str, line: str, expected: set[str]
) -> None:
    """lint-imports fails and names the contract the injected import breaks."""
    tree = tmp_path / "tree"
    shutil.copytree(pristine, tree)
    if "_secret" in line:
        (tree / "src" / "cellops" / "sprints" / "_secret.py").write_text('"""Private."""\n')
    target = _module(tree, module)
    text = target.read_text() if target.exists() else '"""Injected."""\n'
    target.write_text(text + ("\n" + line + "  # noqa\n" if line else ""))

    result = _lint(tree)

    assert result.returncode != 0, result.stdout
    assert expected <= _broken(result.stdout), result.stdout


def test_the_committed_contracts_are_the_generated_ones() -> None:
    """.importlinter is what scripts/contracts.py writes from its list of apps (run it after a change)."""
    assert (ROOT / ".importlinter").read_text() == contracts.render()


def test_every_installed_app_of_ours_stands_on_a_floor() -> None:
    """An app added to INSTALLED_APPS must be placed on a floor, or its imports go unchecked."""
    from django.conf import settings

    ours = {app.split(".")[1] for app in settings.INSTALLED_APPS if app.startswith("cellops.")}
    assert ours
    assert ours <= set(contracts.apps())
    packages = {
        p.name
        for p in (ROOT / "src" / "cellops").iterdir()
        if (p / "__init__.py").exists() or p.suffix == ".py"
    }
    packages = {p.removesuffix(".py") for p in packages} - {"__init__"}
    assert packages == set(contracts.apps()) | set(contracts.NOT_APPS)
