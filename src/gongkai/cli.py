"""The ``gongkai`` console command: everything a user runs, one verb each.

gongkai demo          build the demo region and start the platform
gongkai serve         start the platform (web server) on an existing installation
gongkai setup         create or upgrade the database (migrations, shipped data)
gongkai createadmin   create a system administrator
gongkai import …      bulk-import a legacy catalog or register of requests (CSV/XLSX)
gongkai round         the scheduled round: every job the apps registered (deadlines, reminders, digests)
gongkai requests …    requests for information: the round's deadlines, recompute due dates, the register
gongkai report …      the annual report (政府信息公开工作年度报告): export as JSON, DOCX or XLSX
gongkai govinfo …     政务信息报送: rankings and 通报, verifying the urgent-report log
gongkai search …      rebuild or process the search index
gongkai backup        back up the database and every stored file (safe while running)
gongkai restore       restore a backup into an empty installation (or over one, with --force)
gongkai portal …      内外网分离: the file channel between the staff side and a portal host
gongkai manage …      any Django management command (for maintainers)
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django
    from django.conf import settings

    django.setup()
    # Settings create the data directory only to keep a generated secret key in it: with
    # GONGKAI_SECRET_KEY given (a deployment), a fresh one is created here, before anything opens it.
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _migrate(quiet: bool = True) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
    if connection.vendor == "sqlite":
        from gongkai.core.database import refresh_statistics

        refresh_statistics()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def main() -> None:
    """Gongkai (公开)：政府信息公开平台。

    The data directory is GONGKAI_DATA_DIR (default ./var); set DATABASE_URL for PostgreSQL and
    REDIS_URL for a shared cache. See README.md and docs/ARCHITECTURE.md.
    """


@main.command()
def setup() -> None:
    """Create or upgrade the database and load the shipped catalog templates and class lists."""
    _django()
    _migrate(quiet=False)
    click.echo("数据库已就绪。")


@main.command()
@click.option("--items", default=3000, show_default=True, help="How many information items to generate.")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Start the web server afterwards.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--reset/--keep", default=False, help="Delete the existing demo data first.")
@click.option(
    "--seed", default=2008, show_default=True, help="Random seed (the same seed builds the same region)."
)
def demo(items: int, serve: bool, host: str, port: int, reset: bool, seed: int) -> None:
    """Build the demo region (a city modeled on 宿州: government, departments, counties, townships,
    public enterprises), one user for every role, and realistic items in every workflow state."""
    _django()
    _migrate()
    from gongkai.demo.builder import DemoError, build_demo, demo_accounts_text, demo_exists

    if demo_exists() and not reset:
        click.echo("演示数据已存在（使用 --reset 重建）。")
    else:
        try:
            build_demo(items=items, seed=seed, reset=reset, echo=click.echo)
        except DemoError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(demo_accounts_text())
    if serve:
        _serve(host, port, workers=0)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=0, help="Worker processes (0 = one per core plus one).")
@click.option(
    "--role",
    type=click.Choice(["full", "portal"]),
    default=None,
    help="portal: only the public portal, its search, the public API and the intake forms (GONGKAI_ROLE).",
)
def serve(host: str, port: int, workers: int, role: str | None) -> None:
    """Start the platform's web server (portal at /, staff back office at /staff/)."""
    if role:
        os.environ["GONGKAI_ROLE"] = role
    _django()
    _migrate()
    _serve(host, port, workers)


def _serve(host: str, port: int, workers: int) -> None:
    from django.conf import settings

    from gongkai.core.server import run_server

    if settings.GONGKAI_ROLE == "portal":
        click.echo(f"Gongkai 门户主机已启动（仅公开数据）：http://{host}:{port}/  （Ctrl+C 退出）")
        run_server(host=host, port=port, workers=workers, rounds=False)
        return
    click.echo(
        f"Gongkai 已启动：http://{host}:{port}/  （工作台：http://{host}:{port}/staff/ ；Ctrl+C 退出）"
    )
    run_server(host=host, port=port, workers=workers)


