"""The urgent verbs of ``gongkai govinfo``: ``verify`` walks the whole urgent-report log and proves
it unchanged (``govinfo.chain``), or names the first broken entry and exits non-zero."""

from __future__ import annotations

import click

from gongkai.govinfo.console import govinfo


@govinfo.command()
def verify() -> None:
    """校验紧急信息日志的哈希链：完整则输出条数，否则指出第一条被改动、删除或错序的记录。"""
    from gongkai.govinfo.services.urgent import verify_log

    verdict = verify_log()
    if verdict.ok:
        click.echo(f"日志完整：共 {verdict.count} 条")
        if verdict.count:
            click.echo(f"最后一条哈希：{verdict.last_hash}")
        return
    click.echo(f"日志已被改动：{verdict.message}（第 {verdict.seq} 条，已校验 {verdict.count} 条）", err=True)
    raise SystemExit(1)
