"""Adding an app takes its own folder plus one line in ``INSTALLED_APPS`` (issue 9, "Done when").

``sampleapp`` is registered only from its ``AppConfig.ready()``. Installed, it shows up in the back
office's menu and URL map, in "我的工作", in the scheduled round (and ``gongkai round``), in the
audit history's labels and in the demo generator's builders; no other app names it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test.utils import modify_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse

from gongkai.backoffice.menu import menu_for
from gongkai.cli import main
from gongkai.core import registry
from gongkai.core.rounds import run_round
from gongkai.core.tests.sampleapp.apps import BUILT

pytestmark = pytest.mark.django_db

SAMPLE = "gongkai.core.tests.sampleapp"


def _reload_urls() -> None:
    import gongkai.backoffice.urls
    import gongkai.urls

    importlib.reload(gongkai.backoffice.urls)
    importlib.reload(gongkai.urls)
    clear_url_caches()


@pytest.fixture
def sample_app() -> Iterator[None]:
    with registry.isolated(), modify_settings(INSTALLED_APPS={"append": SAMPLE}):
        _reload_urls()
        try:
            yield
        finally:
            BUILT.clear()
    _reload_urls()


@pytest.fixture
def sample_user(django_user_model):
    return django_user_model.objects.create_user(username="sample_user", password="x", full_name="示例用户")


def test_no_other_app_names_the_sample_app() -> None:
    source = Path(__file__).resolve().parents[2]  # src/gongkai
    naming = [
        path
        for path in source.rglob("*.py")
        if "sampleapp" in path.read_text(encoding="utf-8") and "tests" not in path.relative_to(source).parts
    ]
    assert naming == []


def test_the_sample_app_shows_up_in_menu_urls_inbox_round_audit_and_demo(
    sample_app, sample_user, client, clock
):
    clock.set(dt.date(2026, 12, 7))
    # The menu, for whom its visible() admits, leading to its own page under /staff/.
    entry = next(e for e in menu_for(sample_user) if e.key == "sample")
    assert (entry.label, entry.url) == ("示例模块", "/staff/sample/")
    client.force_login(sample_user)
    page = client.get(entry.url)
    assert page.status_code == 200 and "示例事项一" in page.content.decode()
    assert 'href="/staff/sample/" aria-current="page">示例模块' in page.content.decode()

    # The inbox: its entry, its count and its link.
    inbox = client.get(reverse("backoffice:inbox")).content.decode()
    assert "待处理的示例事项" in inbox and 'href="/staff/sample/"' in inbox

    # The round, run by the shell and by `gongkai round`.
    results = {r.job.key: r for r in run_round(dt.date(2026, 12, 7))}
    assert results["sample"].counts == {"checked": 7} and results["sample"].lines() == [("检查", 7)]
    output = CliRunner().invoke(main, ["round", "--today", "2026-12-09"], catch_exceptions=False).output
    assert "示例模块：每日检查：\n  检查：9" in output

    # The audit history's labels and the demo generator's builders.
    assert registry.audit_label("sample.done") == "完成示例事项"
    builder = next(b for b in registry.demo_builders() if b.key == "sample")
    builder.build("context")
    assert BUILT == ["context"]


def test_without_the_app_nothing_of_it_remains(django_user_model) -> None:
    user = django_user_model.objects.create_user(username="sample_user", password="x")
    assert all(e.key != "sample" for e in menu_for(user))
    assert registry.audit_label("sample.done") == "sample.done"
    assert all(job.key != "sample" for job in registry.round_jobs())
    with pytest.raises(NoReverseMatch):
        reverse("backoffice:sample_list")


def test_the_menu_hides_a_section_from_whom_it_does_not_serve(sample_app, django_user_model) -> None:
    other = django_user_model.objects.create_user(username="someone_else", password="x")
    assert all(e.key != "sample" for e in menu_for(other))


def test_a_failing_job_is_reported_and_the_round_goes_on() -> None:
    def broken(today: dt.date) -> dict[str, int]:
        raise RuntimeError("磁盘已满")

    with registry.isolated():
        registry.register_round_job(registry.RoundJob(key="aaa.broken", label="坏任务", run=broken, order=0))
        results = run_round(dt.date(2026, 12, 7))
    assert results[0].job.key == "aaa.broken" and results[0].error == "RuntimeError: 磁盘已满"
    assert {r.job.key for r in results[1:]} >= {"foi.deadlines", "reports.reminders"}
    assert all(not r.error for r in results[1:])


def test_audit_data_labels_by_the_longest_prefix_of_the_action() -> None:
    """Two apps may both record a key ``from``: each labels it for its own actions; a key nobody labels
    is shown as it is; leaving ``isolated()`` forgets the labels."""
    with registry.isolated():
        registry.register_audit_data_labels("sample.", {"from": "原值", "to": "新值"})
        registry.register_audit_data_labels("sample.scheme_", {"from": "原版本"})
        assert registry.audit_data_label("sample.moved", "from") == "原值"
        assert registry.audit_data_label("sample.scheme_versioned", "from") == "原版本"
        assert registry.audit_data_label("sample.scheme_versioned", "to") == "新值"
        assert registry.audit_data_label("other.moved", "from") == "from"
    assert registry.audit_data_label("sample.moved", "from") == "from"