@main.command()
@click.option("--username", prompt="用户名")
@click.option("--email", default="", help="E-mail address.")
@click.password_option(prompt="密码")
def createadmin(username: str, email: str, password: str) -> None:
    """Create a system administrator (the back office; Django admin only with GONGKAI_ADMIN_ENABLED)."""
    _django()
    _migrate()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise click.ClickException(f"用户 {username} 已存在。")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise click.ClickException("；".join(exc.messages)) from exc
    user_model.objects.create_superuser(username=username, email=email, password=password)
    click.echo(f"已创建系统管理员 {username}。")


@main.group(name="import")
def import_() -> None:
    """Bulk-import legacy data from CSV or XLSX files."""


@import_.command(name="items")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--organization", required=True, help="Unit code or slug of the publishing body.")
@click.option("--dry-run", is_flag=True, help="Validate only; report every bad row and change nothing.")
@click.option(
    "--user",
    "username",
    default="",
    help="Staff user the import is recorded under (default: a system account).",
)
def import_items(path: str, organization: str, dry_run: bool, username: str) -> None:
    """Import a legacy catalog of published items (columns documented in docs/IMPORT.md)."""
    _django()
    _migrate()
    from gongkai.disclosure.importer import import_catalog_file

    user = None
    if username:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise click.ClickException(f"没有名为 {username} 的在用账户。")
    report = import_catalog_file(path, organization=organization, dry_run=dry_run, echo=click.echo, user=user)
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@import_.command(name="requests")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True, help="Staff user the import is recorded under.")
@click.option("--body", default="", help="Receiving body (unit code, slug or name) of rows that name none.")
@click.option("--dry-run", is_flag=True, help="Validate only; report every bad row and change nothing.")
def import_requests(path: str, username: str, body: str, dry_run: bool) -> None:
    """Import a legacy register of requests for information (columns documented in docs/IMPORT.md)."""
    _django()
    _migrate()
    from django.contrib.auth import get_user_model

    from gongkai.foi.importer import import_requests_file

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.ClickException(f"没有名为 {username} 的在用账户。")
    report = import_requests_file(path, user=user, body=body, dry_run=dry_run, echo=click.echo)
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


def _round_options(command: Any) -> Any:
    command = click.option(
        "--every",
        type=int,
        default=0,
        help="Keep running, one round every this many seconds (gongkai serve runs it with 3600).",
    )(command)
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Run the round as of this day (YYYY-MM-DD; default: today).",
    )(command)


def _run_round(today: Any, every: int, only: set[str] | None = None) -> None:
    _django()
    _migrate()
    from gongkai.core.rounds import run_round

    if every:
        import time

        while True:  # a worker process: a failing job is logged by run_round, the next round runs
            run_round(only=only)
            time.sleep(every)
    failed = False
    for result in run_round(today.date() if today else None, only=only):
        if result.error:
            failed = True
            click.echo(f"{result.job.label}：失败（{result.error}）", err=True)
            continue
        click.echo(f"{result.job.label}：")
        for label, count in result.lines():
            click.echo(f"  {label}：{count}{result.job.count_unit}")
    if failed:
        sys.exit(1)


@main.command(name="round")
@_round_options
def round_(today: Any, every: int) -> None:
    """Run the scheduled round: every job the apps registered (request deadlines, annual-report
    reminders, notices and digests). Each job is safe to repeat on the same day."""
    _run_round(today, every)


@main.group(name="requests")
def requests_() -> None:
    """Requests for information (依申请公开): the round's deadlines, recomputing due dates, the register."""


@requests_.command(name="tick")
@_round_options
def requests_tick(today: Any, every: int) -> None:
    """Apply the deadlines (lapsed corrections, consultations, fees) and send due-soon and overdue
    notices: the requests' job of the scheduled round alone."""
    _run_round(today, every, only={"foi.deadlines"})


