"""What every app's page forms share: the date field, and the one way to show a refusal.

`DayField` is a date within `kernel.bounds` (the range the JSON door's `Day`
accepts): the browser's date picker is limited to it and anything outside is a
form error that says which dates are accepted, never a 500 further down.

`refuse_on(form, error)` puts a use case's refusal (`RuleRefusal` with its
violations, `InvalidInput`, `NotFound`) on the form: each message on the field
it names, as a sentence that starts with the rule's ID. `RefusalsMixin` gives a
form `with form.refusals(): …` around the use case's call. `refusal_text(error)`
is the same sentences for a page that shows them as a message instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date

from django import forms

from cellops.kernel.bounds import DATE_RANGE, EARLIEST, LATEST, in_range
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation

#: What a use case refuses with, that a page shows on its form.
Refused = InvalidInput | NotFound | RuleRefusal


def sentence(message: str) -> str:
    """A use case's message as a page shows it: starting with a capital letter."""
    return message[:1].upper() + message[1:]


def refusal_lines(error: Refused) -> list[tuple[str | None, Violation | None, str]]:
    """Each message of a refusal: the field it names (None: none), its violation (None for
    bad input) and its sentence, the rule's ID first for a rule."""
    if isinstance(error, RuleRefusal):
        return [
            (v.extra.get("field"), v, f"{v.rule}: {sentence(v.message)}") for v in error.violations
        ]
    return [(error.field, None, sentence(error.message))]


def refusal_text(error: Refused) -> list[str]:
    """A refusal as sentences, each rule's ID first (for a message above the page)."""
    return [text for _, _, text in refusal_lines(error)]


def refuse_on(
    form: forms.Form,
    error: Refused,
    *,
    field: str | None = None,
    default: str | None = None,
    field_for: Callable[[Violation], str | None] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Put `error` on `form`, each message on the field it concerns.

    The field is, in order: `field` when given (every message on one field, e.g. a
    vote's radio group); the one the violation or bad input names; for a violation that
    names none, `field_for(violation)`, else the form's `rule_fields` for its rule. A
    name is shown on `aliases[name]` (else the form's `field_aliases`) when the form
    calls it otherwise. A field the form does not have becomes `default` (None: the
    message is about the whole form).
    """
    rule_fields: Mapping[str, str] = getattr(form, "rule_fields", {})
    aliases = aliases if aliases is not None else getattr(form, "field_aliases", {})
    for named, violation, text in refusal_lines(error):
        target = field
        if target is None:
            if named is None and violation is not None:
                named = field_for(violation) if field_for else rule_fields.get(violation.rule)
            target = aliases.get(named, named) if named is not None else None
        form.add_error(target if target in form.fields else default, text)


class RefusalsMixin:
    """`with form.refusals(): api.call(…)`: a refusal of the call lands on the form's
    fields (`refuse_on`) instead of rising. A form names its rules' fields in
    `rule_fields` and may override `field_for(violation)` or `refuse(error)`."""

    rule_fields: dict[str, str] = {}

    @contextmanager
    def refusals(self) -> Iterator[None]:
        try:
            yield
        except (InvalidInput, NotFound, RuleRefusal) as error:
            self.refuse(error)

    def refuse(self, error: Refused) -> None:
        refuse_on(self, error, field_for=self.field_for)  # type: ignore[arg-type]

    def field_for(self, violation: Violation) -> str | None:
        return self.rule_fields.get(violation.rule)


class DayField(forms.DateField):
    """A ``YYYY-MM-DD`` date between `bounds.EARLIEST` and `bounds.LATEST`."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        messages = {"invalid": "Give a date as YYYY-MM-DD."}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)
        self.widget.attrs.setdefault("min", EARLIEST.isoformat())
        self.widget.attrs.setdefault("max", LATEST.isoformat())

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not in_range(value):
            raise forms.ValidationError(f"Give a date {DATE_RANGE}.", code="out_of_range")
