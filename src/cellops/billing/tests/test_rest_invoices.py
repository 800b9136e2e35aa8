"""SL-6 through the JSON door (API.md § Billing): drafts from worklogs, idempotent, sent
and numbered with their worklogs locked, CSV and PDF; who may read them; time logged into
an invoiced month refused naming the invoice."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from cellops.billing import api, models
from cellops.billing.tests.factories import TicketFactory
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def march(make_member, api_client_for):
    """Hedera (90/h) with an epic's and an account's time in March 2026, Oak (no epic)."""
    make_member("ada", cell="Falcon")
    make_member("ann", cell="Falcon", roles=(Role.ADMIN_SPECIALIST,))
    make_member("bea", cell="Falcon", roles=(Role.BUSINESS_DEVELOPMENT,))
    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    org_api.create_client(Actor.system("test"), "Hedera University", Decimal("90.00"))
    org_api.create_client(Actor.system("test"), "Oak Press", Decimal("75.50"))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera University")
    org_api.create_account(Actor.system("test"), "Oak Site", "Oak Press")
    org_api.create_account(Actor.system("test"), "Marketing")  # internal: never invoiced
    org_api.create_epic(
        Actor.system("test"),
        key="HED-1",
        title="Catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bea",
        status=EpicStatus.IN_PROGRESS,
    )
    TicketFactory(key="HED-10", title="Search", account="Hedera LMS", epic="HED-1")
    TicketFactory(key="HED-11", title="Support", account="Hedera LMS")
    TicketFactory(key="OAK-1", title="Site", account="Oak Site")
    TicketFactory(key="MKT-1", title="Blog", account="Marketing")
    ada = org_api.actor_named("ada")
    for ticket, day, hours in (
        ("HED-10", date(2026, 3, 2), "7.5"),
        ("HED-10", date(2026, 3, 3), "2.25"),
        ("HED-11", date(2026, 3, 4), "1"),
        ("OAK-1", date(2026, 3, 31), "0.01"),
        ("MKT-1", date(2026, 3, 5), "3"),
        ("HED-10", date(2026, 4, 1), "5"),  # April: not on March's invoice
    ):
        api.log_work(ada, ticket=ticket, member="ada", day=day, hours=Decimal(hours))
    return {name: api_client_for(name) for name in ("ada", "ann", "bea", "sam")}


def _draft(client, month: str = "2026-03"):
    return client.post("/api/v1/invoices/drafts", json.dumps({"month": month}), content_type=JSON)


def test_SL_6_drafts_one_invoice_per_client_with_a_line_per_epic_and_one_outside(march):
    answer = _draft(march["ann"])
    assert answer.status_code == 200
    body = answer.json()
    assert body["month"] == "2026-03"
    hedera, oak = body["items"]
    assert (hedera["client"], hedera["status"], hedera["number"]) == (
        "Hedera University",
        "draft",
        None,
    )
    assert hedera["lines"] == [
        {
            "epic": "HED-1",
            "account": None,
            "correction": None,
            "hours": 9.75,
            "rate": "90.00",
            "amount": "877.50",
        },
        {
            "epic": None,
            "account": "Hedera LMS",
            "correction": None,
            "hours": 1.0,
            "rate": "90.00",
            "amount": "90.00",
        },
    ]
    assert (hedera["total_hours"], hedera["total_amount"]) == (10.75, "967.50")
    assert oak["lines"][0]["amount"] == "0.76"  # 0.01 h × 75.50 = 0.755, half-up
    assert oak["total_amount"] == "0.76"


def test_SL_6_drafting_twice_makes_one_invoice_per_client_and_refreshes_it(march):
    first = _draft(march["ann"]).json()["items"]
    api.log_work(
        org_api.actor_named("ada"), ticket="HED-11", member="ada", day=date(2026, 3, 9), hours=2
    )
    again = _draft(march["ann"]).json()["items"]
    assert models.Invoice.objects.count() == 2
    assert [i["id"] for i in again] == [i["id"] for i in first]
    assert again[0]["total_amount"] == "1147.50"  # refreshed: 2 h more at 90


def test_SL_6_sending_numbers_the_invoice_locks_its_worklogs_and_twice_is_409(march):
    hedera = _draft(march["ann"]).json()["items"][0]
    sent = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send")
    assert sent.status_code == 200
    assert (sent.json()["status"], sent.json()["number"]) == (
        "sent",
        f"{date.today().year}-0001",
    )
    locked = set(models.Worklog.objects.filter(locked=True).values_list("ticket__key", "date"))
    assert locked == {
        ("HED-10", date(2026, 3, 2)),
        ("HED-10", date(2026, 3, 3)),
        ("HED-11", date(2026, 3, 4)),
    }
    assert march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").status_code == 409
    # a sent invoice is never changed: re-drafting leaves it as it was
    api.log_work(
        org_api.actor_named("ada"), ticket="OAK-1", member="ada", day=date(2026, 3, 9), hours=1
    )
    items = _draft(march["ann"]).json()["items"]
    assert items[0] == sent.json()
    oak = march["ann"].post(f"/api/v1/invoices/{items[1]['id']}/send").json()
    assert oak["number"] == f"{date.today().year}-0002"


def test_SL_6_time_logged_into_an_invoiced_month_is_refused_naming_the_invoice(march):
    hedera = _draft(march["ann"]).json()["items"][0]
    number = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").json()["number"]
    body = {"ticket": "HED-11", "member": "ada", "date": "2026-03-20", "hours": 1}
    refused = march["ada"].post("/api/v1/worklogs", json.dumps(body), content_type=JSON)
    assert refused.status_code == 422
    (violation,) = refused.json()["violations"]
    assert (violation["rule"], violation["invoice"]) == ("SL-6", number)
    rows = [["Issue Key", "Username", "Date", "Hours"], ["HED-10", "ada", "2026-03-21", "1"]]
    report = api.import_worklogs(Actor.system(), rows)
    assert report.imported == 0 and report.bad[0].column == "date"
    assert number in report.bad[0].message
    # another client's month, and Hedera's April, stay open
    body.update(ticket="OAK-1")
    assert (
        march["ada"].post("/api/v1/worklogs", json.dumps(body), content_type=JSON).status_code
        == 201
    )
    body.update(ticket="HED-11", date="2026-04-02")
    assert (
        march["ada"].post("/api/v1/worklogs", json.dumps(body), content_type=JSON).status_code
        == 201
    )


def test_SL_6_a_correction_after_sending_goes_on_next_months_invoice_as_its_own_line(march):
    """Time missed on March's sent invoice is logged in April naming that invoice: April's
    draft bills it on a line of its own; March's invoice is never changed."""
    hedera = _draft(march["ann"]).json()["items"][0]
    sent = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").json()
    number = sent["number"]
    body = {"ticket": "HED-10", "member": "ada", "date": "2026-04-02", "hours": 1.5}
    logged = march["ada"].post(
        "/api/v1/worklogs", json.dumps(body | {"corrects": number}), content_type=JSON
    )
    assert logged.status_code == 201 and logged.json()["corrects"] == number
    april = _draft(march["ann"], "2026-04").json()["items"][0]
    assert [(x["epic"], x["correction"], x["hours"], x["amount"]) for x in april["lines"]] == [
        ("HED-1", None, 5.0, "450.00"),
        (None, number, 1.5, "135.00"),
    ]
    assert april["total_amount"] == "585.00"
    assert march["ann"].get(f"/api/v1/invoices/{hedera['id']}").json() == sent
    again = _draft(march["ann"], "2026-04").json()["items"]  # re-drafting: still one line
    assert [x["correction"] for x in again[0]["lines"]].count(number) == 1
    assert models.Invoice.objects.filter(month=date(2026, 4, 1)).count() == 1
    from django.contrib.auth import get_user_model
    from django.test import Client

    page = Client()
    page.force_login(get_user_model().objects.get(username="ann"))
    shown = page.get(f"/billing/invoices/{april['id']}/").content.decode()
    assert f"Correction of invoice {number}</th>" in shown
    csv_lines = march["ann"].get(f"/api/v1/invoices/{april['id']}.csv").content.decode()
    assert f"draft,Hedera University,2026-04,correction,{number},1.50,90.00,135.00" in csv_lines
    assert march["ann"].post(f"/api/v1/invoices/{april['id']}/send").status_code == 200
    assert models.Worklog.objects.get(pk=logged.json()["id"]).locked


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"corrects": "2099-0001"}, "corrects"),  # no such sent invoice
        ({"ticket": "OAK-1"}, "corrects"),  # Hedera's invoice, Oak's ticket
        ({"date": "2026-03-31"}, "SL-6"),  # into the invoiced month itself
    ],
)
def test_SL_6_a_correction_names_a_sent_invoice_of_the_client_in_a_later_month(
    march, change, field
):
    hedera = _draft(march["ann"]).json()["items"][0]
    number = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").json()["number"]
    body = {"ticket": "HED-10", "member": "ada", "date": "2026-04-02", "hours": 1}
    body |= {"corrects": number} | change
    refused = march["ada"].post("/api/v1/worklogs", json.dumps(body), content_type=JSON)
    assert refused.status_code == 422
    assert field in json.dumps(refused.json())
    assert not models.Worklog.objects.exclude(corrects="").exists()