@requests_.command(name="recompute")
def requests_recompute() -> None:
    """Recompute the due dates of every open request (after a change of the working-day calendar)."""
    _django()
    _migrate()
    from gongkai.core.actors import SYSTEM
    from gongkai.foi.services.clock import recompute_open_requests

    summary = recompute_open_requests(actor=SYSTEM, reason="命令行重新计算（gongkai requests recompute）")
    click.echo(f"已重新计算 {summary['checked']} 件办理中的申请，答复期限变化 {summary['changed']} 件。")
    for moved in summary["moved"][:20]:
        click.echo(f"  {moved['request']}：{moved['from']} → {moved['to']}")
    if summary["changed"] > 20:
        click.echo(f"  ……其余 {summary['changed'] - 20} 件见审计日志和各申请的计时记录。")


@requests_.command(name="export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--body", "bodies", multiple=True, help="Receiving body (unit code or slug); repeatable.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    default=None,
    help="File format (default: from the file name, else xlsx).",
)
def requests_export(out: str, bodies: tuple[str, ...], fmt: str | None) -> None:
    """Export the register of requests (ID numbers and telephone numbers masked)."""
    _django()
    _migrate()
    from pathlib import Path

    from gongkai.audit.log import record
    from gongkai.foi.export import export_register
    from gongkai.foi.models import InfoRequest
    from gongkai.orgs.models import Organization

    orgs = []
    for code in bodies:
        org = (
            Organization.objects.filter(unit_code=code).first()
            or Organization.objects.filter(slug=code).first()
        )
        if org is None:
            raise click.ClickException(f"找不到单位代码或网址标识为“{code}”的机关。")
        orgs.append(org)
    queryset = InfoRequest.objects.all()
    if orgs:
        queryset = queryset.filter(organization__in=orgs)
    path = Path(out)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "xlsx")
    data = export_register(queryset, fmt=fmt)
    path.write_bytes(data)
    count = queryset.count()
    from gongkai.core.actors import SYSTEM

    record(
        actor=SYSTEM,
        action="requests.exported",
        organization=orgs[0] if len(orgs) == 1 else None,
        data={"file": path.name, "format": fmt, "rows": count, "bodies": [o.unit_code for o in orgs]},
    )
    click.echo(f"已导出 {count} 件申请到 {path}（证件号码、联系电话已脱敏）。")


@main.group(name="report")
def report_() -> None:
    """The annual report (政府信息公开工作年度报告): export it in the official format."""


@report_.command(name="annual")
@click.option("--body", required=True, help="The body: unit code (统一社会信用代码) or slug.")
@click.option("--year", type=click.IntRange(2008, 9999), required=True, help="The year reported on (YYYY).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "docx", "xlsx"]),
    default="json",
    show_default=True,
    help="json: sections and every figure; docx: the report in the official layout; xlsx: 表二, 表三, 表四.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="File to write (default: JSON to the screen, DOCX/XLSX to annual-report-<slug>-<year>.<format>).",
)
def report_annual(body: str, year: int, fmt: str, out: str | None) -> None:
    """Export one body's annual report in any state (a staff tool): a draft or returned report, or a
    year without a report yet, shows the figures computed now; a submitted one those frozen then."""
    _django()
    _migrate()
    import json
    from pathlib import Path

    from gongkai.orgs.models import Organization
    from gongkai.reports import render
    from gongkai.reports.models import AnnualReport

    org = (
        Organization.objects.filter(unit_code=body).first() or Organization.objects.filter(slug=body).first()
    )
    if org is None:
        raise click.ClickException(f"找不到单位代码或网址标识为“{body}”的机关。")
    report = AnnualReport.objects.filter(organization=org, year=year).select_related("organization").first()
    if report is None:
        report = AnnualReport(organization=org, year=year)  # not saved: the figures as of now, no text
        click.echo(
            f"注意：{org.name}尚未创建{year}年度报告，以下按平台现有数据计算，正文为空。",
            err=True,
        )
    elif not report.figures:
        state = report.get_state_display()  # type: ignore[attr-defined]
        click.echo(f"注意：该报告状态为“{state}”，数字按平台现有数据即时计算。", err=True)
    if fmt == "json":
        text = json.dumps(render.report_json(report, internal=True), ensure_ascii=False, indent=2)
        if out is None:
            click.echo(text)
            return
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        data = render.report_docx(report) if fmt == "docx" else render.report_xlsx(report)
        out = out or f"annual-report-{org.slug}-{year}.{fmt}"
        Path(out).write_bytes(data)
    click.echo(f"已导出{render.report_title(report)}（{fmt.upper()}）到 {out}。")


