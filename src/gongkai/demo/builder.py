"""``gongkai demo``: build the demo region, then let every app add its part of it.

    build_demo(items=3000, seed=2008)   # a city modeled on 宿州, ~3000 items, < 1 minute
    build_demo(items=1_000_000)          # the scale benchmark (see benchmarks/bench_import.py)

The city is 宿州 as its 2008 report describes it (docs/sources/suzhou-2008-report.txt).

The demo app writes what is its own: the region's bodies with their catalogs, the people and
their roles (one demo account per role, all holding it in the demo department 市教育局), the
sign-off chains and the secrecy keywords. Every other app adds its part through the demo builder
it registered from its ``AppConfig.ready()`` (``core.registry.demo_builders()``, run in their
order): the information items, the requests, the annual reports, the search index. Each builder
gets one :class:`DemoContext`. The same seed builds the same region.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

from gongkai.accounts import twofactor
from gongkai.accounts.models import User
from gongkai.audit.log import record
from gongkai.core.registry import demo_builders
from gongkai.demo.install import (
    ACCOUNTS,
    DEMO_PASSWORD,
    DemoRegion,
    configure_signoff,
    create_bodies,
    create_catalogs,
    create_people,
    create_secrecy_keywords,
)
from gongkai.demo.region import CITY, CITY_OFFICE, DEMO_DEPARTMENT, region_bodies
from gongkai.orgs.models import Organization

Echo = Callable[[str], Any]


class DemoError(RuntimeError):
    """The demo cannot be built here (the message is Chinese and shown to the user)."""


@dataclass
class DemoContext:
    """What every demo builder is given.

    ``region`` holds the bodies by slug, their specs (``region.specs``, in publishing-activity
    order), the demo accounts by user name (``region.users``) and each body's item author
    (``region.authors``). ``size`` is how many information items the demo should hold in all.
    ``department``, ``city`` and ``city_office`` are the slugs of 市教育局 (where every demo
    account holds its role), 市人民政府 and its general office (the competent authority).
    Builders derive their random generators from ``seed``, so one seed builds one region.
    ``made`` collects what the builders made, for the demo's audit record.
    """

    region: DemoRegion
    seed: int
    size: int
    echo: Echo
    today: dt.date
    department: str = DEMO_DEPARTMENT
    city: str = CITY
    city_office: str = CITY_OFFICE
    made: dict[str, int] = field(default_factory=dict)


def demo_exists() -> bool:
    return Organization.objects.filter(slug=CITY).exists()


def build_demo(*, items: int = 3000, seed: int = 2008, reset: bool = False, echo: Echo = print) -> None:
    """Build the demo region with about ``items`` information items (at least the showcase)."""
    from django.test.utils import override_settings

    from gongkai.disclosure.services.catalog import sync_shipped_data

    started = time.perf_counter()
    if Organization.objects.exists():
        if not reset:
            raise DemoError("数据库中已有机构数据；如要重建演示数据，请使用 --reset。")
        if not demo_exists():
            raise DemoError("数据库中的机构不是演示数据，--reset 不会删除它们。请换一个数据目录。")
        echo("正在删除原有演示数据……")
        delete_demo_data()

    sync_shipped_data()
    with transaction.atomic():
        specs = region_bodies(seed)
        bodies = create_bodies(specs)
        create_catalogs(specs, bodies)
        region = create_people(specs, bodies)
        configure_signoff(region)
        create_secrecy_keywords()
    echo(f"已创建演示地区：{len(bodies)} 个机构，{len(ACCOUNTS)} 个演示账号。")

    context = DemoContext(region=region, seed=seed, size=items, echo=echo, today=timezone.localdate())
    # The demo's people and applicants have example addresses: their notification e-mails go nowhere
    # (they are sent after each builder's transaction commits, so every builder is covered).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for builder in demo_builders():
            builder.build(context)
    record(actor=region.users["admin"], action="demo.built", data={"seed": seed, **context.made})
    echo(f"演示数据已就绪，共用时 {time.perf_counter() - started:.1f} 秒。")


# ---------------------------------------------------------------------------------------------
# Reset
# ---------------------------------------------------------------------------------------------

#: Reference data that survives a reset although it may point at a person (the person is unset).
_KEEP = {"workdays.holidaynotice", "workdays.calendaroverride"}
#: Tables without foreign keys that still hold demo data.
_ALSO = ("core.serialcounter", "search.outboxentry", "sessions.session")


def _demo_models() -> list[type[models.Model]]:
    """Every model whose rows belong to people or bodies: those with a foreign-key path to a user
    or an organization (catalog templates and class lists have none and are kept)."""
    all_models = apps.get_models(include_auto_created=True)
    roots = {apps.get_model("orgs", "Organization"), apps.get_model("accounts", "User")}
    found = set(roots)
    changed = True
    while changed:
        changed = False
        for model in all_models:
            if model in found or model._meta.label_lower in _KEEP:
                continue
            if any(
                f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model in found
                for f in model._meta.fields
            ):
                found.add(model)
                changed = True
    found.update(apps.get_model(label) for label in _ALSO)
    return sorted(found, key=lambda m: m._meta.db_table)


def delete_demo_data() -> None:
    """Delete the demo installation's bodies, people, items and everything attached to them.

    The audit log is append-only and its model refuses deletion on purpose; a demo reset is the one
    place that wipes it, with plain SQL. Foreign keys are deferred to the end of the transaction, so
    the order of the DELETEs does not matter.
    """
    from gongkai.disclosure.models import Attachment

    files = list(Attachment.objects.values_list("file", flat=True))
    demo_models = _demo_models()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for label in _KEEP:
            model = apps.get_model(label)
            for f in model._meta.fields:
                if (
                    f.is_relation
                    and f.many_to_one
                    and f.null
                    and f.related_model._meta.label_lower == "accounts.user"
                ):
                    cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {quote(f.column)} = NULL")  # noqa: S608
        for model in demo_models:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608 - our own table names
    for name in files:
        if name and default_storage.exists(name):
            default_storage.delete(name)


# ---------------------------------------------------------------------------------------------
# The accounts table
# ---------------------------------------------------------------------------------------------


def demo_accounts_text() -> str:
    """The demo accounts and what each may do, in Chinese and English."""
    names = dict(Organization.objects.values_list("slug", "name"))
    lines = [
        f"演示账号（密码均为 {DEMO_PASSWORD}） / Demo accounts (password of every account: {DEMO_PASSWORD})",
        "",
    ]
    width = max(len(a.username) for a in ACCOUNTS) + 2
    # Accounts that must sign in with a second factor (accounts.twofactor) carry a star.
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
    two_factor = twofactor.mode() != "off"
    starred = {
        name
        for name, user in users.items()
        if two_factor and (twofactor.mode() == "all" or twofactor.is_privileged(user))
    }
    for a in ACCOUNTS:
        org = names.get(a.org_slug, "全部机构 / all bodies") if a.org_slug else "全部机构 / all bodies"
        star = "*" if a.username in starred else " "
        lines.append(f" {star}{a.username:<{width}}{a.full_name} · {a.title} · {org}")
        lines.append(f"  {'':<{width}}{a.can_do} / {a.can_do_en}")
    lines += [
        "",
        "  另：每个机构都有一个录入员账号“<网址标识>-editor”，",
        "  如 sz-czj-editor（宿州市财政局）、dsx-editor（砀山县人民政府）。",
        "  Also: every body has an editor account <slug>-editor, e.g. sz-czj-editor, dsx-editor.",
        "  年度报告：sz-czj-head、sz-rsj-head、sz-mzj-head、suzhou-head、dsx-head 为各机构公开工作机构负责人",
        "  （编写年报、办理申请）；市教育局用 officehead，审核年报用 supervisor。",
        "  Annual reports: <slug>-head accounts (sz-czj, sz-rsj, sz-mzj, suzhou, dsx) edit the report;",
        "  officehead for 市教育局; supervisor reviews.",
    ]
    if starred:
        lines += [
            "",
            "  * 须两步验证：首次登录时按页面提示，用手机上的身份验证器",
            "    （TOTP，如 FreeOTP、Microsoft Authenticator）扫描二维码绑定，保存好页面给出的恢复码；",
            "    以后每次登录再输入验证码。主管部门（市政府办公室）的其他账号也是如此。",
            "    只想快速体验时，可用 GONGKAI_2FA=off 启动。",
            "  * Two-factor sign-in: on first sign-in, scan the QR code with an authenticator app (TOTP)",
            "    and keep the recovery codes shown; later sign-ins ask for the app's code.",
            "    Start with GONGKAI_2FA=off to skip it.",
        ]
    lines += [
        "",
        "  门户 Public portal: /    工作台 Staff back office: /staff/",
        "  系统管理：以 admin 登录工作台（机构、登录锁定、两步验证）",
        "  System administration: the back office as admin (organizations, lockouts, 2FA);",
        "  Django admin /admin/ only with GONGKAI_ADMIN_ENABLED=1",
    ]
    return "\n".join(lines)
