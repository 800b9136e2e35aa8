"""The one way a page puts a use case's refusal on its form (`cellops.web.forms`,
decision 0027): where each message lands and how it reads."""

from __future__ import annotations

from django import forms

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.web.forms import RefusalsMixin, refusal_text, refuse_on, sentence


class DatesForm(RefusalsMixin, forms.Form):
    start = forms.CharField(required=False)
    end = forms.CharField(required=False)
    placement = forms.CharField(required=False)
    rule_fields = {"TO-3": "start"}


def _errors(form: forms.Form) -> dict[str, list[str]]:
    return {field: list(messages) for field, messages in form.errors.items()}


def _form() -> DatesForm:
    form = DatesForm({})
    assert form.is_valid()
    return form


def test_sentence_starts_a_message_with_a_capital():
    assert sentence("give a date") == "Give a date"
    assert sentence("") == ""


def test_each_violation_lands_on_its_field_with_its_rule_id_first():
    form = _form()
    refuse_on(
        form,
        RuleRefusal(
            [
                Violation("TO-2", "no working day", {"field": "end"}),
                Violation("TO-3", "too late"),  # names no field: the form's rule_fields
                Violation("TO-4", "the cell is full"),  # neither: the whole form
                Violation("TO-9", "odd", {"field": "nowhere"}),  # not a field of the form
            ]
        ),
    )
    assert _errors(form) == {
        "end": ["TO-2: No working day"],
        "start": ["TO-3: Too late"],
        "__all__": ["TO-4: The cell is full", "TO-9: Odd"],
    }


def test_bad_input_lands_on_its_field_and_unknown_fields_on_the_default():
    form = _form()
    refuse_on(form, InvalidInput("end", "give the last day"))
    refuse_on(form, NotFound("member", "no member is called 'zed'"), default="placement")
    assert _errors(form) == {
        "end": ["Give the last day"],
        "placement": ["No member is called 'zed'"],
    }


def test_one_field_takes_every_message_and_aliases_rename_fields():
    form = _form()
    refusal = RuleRefusal([Violation("SP-3", "a", {"field": "end"}), Violation("SP-5", "b")])
    refuse_on(form, refusal, field="placement")
    refuse_on(form, InvalidInput("sprint", "give a sprint"), aliases={"sprint": "placement"})
    assert _errors(form) == {"placement": ["SP-3: A", "SP-5: B", "Give a sprint"]}


def test_the_mixin_catches_a_refusal_and_asks_field_for_for_unnamed_violations():
    class CoverForm(DatesForm):
        def field_for(self, violation: Violation) -> str | None:
            return "placement" if violation.extra.get("duty") else None

    form = CoverForm({})
    assert form.is_valid()
    with form.refusals():
        raise RuleRefusal([Violation("TO-6", "name who covers", {"duty": "epic:AC-1"})])
    assert _errors(form) == {"placement": ["TO-6: Name who covers"]}


def test_refusal_text_is_the_same_sentences_for_a_message():
    refusal = RuleRefusal([Violation("SP-5", "too many points"), Violation("SP-4", "nobody")])
    assert refusal_text(refusal) == ["SP-5: Too many points", "SP-4: Nobody"]
    assert refusal_text(InvalidInput("x", "give one")) == ["Give one"]
