"""The sales reports page: pipeline by stage and band, the weighted forecast with a
lead's own probability kept, time in stage, why leads were lost — figures asserted."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cellops.org.data import Actor, Role
from cellops.sales import api, models
from cellops.sales.data import FACTOR_KEYS

pytestmark = pytest.mark.django_db
BEA = Actor(username="bea", is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}))
HEDERA = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))


def test_the_reports_show_pipeline_forecast_and_lost_reasons(make_member):
    make_member("bea", roles=(Role.BUSINESS_DEVELOPMENT,))
    hedera = api.create_lead(BEA, "Hedera University", "Jimmy")
    api.score_lead(BEA, hedera.id, HEDERA)
    api.make_proposal(BEA, hedera.id, [{"feature": "Search", "hours": "10", "rate": "90"}])
    models.Lead.objects.filter(pk=hedera.id).update(stage=5)
    oak = api.create_lead(BEA, "Oak Press", "Olive")
    api.make_proposal(BEA, oak.id, [{"feature": "Site", "hours": "20", "rate": "50"}])
    api.update_lead(BEA, oak.id, {"probability": 30})
    lost = api.create_lead(BEA, "Affogato")
    api.mark_lost(BEA, lost.id, "chose a cheaper agency")

    report = api.sales_report(BEA)
    assert report.pipeline[5]["High"] == 1 and report.pipeline[1]["Unscored"] == 1
    rows = {r.name: (r.amount, r.probability, r.overridden, r.weighted) for r in report.forecast}
    assert rows["Hedera University"] == (900, 50, False, 450)
    assert rows["Oak Press"] == (1000, 30, True, 300)  # its own 30 %, not stage 1's 5 %
    assert (report.forecast_total, report.forecast_weighted) == (1900, 750)
    assert report.reasons == [("chose a cheaper agency", 1)]
    assert models.Lead.objects.get(pk=oak.id).probability == 30  # the report never writes

    browser = Client()
    browser.force_login(get_user_model().objects.get(username="bea"))
    page = browser.get("/sales/reports/").content.decode()
    assert "Forecast: 750.00 EUR weighted of 1900.00 EUR quoted" in page
    assert "30 % (own)" in page and "50 %" in page
    assert '<title id="pipeline-title">Open leads per stage</title>' in page
    assert "chose a cheaper agency" in page
    # each chart writes its numbers at the bars' ends, as the tables beside them do
    forecast = page.split('id="forecast-chart-title"')[1].split("</svg>")[0]
    assert '<text x="486" y="130" class="bar-value">450.00 EUR</text>' in forecast  # stage 5
    assert 'class="bar-value">300.00 EUR</text>' in forecast  # stage 1, Oak's own 30 %
    assert '<rect x="200" y="118" width="280"' in forecast  # the largest bar is full width
    reasons = page.split('id="reasons-title"')[1].split("</svg>")[0]
    assert "chose a cheaper agency</text>" in reasons
