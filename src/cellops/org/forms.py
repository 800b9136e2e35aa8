"""Forms that parse the organisation pages' input before it reaches `org.api`."""

from __future__ import annotations

from django import forms

from cellops.org.data import CellKind, EpicStatus, MemberStatus, Role
from cellops.web.forms import DayField

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class CellForm(forms.Form):
    name = forms.CharField(max_length=60)
    kind = forms.ChoiceField(
        choices=[(k.value, k.value) for k in CellKind], initial=CellKind.DEV.value
    )


class MemberForm(forms.Form):
    username = forms.CharField(
        max_length=150, help_text="The login name: letters, digits and @ . + - _"
    )
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField()
    cell = forms.ChoiceField(choices=[])
    status = forms.ChoiceField(
        choices=[(s.value, s.value) for s in MemberStatus], initial=MemberStatus.CORE.value
    )
    weekly_hours = forms.DecimalField(min_value=0.25, max_value=80, decimal_places=2, initial=40)
    working_days = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, initial=[0, 1, 2, 3, 4], widget=forms.CheckboxSelectMultiple
    )
    timezone = forms.CharField(
        max_length=64, initial="UTC", help_text="An IANA time zone, e.g. Europe/Berlin"
    )
    start_date = DayField(required=False, widget=DATE_WIDGET)

    def __init__(self, *args, cells: list[str], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [(c, c) for c in cells]
        if editing:
            del self.fields["username"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in Role])
    start = DayField(widget=DATE_WIDGET)
    end = DayField(
        required=False, widget=DATE_WIDGET, help_text="Leave empty while the role is held"
    )
    cell = forms.ChoiceField(
        choices=[], required=False, help_text="Only for sprint (planning) managers and firefighters"
    )
    mentee = forms.ChoiceField(
        choices=[], required=False, help_text="Only for mentors: the newcomer"
    )

    def __init__(self, *args, cells: list[str], newcomers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [("", "—"), *((c, c) for c in cells)]
        self.fields["mentee"].choices = [("", "—"), *((n, n) for n in newcomers)]


class ClientForm(forms.Form):
    name = forms.CharField(max_length=120)
    hourly_rate = forms.DecimalField(required=False, min_value=0, max_digits=8, decimal_places=2)


class AccountForm(forms.Form):
    name = forms.CharField(max_length=120)
    client = forms.ChoiceField(
        choices=[], required=False, help_text="Leave empty for an internal account"
    )
    monthly_budget_hours = forms.DecimalField(
        required=False, min_value=0, max_digits=8, decimal_places=2
    )

    def __init__(self, *args, clients: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", "— internal —"), *((c, c) for c in clients)]


class EpicForm(forms.Form):
    key = forms.CharField(max_length=30)
    title = forms.CharField(max_length=200)
    account = forms.ChoiceField(choices=[])
    owner = forms.ChoiceField(choices=[])
    reviewer = forms.ChoiceField(choices=[])
    status = forms.ChoiceField(
        choices=[(s.value, s.value) for s in EpicStatus], initial=EpicStatus.PROSPECTIVE.value
    )
    budget_hours = forms.DecimalField(required=False, min_value=0, max_digits=8, decimal_places=2)

    def __init__(self, *args, accounts: list[str], members: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [(a, a) for a in accounts]
        self.fields["owner"].choices = [(m, m) for m in members]
        self.fields["reviewer"].choices = [(m, m) for m in members]


class SprintLookupForm(forms.Form):
    date = DayField(widget=DATE_WIDGET)
