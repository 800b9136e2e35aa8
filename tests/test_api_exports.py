"""Issue #8: each app's `api` names its public use cases in `__all__`.

An app's `api` is the only way into it; `__all__` says what that way offers.
Every public function or class defined by the api (in a package: by its
modules) is listed, and every listed name exists. sprints and time_off join
the list when they carry their `__all__`.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

APPS = ["org", "platform", "billing", "checklists", "trial", "sales", "rituals"]


def _defined_here(module) -> set[str]:
    """Public functions and classes whose home is this api (module or package)."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and (value.__module__ or "").startswith(module.__name__)
    }


@pytest.mark.parametrize("app", APPS)
def test_each_api_names_all_its_public_functions_in_dunder_all(app):
    module = importlib.import_module(f"cellops.{app}.api")
    listed = getattr(module, "__all__", None)
    assert listed is not None, f"cellops.{app}.api has no __all__"
    assert len(listed) == len(set(listed)), "a name is listed twice"
    assert [name for name in listed if not hasattr(module, name)] == []
    assert sorted(_defined_here(module) - set(listed)) == []


def test_the_org_api_package_re_exports_every_public_name_of_its_modules():
    """`from cellops.org import api` still offers everything its area modules define."""
    import pkgutil

    from cellops.org import api

    areas = [m.name for m in pkgutil.iter_modules(api.__path__)]
    assert sorted(areas) == [
        "actors",
        "calendar",
        "clients",
        "matching",
        "members",
        "reads",
        "roles",
    ]
    for area in areas:
        module = importlib.import_module(f"cellops.org.api.{area}")
        assert sorted(_defined_here(module) - set(api.__all__)) == [], area


def test_the_rituals_api_package_re_exports_every_public_name_of_its_modules():
    """Decision 0028: `from cellops.rituals import api` offers everything its modules define."""
    import pkgutil

    from cellops.rituals import api

    areas = [m.name for m in pkgutil.iter_modules(api.__path__)]
    assert sorted(areas) == ["_common", "retrospectives", "social", "updates"]
    for area in areas:
        module = importlib.import_module(f"cellops.rituals.api.{area}")
        assert sorted(_defined_here(module) - set(api.__all__)) == [], area