def test_SL_6_csv_and_pdf_of_an_invoice(march):
    hedera = _draft(march["ann"]).json()["items"][0]
    csv_answer = march["bea"].get(f"/api/v1/invoices/{hedera['id']}.csv")
    assert csv_answer.status_code == 200 and csv_answer["Content-Type"].startswith("text/csv")
    lines = csv_answer.content.decode().splitlines()
    assert lines[1] == "draft,Hedera University,2026-03,epic,HED-1,9.75,90.00,877.50"
    assert lines[-1] == "draft,Hedera University,2026-03,total,,10.75,,967.50"
    pdf = march["ann"].get(f"/api/v1/invoices/{hedera['id']}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("who", "reads", "sends"),
    [("ann", 200, 200), ("bea", 200, 403), ("sam", 403, 404), ("ada", 403, 404)],
)
def test_SL_6_invoices_are_for_those_who_sell_and_bill_not_for_planners(march, who, reads, sends):
    """Admin specialist drafts, reads, sends; business development reads and drafts, does not
    send; a sprint planning manager (who sees budget hours) and a developer get 403 on lists
    and drafts, 404 on one invoice."""
    hedera = _draft(march["ann"]).json()["items"][0]
    client = march[who]
    assert client.get("/api/v1/invoices?month=2026-03").status_code == reads
    assert _draft(client).status_code == reads
    assert client.get(f"/api/v1/invoices/{hedera['id']}").status_code == (
        200 if reads == 200 else 404
    )
    assert client.get(f"/api/v1/invoices/{hedera['id']}.csv").status_code == (
        200 if reads == 200 else 404
    )
    assert client.post(f"/api/v1/invoices/{hedera['id']}/send").status_code == sends


