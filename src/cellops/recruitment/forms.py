"""The public candidature form: the fields the pre-selection needs, in the candidate's words.

Works without JavaScript; what was typed is kept when something is refused. `website` is a
honeypot: hidden from people by the stylesheet (and from screen readers), left empty by
them; a robot that fills it gets the thank-you page and nothing is stored (decision 0031).
"""

from __future__ import annotations

from django import forms

from cellops.recruitment.data import DEFAULT_POLICY, Application


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "cols": 60})


class ApplicationForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=DEFAULT_POLICY.max_name)
    email = forms.CharField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    timezone = forms.CharField(
        required=False,
        label="Time zone",
        max_length=64,
        help_text="Where you work from, e.g. Europe/Paris or UTC+5:30.",
    )
    contributions = forms.CharField(
        required=False,
        label="Merged pull requests to other people's projects",
        max_length=DEFAULT_POLICY.max_url * DEFAULT_POLICY.max_contributions,
        widget=_area(3),
        help_text="Links, one per line: merged PRs to projects you do not own or maintain.",
    )
    no_contribution = forms.BooleanField(required=False, label="I have none yet")
    years_experience = forms.IntegerField(
        label="Years of professional experience as a developer",
        min_value=0,
        max_value=60,
        error_messages={"invalid": "Give a whole number of years, e.g. 3."},
    )
    python = forms.CharField(
        label="Your Python experience", max_length=DEFAULT_POLICY.max_text, widget=_area()
    )
    django = forms.CharField(
        label="Your Django experience", max_length=DEFAULT_POLICY.max_text, widget=_area()
    )
    react = forms.CharField(
        label="Your React experience", max_length=DEFAULT_POLICY.max_text, widget=_area()
    )
    motivation = forms.CharField(
        label="Why you would like to join", max_length=DEFAULT_POLICY.max_text, widget=_area(6)
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def application(self) -> Application:
        data = self.cleaned_data
        links = tuple(line.strip() for line in data["contributions"].splitlines() if line.strip())
        return Application(
            name=data["name"],
            email=data["email"],
            timezone=data["timezone"],
            contributions=links,
            no_contribution=data["no_contribution"],
            years_experience=data["years_experience"],
            python=data["python"],
            django=data["django"],
            react=data["react"],
            motivation=data["motivation"],
        )

    def problems(self, found: dict[str, str]) -> None:
        for field, message in found.items():
            self.add_error(field if field in self.fields else None, message)
