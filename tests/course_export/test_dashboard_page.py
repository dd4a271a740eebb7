"""The cohort dashboard's page without a browser: who may see it, what it shows, its forms
working without JavaScript (plain posts back to the page), and the weight of its own JS + CSS."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from course_export.models import ReportJob
from orglab_plugin.models import GrantEligibility

COURSE = "course-v1:Wikimedia+OrgLab+2026"
STATIC = Path(__file__).resolve().parents[2] / "course_export" / "static" / "course_export"
BUDGET = 50 * 1024
REASON = "Presentó el plan de la campaña en la sesión en vivo"


@pytest.fixture
def url():
    return reverse("orglab_reports:dashboard", args=[COURSE])


@pytest.fixture
def demo(db):
    call_command("seed_demo", learners=3, stages=False)


def staff_client(client):
    assert client.login(username="staff", password="orglab-dev")
    return client


def test_the_page_js_and_css_stay_under_50_kb():
    sizes = {name: (STATIC / name).stat().st_size for name in ("dashboard.js", "dashboard.css")}
    assert sum(sizes.values()) < BUDGET, sizes


def test_anonymous_visitors_are_sent_to_log_in(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_learner_gets_course_staff_only(client, demo, url):
    assert client.login(username="learner1", password="orglab-dev")
    response = client.get(url)
    assert response.status_code == 403
    assert "Course staff only" in response.content.decode()


def test_staff_see_the_funnel_the_learners_and_the_forms(client, demo, url):
    response = staff_client(client).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'class="orglab-funnel"' in html and 'role="img"' in html
    table = html.split('class="orglab-funnel-table', 1)[1].split("</table>", 1)[0]
    # The funnel's table scrolls inside its own labelled box on a narrow screen, never the page.
    assert 'class="orglab-scroll orglab-scroll-funnel" role="region" aria-labelledby="orglab-funnel-caption"' in html
    assert "<caption" in table and 'scope="col"' in table and table.count('<tr data-unit="') == 6
    for name in ("learner1", "learner2", "learner3"):
        assert f'<tr data-username="{name}">' in html
    assert html.count('name="csrfmiddlewaretoken"') == 2 + len(re.findall(r'class="orglab-form orglab-report"', html))
    for action in ("override", "milestones", "report"):
        assert f'name="action" value="{action}"' in html
    assert 'accept=".csv,text/csv"' in html and "live_sessions" in html
    assert "/static/course_export/dashboard.css" in html and "/static/course_export/dashboard.js" in html
    assert 'data-reports-api="/api/orglab/v1/courses/' in html


def test_figures_are_not_localized_inside_the_svg_and_progress(client, demo, url):
    staff_client(client).post(url, {"action": "report", "report": "completion", "format": "csv",
                                    "include": "username"})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert re.search(r'<progress max="100" value="100\.0"', html)
    assert not re.search(r'(width|value)="\d+,\d', html)


def test_filters_sort_and_pages_come_from_the_query_string(client, demo, url):
    html = staff_client(client).get(url, {"q": "learner2", "status": "not_eligible", "sort": "-username"}) \
        .content.decode()
    assert '<tr data-username="learner2">' in html and '<tr data-username="learner1">' not in html
    assert '<option value="not_eligible" selected>' in html and '<option value="-username" selected>' in html
    assert 'value="learner2"' in html  # the search box keeps its text
    assert "1 learner matches." in html
    assert "Page 1 of 1" in html


def test_an_override_without_js_posts_back_to_the_filtered_page(client, demo, url):
    back = f"{url}?status=not_eligible"
    response = staff_client(client).post(back, {"action": "override", "next": back, "username": "learner2",
                                                "override": "grant", "reason": REASON})
    assert response.status_code == 302 and response["Location"] == back
    row = GrantEligibility.objects.get(user__username="learner2")
    assert (row.override, row.override_reason, row.status) == ("grant", REASON, "eligible")
    html = client.get(f"{url}?status=overridden").content.decode()
    assert "learner2 may now apply to the grant fund" in html
    assert re.search(r'role="status"[^>]*>\s*<p class="orglab-msg', html)
    row_html = html.split('<tr data-username="learner2">', 1)[1].split("</tr>", 1)[0]
    assert "Granted" in row_html and REASON in row_html and "Eligible" in row_html


def test_an_override_error_keeps_what_was_typed(client, demo, url):
    response = staff_client(client).post(url, {"action": "override", "next": url, "username": "learner3",
                                               "override": "deny", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="orglab-override-error" role="alert"' in html and "Give a reason" in html
    assert 'value="learner3"' in html
    assert re.search(r'value="deny" checked', html) and not re.search(r'value="grant" checked', html)
    assert 'aria-describedby="orglab-override-error"' in html


def test_a_milestones_file_shows_what_was_taken_and_refused(client, demo, url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "username,milestone,date\nlearner1,live_sessions,2026-11-20\nnobody,live_sessions,2026-11-20\n"
    upload = SimpleUploadedFile("milestones.csv", text.encode("utf-8"), content_type="text/csv")
    response = staff_client(client).post(url, {"action": "milestones", "next": url, "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 milestone recorded." in html and "1 row refused:" in html and "Line 3" in html


def test_a_report_without_js_is_listed_with_its_progress_and_download(client, demo, url):
    response = staff_client(client).post(url, {"action": "report", "next": url, "report": "completion",
                                               "format": "csv", "include": ["username"], "bom": "1"})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    html = client.get(url).content.decode()
    assert "Completion report requested." in html
    item = html.split(f'data-job-id="{job.uuid}"', 1)[1].split("</li>", 1)[0]
    assert f'data-job-url="{reverse("orglab_reports:report-detail", args=[COURSE, job.uuid])}"' in html
    assert 'data-status="done"' in item and "3 of 3 rows" in item
    download = reverse("orglab_reports:report-download", args=[COURSE, job.uuid])
    assert f'href="{download}"' in item
    body = b"".join(client.get(download).streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")


def test_embedded_in_the_instructor_dashboard(client, db, url):
    call_command("seed_demo", learners=30, stages=False)  # two pages of learners
    response = staff_client(client).get(url, {"embedded": "1", "status": "not_eligible"})
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the LMS's tab shows it in an iframe
    html = response.content.decode()
    assert "orglab-embedded" in html and 'class="orglab-toc"' not in html
    assert '<input type="hidden" name="embedded" value="1">' in html  # the filters keep it
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert "page=2" in next_link and "embedded=1" in next_link and "status=not_eligible" in next_link
    assert 'name="next" value="' + url + "?embedded=1&amp;status=not_eligible" in html \
        or 'name="next" value="' + url + "?status=not_eligible&amp;embedded=1" in html
    assert "orglab-embedded" not in staff_client(client).get(url).content.decode()


def test_inside_the_lms_staff_find_a_learner_by_their_profile_name(client, demo, url, monkeypatch):
    """The LMS's full name is `UserProfile.name` (read through compat): the search looks there too,
    as a subquery of user ids on the profile table, and the row shows that name."""
    from django.contrib.auth import get_user_model

    from orglab_plugin import compat

    users = get_user_model().objects
    learner = users.get(username="learner2")
    profiles = {learner.pk: "Wangari Maathai"}

    def users_with_profile_name(text):
        return users.filter(pk__in=[pk for pk, name in profiles.items() if text.lower() in name.lower()]) \
            .values("pk")

    monkeypatch.setattr(compat, "users_with_profile_name", users_with_profile_name)
    monkeypatch.setattr(compat, "full_names", lambda ids: {pk: profiles[pk] for pk in ids if pk in profiles})
    html = staff_client(client).get(url, {"q": "maathai"}).content.decode()
    assert '<tr data-username="learner2">' in html and "1 learner matches." in html
    assert '<span class="orglab-fullname">Wangari Maathai</span>' in html
    html = client.get(url, {"q": "learner"}).content.decode()  # the username still finds them all
    assert "3 learners match." in html
