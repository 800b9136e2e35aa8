"""Journey: a candidate applies on the public form (no login), a recruitment manager claims
the candidature on the round page — axe-clean, keyboard only for the form."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Role
from cellops.recruitment import api as recruitment_api
from cellops.recruitment.data import CellNeed
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_RC_1_RC_2_a_candidate_applies_and_a_manager_claims_the_candidature(
    page, login, check_page, make_member
):
    make_member("xavier", cell="Falcon", roles=(Role.CEO,))
    make_member("rita", cell="Falcon", roles=(Role.RECRUITMENT_MANAGER,), password=PASSWORD)
    found = recruitment_api.open_round(
        org_api.actor_named("xavier"), "Spring 2026", [CellNeed("Falcon", 2, 1)]
    )

    page.goto("/recruitment/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to join us")
    check_page("apply-form")

    page.get_by_label("Your name").fill("Ana Lima")
    page.get_by_label("E-mail address").fill("ana@example.com")
    page.get_by_label("Years of professional experience as a developer").fill("5")
    page.get_by_label("Your Python experience").fill("Eight years of Python.")
    page.get_by_label("Your Django experience").fill("Six years.")
    page.get_by_label("Your React experience").fill("Two years.")
    page.get_by_label("Why you would like to join").fill("I contribute to Open edX.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("alert")).to_contain_text("I have none")
    expect(page.get_by_label("Your Python experience")).to_have_value("Eight years of Python.")
    check_page("apply-refused")

    page.get_by_label("Merged pull requests to other people's projects").fill(
        "https://github.com/openedx/edx-platform/pull/123"
    )
    page.get_by_role("button", name="Send my application").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    check_page("apply-thanks")

    login("rita")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Recruitment").click()
    page.get_by_role("link", name="Spring 2026").click()
    expect(page.locator("main")).to_contain_text("1 unassigned candidature")
    check_page("round-before-claim")
    page.get_by_role("button", name="Claim my share").click()
    expect(page.locator("main")).to_contain_text("You claimed 1 candidature.")
    expect(page.get_by_role("table").last).to_contain_text("Ana Lima")
    expect(page.locator("main")).to_contain_text(re.compile("next claim is possible from"))
    check_page("round-after-claim")
    assert found.id


def _shown(day) -> str:
    """How pages write a date, e.g. 'Mon 1 Feb 2027'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)


