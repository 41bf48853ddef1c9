"""``gongkai portal …``: the file channel between the staff side and a portal host.

staff side:   gongkai portal export --out DIR [--full]
portal host:  gongkai portal import DIR|MANIFEST
portal host:  gongkai portal intake-export --out DIR
staff side:   gongkai portal intake-import MANIFEST --ack-out DIR
portal host:  gongkai portal intake-ack MANIFEST
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


@click.group(name="portal")
def portal() -> None:
    """内外网分离：工作端与门户主机之间经网闸传送的同步文件。"""


@portal.command(name="export")
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False), help="Directory to write the batch into."
)
@click.option("--full", is_flag=True, help="A full snapshot instead of the changes since the last batch.")
@click.option(
    "--state",
    "state",
    type=click.Path(file_okay=False),
    default=None,
    help="Where the exporter keeps its state.",
)
@click.option("--every", type=click.IntRange(0), default=0, help="Keep exporting every N seconds (0: once).")
def export(out: str, full: bool, state: str | None, every: int) -> None:
    """(工作端) Write the next batch of public data for the portal host."""
    _django()
    from gongkai.portalsync.forward import export_public

    while True:
        started = time.perf_counter()
        result = export_public(Path(out), state_dir=Path(state) if state else None, full=full)
        full = False
        kind = "全量" if result.kind == "snapshot" else "增量"
        if result.kind == "none":
            if not every:
                click.echo(f"自第{result.sequence}号同步包以来没有变化，未生成同步包。")
        else:
            click.echo(
                f"已导出第{result.sequence}号{kind}同步包：{result.upserts}行新增或修改、{result.deletes}行删除、"
                f"{result.files}个文件，{result.size}字节，用时{time.perf_counter() - started:.2f}秒："
                f"{result.manifest}"
            )
        if not every:
            return
        time.sleep(every)


@portal.command(name="import")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--every", type=click.IntRange(0), default=0, help="Keep importing new batches every N seconds (0: once)."
)
def import_(path: str, every: int) -> None:
    """(门户主机) Apply a batch, or every batch of a directory in order."""
    _django()
    from gongkai.portalsync.channel import ChannelError
    from gongkai.portalsync.forward import apply_path, last_applied

    while True:
        started = time.perf_counter()
        try:
            results = apply_path(Path(path), after=last_applied() if every else 0)
        except ChannelError as exc:
            if not every:
                raise click.ClickException(str(exc)) from exc
            click.echo(f"错误：{exc}", err=True)
            results = []
        for r in results:
            if r.skipped:
                click.echo(f"第{r.sequence}号同步包已导入过，跳过。")
            else:
                click.echo(
                    f"已导入第{r.sequence}号同步包：{r.upserts}行新增或修改、{r.deletes}行删除、"
                    f"{r.files}个文件，用时{time.perf_counter() - started:.2f}秒。"
                )
        if not every:
            return
        time.sleep(every)


@portal.command(name="intake-export")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False))
def intake_export(out: str) -> None:
    """(门户主机) Write what citizens submitted here, for the staff side."""
    _django()
    from gongkai.portalsync.intake import export_intake

    result = export_intake(Path(out))
    if result is None:
        click.echo("没有待导出的公众提交。")
    else:
        click.echo(f"已导出第{result.sequence}号公众提交包：{result.rows}条：{result.manifest}")


@portal.command(name="intake-import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--ack-out", "ack_out", required=True, type=click.Path(file_okay=False))
def intake_import(path: str, ack_out: str) -> None:
    """(工作端) Take an intake batch in and write its acknowledgement for the portal host."""
    _django()
    from gongkai.portalsync.channel import ChannelError
    from gongkai.portalsync.intake import import_intake

    try:
        result = import_intake(Path(path), Path(ack_out))
    except ChannelError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"已接收第{result.sequence}号公众提交包：新增{result.created}条，已有{result.repeated}条；确认文件：{result.ack}"
    )


@portal.command(name="intake-ack")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def intake_ack(path: str) -> None:
    """(门户主机) Delete the submissions the staff side acknowledged."""
    _django()
    from gongkai.portalsync.channel import ChannelError
    from gongkai.portalsync.intake import apply_ack

    try:
        result = apply_ack(Path(path))
    except ChannelError as exc:
        raise click.ClickException(str(exc)) from exc
    if result.already:
        click.echo(f"第{result.sequence}号公众提交包已确认过。")
    else:
        click.echo(f"第{result.sequence}号公众提交包已确认，门户上删除{result.deleted}条。")
