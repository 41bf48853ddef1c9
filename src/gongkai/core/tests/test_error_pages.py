"""Error pages render whatever went wrong (issue 8 §2): an unknown URL is a 404 in the site's look,
never a 500 because the layout asked for the route of a request that matched none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import gongkai

TEMPLATES = Path(gongkai.__file__).parent / "templates"


@pytest.fixture
def quiet_client() -> Client:
    """A client that returns the 500 page instead of raising, as a browser would see it."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no-such-page/x/", "/items/abc/", "/a/b/c/d/"])
def test_unknown_portal_url_is_a_404_with_the_portal_layout(quiet_client: Client, path: str) -> None:
    response = quiet_client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'class="site-nav"' in html  # the portal's navigation, i.e. its layout
    assert 'href="/"' in html  # a way back home


@pytest.mark.django_db
def test_unknown_back_office_url_is_a_404_anonymous_and_signed_in(quiet_client: Client, region: Any) -> None:
    response = quiet_client.get("/staff/no-such-screen/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "返回我的工作" in response.content.decode()

    quiet_client.force_login(region.editor)
    response = quiet_client.get("/staff/no-such-screen/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "返回我的工作" in html
    assert "工作台导航" in html  # the back office's navigation for a signed-in person
    assert region.editor.full_name in html


@pytest.mark.django_db
def test_search_without_its_slash_redirects(quiet_client: Client) -> None:
    """APPEND_SLASH can only redirect if the 404 it starts from renders."""
    response = quiet_client.get("/search?q=%E5%85%AC%E5%BC%80")  # ?q=公开, as a browser sends it
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=%E5%85%AC%E5%BC%80"


@pytest.mark.django_db
def test_permission_denied_in_the_back_office_keeps_its_layout(quiet_client: Client, region: Any) -> None:
    quiet_client.force_login(region.outsider)
    response = quiet_client.get("/staff/items/new/")
    assert response.status_code in (403, 404)
    assert "返回我的工作" in response.content.decode()


def test_the_500_page_is_static() -> None:
    """A 500 page that can itself fail shows nothing at all: no template syntax in it."""
    html = (TEMPLATES / "500.html").read_text()
    assert "{%" not in html and "{{" not in html
    assert "服务器错误" in html and 'href="/"' in html


def test_the_400_page_never_reads_the_request() -> None:
    """Django renders 400.html without a request (it may be a bad Host header)."""
    from django.template.loader import get_template

    html = get_template("400.html").render()
    assert "请求有误" in html and 'href="/"' in html
    assert "request" not in (TEMPLATES / "400.html").read_text().split("{% endcomment %}", 1)[1]
    # Nor does the layout it shares with 413.html and 403_csrf.html.
    assert "request" not in (TEMPLATES / "error_plain.html").read_text().split("{% endcomment %}", 1)[1]


@pytest.mark.django_db
def test_a_refused_csrf_token_is_explained_in_chinese(region: Any) -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(region.editor)
    response = client.post("/staff/notifications/read/", {"all": "1"})
    assert response.status_code == 403
    assert "提交未能完成" in response.content.decode()