@main.group()
def search() -> None:
    """Maintain the search index."""


@search.command(name="rebuild")
def search_rebuild() -> None:
    """Rebuild the search index from the database (with a progress bar)."""
    _django()
    _migrate()
    from gongkai.search.indexer import rebuild_index

    n = rebuild_index(progress=True)
    click.echo(f"已重建检索索引：{n} 条公开信息。")


@search.command(name="process")
@click.option("--forever", is_flag=True, help="Keep polling the outbox (a worker process).")
def search_process(forever: bool) -> None:
    """Apply pending changes from the search outbox to the index."""
    _django()
    from gongkai.search.indexer import run_worker

    run_worker(forever=forever)


@main.group()
def attachments() -> None:
    """Stored attachments."""


@attachments.command(name="reread")
@click.option("--all", "every", is_flag=True, help="Every attachment, not only the unreadable ones.")
def attachments_reread(every: bool) -> None:
    """Read the text of attachments again (e.g. after installing tesseract or antiword)."""
    _django()
    _migrate()
    from gongkai.core.actors import SYSTEM
    from gongkai.disclosure.services.reread import reread_attachments

    counts = reread_attachments(actor=SYSTEM, only_unreadable=not every)
    click.echo(
        f"已重新读取 {counts.examined} 个附件：{counts.now_read} 个已读取，"
        f"{counts.still_unreadable} 个仍无法读取（须人工审查），{counts.missing} 个文件缺失。"
    )


@main.command()
@click.option(
    "--to", "to", default=None, help="Directory to write the backup in (default: GONGKAI_DATA_DIR/backups)."
)
def backup(to: str | None) -> None:
    """Back up the database, every stored file and the secret key (safe while the platform runs)."""
    _django()
    from pathlib import Path

    from gongkai.core.backup import ArchiveError, create_backup

    try:
        result = create_backup(Path(to) if to else None, echo=click.echo)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"已备份到 {result.path}（{len(result.manifest.files)} 个文件，共 {result.size / 1e6:.1f} MB）。"
        "备份含个人信息和密钥：请复制到本机以外妥善保存。"
    )


@main.command()
@click.argument("source")
@click.option("--force", is_flag=True, help="Replace the data of an installation that is not empty.")
def restore(source: str, force: bool) -> None:
    """Restore a backup made by ``gongkai backup`` (stop the platform first)."""
    _django()
    from pathlib import Path

    from gongkai.core.backup import ArchiveError, restore_backup
    from gongkai.search.indexer import rebuild_index

    try:
        result = restore_backup(Path(source), force=force, echo=click.echo)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("正在重建检索索引……")
    indexed = rebuild_index()
    for warning in result.warnings:
        click.echo(f"注意：{warning}", err=True)
    click.echo(
        f"已恢复 {result.manifest.created_at} 的备份：数据库、{result.files} 个文件，检索索引 {indexed} 条。"
    )


def _add_govinfo() -> None:
    from gongkai.govinfo.console import govinfo

    main.add_command(govinfo)


_add_govinfo()


def _add_portal() -> None:
    from gongkai.portalsync.console import portal

    main.add_command(portal)


_add_portal()


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. ``gongkai manage check``."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args])


if __name__ == "__main__":
    main()
