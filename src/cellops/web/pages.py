"""What the pages share when a form posted without a Django `Form` comes back: the typed
fields, a use case's refusal as lines, and the page re-shown with them (422).

A page that renders its inputs by hand (the workflows pages, a checklist) keeps what was
typed and shows each error next to the field it names. The lines are
`(field, rule, message)`: the field ("" for the whole form), the rule's ID ("" for bad
input) and the use case's message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal

#: One error a page shows: (field, rule ID or "", message).
ErrorLine = tuple[str, str, str]

NUL = "\x00"


def attempt[T](call: Callable[[], T]) -> tuple[T | None, list[ErrorLine]]:
    """Run a use case: (its result, []) or (None, its refusal as lines). A thing the URL
    names that is not found (a field ending in `_id`) is a 404, not a form error."""
    try:
        return call(), []
    except RuleRefusal as exc:
        return None, [(str(v.extra.get("field", "")), v.rule, v.message) for v in exc.violations]
    except InvalidInput as exc:
        return None, [(exc.field, "", exc.message)]
    except NotFound as exc:
        if exc.field.endswith("_id"):
            raise Http404(exc.message) from exc
        return None, [(exc.field, "", exc.message)]


def posted(request: HttpRequest, *names: str) -> tuple[dict[str, str], list[ErrorLine]]:
    """The fields typed, and an error for each that holds a NUL character (which no
    database keeps): the page comes back with what was typed and the field named."""
    typed = {name: request.POST.get(name, "") for name in names}
    return typed, [
        (k, "", "remove the NUL character from this field") for k, v in typed.items() if NUL in v
    ]


def or_404[T](call: Callable[[], T]) -> T:
    """A read of what the URL names; Http404 when it is not found."""
    try:
        return call()
    except NotFound as exc:
        raise Http404(exc.message) from exc


def page_with_errors(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    errors: Sequence[tuple[str, ...]] | None = None,
) -> HttpResponse:
    """Render `template` with `context`, its `errors` and `error_fields` (the field each
    error names): 422 when there are errors, so a test or a script sees the refusal."""
    errors = list(errors or [])
    full = {**context, "errors": errors, "error_fields": {e[0] for e in errors}}
    return render(request, template, full, status=422 if errors else 200)