def test_SL_6_a_bad_month_is_refused_naming_it(march):
    answer = _draft(march["ann"], "2026-13")
    assert answer.status_code == 422 and "month" in json.dumps(answer.json())


def test_SL_6_the_command_drafts_the_month_once_and_exits_2_on_a_bad_month(march):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("invoices", "draft", "--month", "2026-03", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert [(i["client"], i["total_amount"]) for i in body["items"]] == [
        ("Hedera University", "967.50"),
        ("Oak Press", "0.76"),
    ]
    call_command("invoices", "draft", "--month", "2026-03", stdout=io.StringIO())
    assert models.Invoice.objects.count() == 2
    with pytest.raises(CommandError) as refused:
        call_command("invoices", "draft", "--month", "March", stdout=io.StringIO())
    assert refused.value.returncode == 2 and "month" in str(refused.value)


# --- worklogs listed, edited and deleted (API.md § Billing), and SL-6's locks ------------


def test_worklogs_are_listed_by_member_ticket_and_days(march):
    answer = march["ada"].get("/api/v1/worklogs?ticket=HED-10&from=2026-03-01&to=2026-03-31")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert [(w["date"], w["hours"]) for w in body["items"]] == [
        ("2026-03-03", 2.25),
        ("2026-03-02", 7.5),
    ]
    assert march["ada"].get("/api/v1/worklogs?member=bea").json() == {"items": [], "count": 0}


def test_a_worklog_is_edited_and_deleted_and_the_budgets_follow(march):
    (row,) = march["ada"].get("/api/v1/worklogs?ticket=HED-11").json()["items"]
    url = f"/api/v1/worklogs/{row['id']}"
    changed = march["ada"].patch(url, json.dumps({"hours": 3, "note": "more"}), content_type=JSON)
    assert changed.status_code == 200 and (changed.json()["hours"], changed.json()["note"]) == (
        3.0,
        "more",
    )
    assert api.logged_by_account(date(2026, 3, 1), date(2026, 3, 31))["Hedera LMS"] == Decimal(
        "12.75"
    )
    assert march["bea"].delete(url).status_code == 403  # not hers, not her cell's manager
    assert march["ada"].delete(url).status_code == 204
    assert api.logged_by_account(date(2026, 3, 1), date(2026, 3, 31))["Hedera LMS"] == Decimal(
        "9.75"
    )
    assert march["ada"].delete(url).status_code == 404


def test_SL_6_an_invoiced_worklog_cannot_be_edited_deleted_or_moved_into_an_invoiced_month(march):
    hedera = _draft(march["ann"]).json()["items"][0]
    number = march["ann"].post(f"/api/v1/invoices/{hedera['id']}/send").json()["number"]
    (row,) = march["ada"].get("/api/v1/worklogs?ticket=HED-11").json()["items"]
    url = f"/api/v1/worklogs/{row['id']}"
    for answer in (
        march["ada"].patch(url, json.dumps({"hours": 2}), content_type=JSON),
        march["ada"].delete(url),
    ):
        assert answer.status_code == 422
        assert answer.json()["violations"][0]["invoice"] == number
    (april,) = march["ada"].get("/api/v1/worklogs?from=2026-04-01").json()["items"]
    moved = march["ada"].patch(
        f"/api/v1/worklogs/{april['id']}", json.dumps({"date": "2026-03-30"}), content_type=JSON
    )
    assert moved.status_code == 422 and moved.json()["violations"][0]["rule"] == "SL-6"
    assert models.Worklog.objects.get(pk=april["id"]).date == date(2026, 4, 1)


# --- the billing pages -----------------------------------------------------------------


def test_SL_6_the_admin_specialist_drafts_and_sends_from_the_pages(march):
    from django.contrib.auth import get_user_model
    from django.test import Client

    page = Client()
    page.force_login(get_user_model().objects.get(username="ann"))
    drafted = page.post("/billing/", {"month": "2026-03"})
    assert drafted.status_code == 302 and drafted["Location"] == "/billing/?month=2026-03"
    listing = page.get("/billing/?month=2026-03").content.decode()
    assert "2 invoices of 2026-03" in listing and "967.50 EUR" in listing
    hedera = api.list_invoices(org_api.actor_named("ann"), "2026-03")[0]
    printable = page.get(f"/billing/invoices/{hedera.id}/").content.decode()
    assert "Epic HED-1" in printable and "877.50" in printable
    assert page.post(f"/billing/invoices/{hedera.id}/send").status_code == 302
    assert api.get_invoice(org_api.actor_named("ann"), hedera.id).number is not None
    bad = page.get("/billing/?month=2026-13")
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.content.decode()
    planner = Client()
    planner.force_login(get_user_model().objects.get(username="sam"))
    assert planner.get("/billing/").status_code == 403
    assert planner.get(f"/billing/invoices/{hedera.id}/").status_code == 404


# --- drafts on schedule ----------------------------------------------------------------


def test_SL_6_on_the_first_the_previous_month_is_drafted_and_the_admin_specialist_told_once(
    march, mailoutbox
):
    drafted = api.draft_previous_month(Actor.system("scheduler"), date(2026, 4, 1))
    assert [(i.client, i.month) for i in drafted] == [
        ("Hedera University", "2026-03"),
        ("Oak Press", "2026-03"),
    ]
    assert [m.subject for m in mailoutbox] == ["Invoices of 2026-03 drafted"]
    assert "Hedera University: 10.75 h, 967.50 EUR" in mailoutbox[0].body
    assert mailoutbox[0].to == [org_api.get_member("ann").email]
    again = api.draft_previous_month(Actor.system("scheduler"), date(2026, 4, 1))
    assert [i.id for i in again] == [i.id for i in drafted] and len(mailoutbox) == 1


def test_the_monthly_task_is_queued_for_the_first_of_the_next_month():
    from datetime import UTC, datetime

    from cellops.billing.tasks import next_first

    assert next_first(date(2026, 4, 1)) == datetime(2026, 5, 1, 6, tzinfo=UTC)
    assert next_first(date(2026, 12, 1)) == datetime(2027, 1, 1, 6, tzinfo=UTC)