def test_RC_2_RC_3_RC_5_RC_6_claim_preselect_schedule_grade_review_and_hire(
    page, login, check_page, make_member, django_user_model
):
    """The whole flow on the pages: rita claims, pre-selects, schedules and grades; raj, a
    second recruitment manager, reviews (rita may not); the CEO meets and hires — and the
    hire is a newcomer with a computed trial and an onboarding checklist."""
    from datetime import timedelta

    from django.utils import timezone

    from cellops.checklists import api as checklists_api
    from cellops.recruitment.data import Application

    checklists_api.seed_default_templates()  # the onboarding template, whatever flushed it
    make_member("xavier", first_name="Xavier", cell="Falcon", roles=(Role.CEO,), password=PASSWORD)
    make_member("rita", cell="Falcon", roles=(Role.RECRUITMENT_MANAGER,), password=PASSWORD)
    make_member("raj", cell="Falcon", roles=(Role.RECRUITMENT_MANAGER,), password=PASSWORD)
    make_member("aiko", first_name="Aiko", last_name="Tanaka", cell="Falcon")
    found = recruitment_api.open_round(
        org_api.actor_named("xavier"), "Spring 2026", [CellNeed("Falcon", 2, 1)]
    )
    recruitment_api.submit(
        Application(
            name="Ana Lima",
            email="ana@example.com",
            years_experience=5,
            python="Eight years.",
            django="Six years.",
            react="Two years.",
            motivation="Open edX.",
            contributions=("https://github.com/openedx/edx-platform/pull/123",),
        ),
        found.id,
    )

    login("rita")
    page.goto(f"/recruitment/rounds/{found.id}/")
    page.get_by_role("button", name="Claim my share").click()
    expect(page.locator("main")).to_contain_text("You claimed 1 candidature.")
    page.get_by_role("table").last.get_by_role("link", name="Ana Lima").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ana Lima")
    [cid] = [c.id for c in recruitment_api.candidatures(org_api.actor_named("rita"))]
    check_page("candidature-preselection")
    page.locator("#id_merged").check()
    page.get_by_label("To someone else's project").check()
    page.get_by_label("Has a description and discussion").check()
    page.get_by_label("Stars").fill("7000")
    page.get_by_label("Forks").fill("3900")
    page.get_by_label("The writing is reasonable").check()
    page.get_by_role("button", name="Record the pre-selection").press("Enter")
    expect(page.locator("main")).to_contain_text("Pre-selection recorded: selected")

    at = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT15:00")
    page.get_by_label("Date and time (UTC)").fill(at)
    page.get_by_role("button", name="Send the invitation").press("Enter")
    expect(page.locator("main")).to_contain_text("Interview scheduled")
    expect(page.get_by_role("link", name="Download the invitation (.ics)")).to_be_visible()
    check_page("candidature-scheduled")
    for key, _ in recruitment_api.criteria():
        page.locator(f"#id_grade_{key}").select_option("4")
        page.locator(f"#id_comment_{key}").fill("good")
    page.get_by_role("button", name="Record the grades").press("Enter")
    expect(page.get_by_role("table")).to_contain_text("The code exercise")
    page.get_by_text("The interview script (private)").click()
    expect(page.locator("main")).to_contain_text("Code exercise (10 min)")
    check_page("candidature-graded")

    status = page.get_by_label("Next status")
    status.select_option("accepted by interviewer")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("main")).to_contain_text("Status changed to accepted by interviewer.")
    status.select_option("reviewed")  # her own candidate: refused, a second manager reviews
    page.get_by_label("Note").fill("I agree with myself.")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("#id_to_error")).to_contain_text("second recruitment manager")
    expect(page.get_by_label("Note")).to_have_value("I agree with myself.")
    check_page("candidature-own-review-refused")

    _as(page, login, "raj")
    page.goto(f"/recruitment/candidatures/{cid}/")
    page.get_by_label("Next status").select_option("reviewed")
    page.get_by_label("Note").fill("Agreed: strong exercise, clear communication.")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("main")).to_contain_text("Status changed to reviewed.")
    check_page("candidature-reviewed")

    _as(page, login, "xavier")
    page.goto(f"/recruitment/candidatures/{cid}/")
    page.get_by_label("Next status").select_option("CEO interview")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("main")).to_contain_text("Status changed to CEO interview.")
    start = org_api.sprint_calendar().for_date(date.today()).end + timedelta(days=1)
    page.get_by_label("Next status").select_option("hired")
    page.get_by_label("Cell (when hiring)").fill("Falcon")
    page.get_by_label("Start date (when hiring)").fill(start.isoformat())
    page.get_by_label("Mentor's username (when hiring)").fill("aiko")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("main")).to_contain_text("Status changed to hired.")
    expect(page.locator("main")).to_contain_text("hired as ana")
    check_page("candidature-hired")

    # the hire is a newcomer whose trial is computed from the start date (TR-1, TR-7)
    page.goto("/trial/?newcomer=ana")
    key_dates = page.locator("dl")
    expect(key_dates).to_contain_text(_shown(start + timedelta(days=56)))  # end of trial
    expect(key_dates).to_contain_text(_shown(start + timedelta(days=49)))  # review deadline
    end_row = page.get_by_role("row").filter(has_text="End of trial")
    expect(end_row).to_contain_text("8")
    expect(end_row).to_contain_text(_shown(start + timedelta(days=56)))
    check_page("newcomer-trial")

    user = django_user_model.objects.get(username="ana")
    user.set_password(PASSWORD)
    user.save()
    _as(page, login, "ana")
    page.goto("/checklists/")
    expect(page.get_by_role("heading", name="Onboarding of a newcomer")).to_be_visible()
    check_page("newcomer-onboarding")
