"""Every page of the application, opened in Chromium by a user allowed to see it, passes axe
(no serious or critical violation) under the real Content-Security-Policy.

The pages come from the one role × view × object table (tests/workspace/test_access_matrix.py):
each GET row with an allowed (200) answer is opened with the first role and object that may see
it; the home and the young person's file, whose content changes with the role, are opened by
every role allowed. Answers that are not HTML pages (CSV, PDF, ZIP, XLSX, htmx fragments) are
left out: they are checked where they are produced."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tests.browser.conftest import assert_accessible
from tests.workspace.test_access_matrix import MATRIX, OBJECTS, _request


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERY_ROLE = {"home", "workspace:jeune"}


def _visits() -> list[tuple[str, object, str | None]]:
    visits = []
    for (name, method), by_role in MATRIX.items():
        if method != "GET":
            continue
        for role, codes in by_role.items():
            if "A" not in codes:
                continue
            obj = None if len(codes) == 1 else OBJECTS[codes.index("A")]
            visits.append((name, role, obj))
            if name not in EVERY_ROLE:
                break
    return visits


def test_every_page_is_accessible(live_server, page: Page, world):
    visits = _visits()
    assert len(visits) > 25
    opened, problems = [], []
    for name, role, obj in visits:
        client = Client()
        response = _request(client, world, name, "GET", role, obj)  # logs the user in, builds the objects
        assert response.status_code == 200, (name, role, obj)
        if not response["Content-Type"].startswith("text/html") or b"<html" not in response.content[:500]:
            continue
        url = response.wsgi_request.get_full_path()
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "url": live_server.url}]
        )
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        assert page.locator("main").count() == 1, (name, role, url)
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(f"{name} ({role}, {url}) : {error}")
        opened.append(name)
    assert len(set(opened)) > 20, sorted(set(opened))
    assert not problems, "\n".join(problems)
