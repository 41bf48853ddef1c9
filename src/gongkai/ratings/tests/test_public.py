"""The public rating endpoints (社会评议, issue 11 point 3): grades, the comment masked and never
public, the same form stored once, one rating per target and day, the rate limit, hidden items,
the Origin check, no-store answers, and a rating model that has no place for personal data."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.disclosure.services import workflow
from gongkai.ratings.models import Grade, Rating, TargetKind

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
_tokens = itertools.count(1)


def token() -> str:
    return f"test-token-{next(_tokens):012d}"


def rate(
    client: Any,
    url: str,
    *,
    grade: str = "satisfied",
    comment: str = "",
    tok: str | None = None,
    **headers: Any,
) -> Any:
    headers.setdefault("HTTP_ORIGIN", SITE)
    data = {"grade": grade, "comment": comment, "token": token() if tok is None else tok}
    return client.post(url, data, **headers)


@pytest.fixture
def item(region: Any, make_item: Any) -> Any:
    return make_item(title="关于2026年春季学期中小学开学工作的通知")


def item_url(item: Any) -> str:
    return reverse("portal:rate_item", args=[item.pk])


def test_the_rating_model_has_no_field_for_personal_data():
    names = {f.name for f in Rating._meta.get_fields()}
    assert names == {"id", "kind", "organization", "item", "grade", "comment", "month", "created_at", "token"}
    for forbidden in ("ip", "address", "agent", "user", "session", "cookie", "phone", "email", "name"):
        assert not any(forbidden in n for n in names - {"organization"}), forbidden


def test_rating_an_item_stores_the_grade_month_and_a_masked_comment(client, clock, item, region):
    clock.set(dt.date(2026, 3, 17))
    response = rate(
        client,
        item_url(item),
        grade="basic",
        comment="附件打不开，我的电话13812345678，邮箱zhang@example.com",
    )
    assert response.status_code == 200
    assert "感谢您的评价" in response.content.decode()
    rating = Rating.objects.get()
    assert (rating.kind, rating.organization, rating.item, rating.grade) == (
        TargetKind.ITEM,
        region.dept,
        item,
        Grade.BASIC,
    )
    assert rating.month == dt.date(2026, 3, 1)
    assert "13812345678" not in rating.comment and "138****5678" in rating.comment
    assert "zhang@example.com" not in rating.comment
    assert rating.grade_label == "有一定帮助"
    event = AuditEvent.objects.get(action="rating.received")
    assert event.organization == region.dept and event.actor is None
    assert "1381234" not in str(event.data)


def test_rating_a_body(client, clock, region):
    clock.set(dt.date(2026, 3, 17))
    response = rate(client, reverse("portal:rate_body", args=["edu"]), grade="unsatisfied")
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.kind, rating.organization, rating.item, rating.grade_label) == (
        "body",
        region.dept,
        None,
        "不满意",
    )


@pytest.mark.parametrize("grade", ["", "excellent", "满意", "x" * 5000])
def test_a_grade_outside_the_scale_is_refused(client, clock, item, grade):
    clock.set(dt.date(2026, 3, 17))
    response = rate(client, item_url(item), grade=grade)
    assert response.status_code == 400
    assert "请选择" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_comment_too_long_is_refused_and_kept_for_correction(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    response = rate(client, item_url(item), comment="很" * 301)
    html = response.content.decode()
    assert response.status_code == 400
    assert "意见建议最多300个字，您输入了301个字" in html
    assert "很" * 301 in html  # what the visitor wrote is not lost
    assert not Rating.objects.exists()
    assert rate(client, item_url(item), comment="很" * 300).status_code == 200


def test_the_same_form_sent_twice_is_stored_once(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    tok = token()
    first = rate(client, item_url(item), tok=tok)
    again = rate(client, item_url(item), tok=tok)
    assert first.status_code == again.status_code == 200
    assert "感谢您的评价" in again.content.decode()
    assert Rating.objects.count() == 1


def test_a_token_reused_for_another_target_stores_nothing(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    tok = token()
    assert rate(client, item_url(item), tok=tok).status_code == 200
    response = rate(client, reverse("portal:rate_body", args=["edu"]), tok=tok)
    assert response.status_code == 400
    assert "表单已失效" in response.content.decode()
    assert Rating.objects.count() == 1


def test_a_malformed_token_is_refused(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    response = rate(client, item_url(item), tok="abc<script>")
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_one_rating_per_target_and_day(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    assert rate(client, item_url(item)).status_code == 200
    second = rate(client, item_url(item), grade="unsatisfied")
    assert second.status_code == 409
    assert "您今天已经评价过这条信息" in second.content.decode()
    # Another target the same day, and the same target from another address, count.
    assert rate(client, reverse("portal:rate_body", args=["edu"])).status_code == 200
    assert rate(client, item_url(item), REMOTE_ADDR="203.0.113.9").status_code == 200
    clock.shift(dt.timedelta(days=1))
    assert rate(client, item_url(item)).status_code == 200
    assert Rating.objects.count() == 4


def test_the_rate_limit_answers_429(client, clock, settings, region, make_item):
    clock.set(dt.date(2026, 3, 17))
    settings.GONGKAI = {**settings.GONGKAI, "RATINGS_PER_HOUR": 2}
    items = [make_item(title=f"通知{n}") for n in range(3)]
    assert rate(client, item_url(items[0])).status_code == 200
    assert rate(client, item_url(items[1])).status_code == 200
    limited = rate(client, item_url(items[2]))
    assert limited.status_code == 429
    assert "每小时最多提交2次评价" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0
    assert Rating.objects.count() == 2
    # Another address has its own window; the next hour this one may rate again.
    assert rate(client, item_url(items[2]), REMOTE_ADDR="198.51.100.4").status_code == 200
    clock.shift(dt.timedelta(hours=1))
    assert rate(client, reverse("portal:rate_body", args=["edu"])).status_code == 200


def test_a_refused_rating_gives_back_its_place(client, clock, settings, item):
    clock.set(dt.date(2026, 3, 17))
    settings.GONGKAI = {**settings.GONGKAI, "RATINGS_PER_HOUR": 1}
    assert rate(client, item_url(item), tok="bad!").status_code == 400
    assert rate(client, item_url(item), grade="nope").status_code == 400
    assert rate(client, item_url(item)).status_code == 200


@pytest.mark.parametrize("state", ["draft", "review", "signoff", "withdrawn"])
def test_an_item_the_public_cannot_see_can_never_be_rated(client, clock, region, make_item, state):
    clock.set(dt.date(2026, 3, 17))
    item = make_item(state="draft" if state == "withdrawn" else state, title="内部讨论稿")
    if state == "withdrawn":
        from gongkai.testing import advance_item

        item = advance_item(region=region, item=item)
        workflow.withdraw_item(actor=region.signer, item=item, reason="信息有误")
    for response in (client.get(item_url(item)), rate(client, item_url(item))):
        assert response.status_code == 404
        assert response["Cache-Control"] == "no-store"
    assert not Rating.objects.exists()


def test_an_unknown_or_inactive_body_is_404(client, clock, region):
    clock.set(dt.date(2026, 3, 17))
    region.county_dept.is_active = False
    region.county_dept.save()
    for slug in ("no-such-body", "county-finance"):
        assert rate(client, reverse("portal:rate_body", args=[slug])).status_code == 404
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/items/1/"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
    ],
)
def test_a_rating_not_sent_from_this_site_is_refused(client, clock, item, headers):
    clock.set(dt.date(2026, 3, 17))
    data = {"grade": "satisfied", "comment": "", "token": token()}
    response = client.post(item_url(item), data, **headers)
    assert response.status_code == 403
    assert "只能在本网站的页面上提交" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_referer_stands_in_for_a_missing_origin(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    data = {"grade": "satisfied", "token": token()}
    response = client.post(item_url(item), data, HTTP_REFERER=f"{SITE}/items/{item.pk}/")
    assert response.status_code == 200
    assert Rating.objects.count() == 1


def test_without_javascript_the_rating_is_confirmed_with_a_token_of_the_server(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    response = client.post(item_url(item), {"grade": "basic", "comment": "希望配流程图"}, HTTP_ORIGIN=SITE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "请确认您的评价" in html
    assert not Rating.objects.exists()
    form = response.context["form"]
    assert form.data["grade"] == "basic" and form.data["comment"] == "希望配流程图"
    server_token = form.data["token"]
    assert f'value="{server_token}"' in html
    confirmed = client.post(
        item_url(item), {"grade": "basic", "comment": "希望配流程图", "token": server_token}, HTTP_ORIGIN=SITE
    )
    assert confirmed.status_code == 200
    assert Rating.objects.get().comment == "希望配流程图"


def test_every_answer_is_private_and_the_cached_pages_carry_no_token(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    form_page = client.get(item_url(item))
    assert form_page.status_code == 200 and form_page["Cache-Control"] == "no-store"
    assert "这条信息对您有帮助吗" in form_page.content.decode()
    assert rate(client, item_url(item))["Cache-Control"] == "no-store"
    for url in (reverse("portal:item", args=[item.pk]), reverse("portal:body", args=["edu"])):
        page = client.get(url)
        html = page.content.decode()
        assert "no-store" not in page.get("Cache-Control", "")
        assert "csrfmiddlewaretoken" not in html
        assert 'name="token" value=""' in html
        assert "ratings/rating.js" in html
    assert f'action="{item_url(item)}"' in client.get(reverse("portal:item", args=[item.pk])).content.decode()


def test_comments_are_never_public(client, clock, item):
    clock.set(dt.date(2026, 3, 17))
    rate(client, item_url(item), comment="mkratingsecretcomment 内容很好")
    rate(client, reverse("portal:rate_body", args=["edu"]), comment="mkratingbodycomment 不错")
    for url in (
        reverse("portal:item", args=[item.pk]),
        reverse("portal:body", args=["edu"]),
        item_url(item),
        reverse("portal:rate_body", args=["edu"]),
        reverse("portal:search") + "?q=mkratingsecretcomment",
    ):
        html = client.get(url).content.decode()
        assert "mkratingsecretcomment 内容" not in html and "mkratingbodycomment" not in html, url


def test_the_rating_pages_speak_english(client, clock, item, settings):
    clock.set(dt.date(2026, 3, 17))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(item_url(item)).content.decode()
    assert "Was this information helpful to you?" in html and "Send rating" in html
    assert "Rate this information" in client.get(reverse("portal:item", args=[item.pk])).content.decode()
    thanks = rate(client, item_url(item)).content.decode()
    assert "Thank you for your rating" in thanks
    assert "Are you satisfied" in client.get(reverse("portal:body", args=["edu"])).content.decode()
