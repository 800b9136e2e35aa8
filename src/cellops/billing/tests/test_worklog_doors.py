"""Worklogs listed, changed and deleted with their history through every door (issue #11,
API.md § Billing): the page, the API's history and the `cellops worklogs` command; SL-6's
locks refused by each, naming the invoice."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from cellops.billing import api, models
from cellops.billing.tests.test_rest_invoices import _draft, march  # noqa: F401 (fixture)
from cellops.org import api as org_api

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _page(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _hed11(march) -> int:  # noqa: F811
    (row,) = march["ada"].get("/api/v1/worklogs?ticket=HED-11").json()["items"]
    return row["id"]


def test_the_history_of_a_worklog_lists_its_creation_changes_and_deletion(march):  # noqa: F811
    pk = _hed11(march)
    url = f"/api/v1/worklogs/{pk}"
    march["ada"].patch(url, json.dumps({"hours": 2, "note": "call"}), content_type=JSON)
    march["ada"].delete(url)
    history = march["ada"].get(f"{url}/history").json()
    assert history["count"] == 3
    assert [(i["action"], i["actor"]) for i in history["items"]] == [
        ("created", "ada"),
        ("changed", "ada"),
        ("deleted", "ada"),
    ]
    assert history["items"][1]["changes"] == {"hours": "2", "date": "2026-03-04", "note": "call"}
    assert march["ada"].get("/api/v1/worklogs/999999/history").status_code == 404


def test_the_worklogs_page_lists_them_with_names_and_days(march):  # noqa: F811
    page = _page("ada").get("/billing/worklogs/?ticket=HED-10&from=2026-03-01&to=2026-03-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 of 2 worklogs" in html
    assert html.index("Tue 3 Mar 2026") < html.index("Mon 2 Mar 2026")  # newest day first
    assert '<span title="ada">Ada Tester</span>' in html and "7.50" in html
    bad = _page("ada").get("/billing/worklogs/?from=March")
    assert bad.status_code == 422 and 'value="March" aria-invalid="true"' in bad.content.decode()


def test_a_worklog_is_changed_and_deleted_from_its_page_and_its_history_shown(march):  # noqa: F811
    pk = _hed11(march)
    ada = _page("ada")
    saved = ada.post(
        f"/billing/worklogs/{pk}/", {"hours": "2.5", "date": "2026-03-05", "note": "x"}
    )
    assert saved.status_code == 302
    assert models.Worklog.objects.get(pk=pk).hours == Decimal("2.50")
    html = ada.get(f"/billing/worklogs/{pk}/").content.decode()
    assert "<td>Created</td>" in html and "<td>Changed</td>" in html
    assert 'value="2.50"' in html and "Thu 5 Mar 2026" in html
    typo = ada.post(f"/billing/worklogs/{pk}/", {"hours": "two", "date": "2026-03-05", "note": "y"})
    assert typo.status_code == 422
    shown = typo.content.decode()
    assert 'value="two" aria-invalid="true"' in shown and ">y</textarea>" in shown
    assert "Hours: give the hours as a number" in shown
    assert ada.post(f"/billing/worklogs/{pk}/delete").status_code == 302
    assert not models.Worklog.objects.filter(pk=pk).exists()


def test_SL_6_a_locked_worklog_is_refused_on_its_page_naming_the_invoice(march):  # noqa: F811
    hedera = _draft(march["ann"]).json()["items"][0]
    number = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").json()["number"]
    pk = _hed11(march)
    ada = _page("ada")
    html = ada.get(f"/billing/worklogs/{pk}/").content.decode()
    assert "Locked: on a sent invoice" in html and "Save the worklog" not in html
    refused = ada.post(f"/billing/worklogs/{pk}/", {"hours": "3", "date": "2026-03-04"})
    assert refused.status_code == 422 and f"SL-6: this worklog is on invoice {number}" in (
        refused.content.decode()
    )
    deleted = ada.post(f"/billing/worklogs/{pk}/delete")
    assert deleted.status_code == 422 and number in deleted.content.decode()
    assert models.Worklog.objects.get(pk=pk).hours == Decimal("1.00")


def test_the_worklogs_command_lists_edits_deletes_and_shows_the_history(march):  # noqa: F811
    pk = _hed11(march)
    out = io.StringIO()
    call_command("worklogs", "list", "--ticket", "HED-10", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["count"] == 3 and [w["date"] for w in body["items"]][:2] == [
        "2026-04-01",
        "2026-03-03",
    ]
    out = io.StringIO()
    call_command(
        "worklogs", "edit", str(pk), "--hours", "1.75", "--as", "ada", "--json", stdout=out
    )
    assert json.loads(out.getvalue())["hours"] == 1.75
    out = io.StringIO()
    call_command("worklogs", "history", str(pk), "--json", stdout=out)
    assert [i["action"] for i in json.loads(out.getvalue())["items"]] == ["created", "changed"]
    with pytest.raises(CommandError) as refused:
        call_command("worklogs", "edit", str(pk), "--hours", "lots", stdout=io.StringIO())
    assert refused.value.returncode == 2 and "hours" in str(refused.value)
    with pytest.raises(CommandError) as denied:
        call_command("worklogs", "delete", str(pk), "--as", "bea", stdout=io.StringIO())
    assert denied.value.returncode == 2 and "bea may not" in str(denied.value)
    call_command("worklogs", "delete", str(pk), "--as", "ada", stdout=io.StringIO())
    assert not models.Worklog.objects.filter(pk=pk).exists()


def test_SL_6_the_command_refuses_a_locked_worklog_naming_the_invoice(march):  # noqa: F811
    hedera = _draft(march["ann"]).json()["items"][0]
    number = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").json()["number"]
    pk = _hed11(march)
    for args in (("edit", str(pk), "--note", "later"), ("delete", str(pk))):
        with pytest.raises(CommandError) as refused:
            call_command("worklogs", *args, stdout=io.StringIO())
        assert refused.value.returncode == 2
        assert f"SL-6: this worklog is on invoice {number}" in str(refused.value)
    assert api.get_worklog(org_api.actor_named("ada"), pk).date == date(2026, 3, 4)
