"""The scoring verbs of ``gongkai govinfo`` (docs/SPEC.md §8):

- ``ranking`` prints the ranking of an office's units over the month, quarter or year containing a
  date (ranks with 并列, points by source, flags), as a table or CSV;
- ``bulletin`` writes the DOCX of a draft 通报 of that period, generated from the data (nothing is
  stored: the desk issues 通报 from the back office).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from typing import Any

import click

from gongkai.govinfo.console import govinfo

PERIODS = click.Choice(["month", "quarter", "year"])


def _office(slug: str) -> Any:
    from gongkai.orgs.models import Organization

    office = Organization.objects.filter(slug=slug).first()
    if office is None:
        raise click.BadParameter(f"没有网址标识为“{slug}”的机构", param_hint="--office")
    return office


def _rule_set(rules: int | None) -> Any:
    from gongkai.govinfo.models import PointsRuleSet

    if rules is None:
        return None
    found = PointsRuleSet.objects.filter(pk=rules).first()
    if found is None:
        raise click.BadParameter(f"没有编号为 {rules} 的计分规则", param_hint="--rules")
    return found


def _standings(
    office: Any, period: str, day: dt.date, rule_set: Any
) -> tuple[Any, dt.date, dt.date, list[Any]]:
    from gongkai.govinfo import points, scoring

    start, end = scoring.period_bounds(period, day)
    rule_set = rule_set or scoring.rule_set_on(end)
    try:
        rows = scoring.standings(office, start, end, rule_set=rule_set)
    except points.RuleSetError as exc:
        raise click.ClickException(f"计分规则有误：{exc}") from exc
    return rule_set, start, end, rows


@govinfo.command()
@click.option("--office", "slug", required=True, help="办公室的网址标识（slug）")
@click.option("--period", type=PERIODS, default="month", show_default=True, help="统计周期")
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="统计该日期所在的周期"
)
@click.option("--rules", type=int, default=None, help="计分规则编号（默认：期末生效的规则）")
@click.option("--csv", "as_csv", is_flag=True, help="输出 CSV")
def ranking(slug: str, period: str, day: dt.datetime, rules: int | None, as_csv: bool) -> None:
    """输出办公室所属单位某月、某季度或某年的得分排名（并列名次、得分构成、未报送和清零标记）。"""
    from gongkai.govinfo import bulletins, scoring

    office = _office(slug)
    rule_set, start, _end, rows = _standings(office, period, day.date(), _rule_set(rules))
    header = bulletins.RANKING_HEADER
    data = [bulletins.ranking_row(r) for r in rows]
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(data)
        return
    label = scoring.period_label(period, start)
    click.echo(f"{office.name} {label}政务信息得分排名（计分规则：{rule_set or '内置默认规则'}）")
    for row in data:
        rank = f"{row[0]}{'（并列）' if row[1] else ''}"
        flags = "".join(f" [{flag}]" for flag, on in (("未报送", row[10]), ("全年清零", row[11])) if on)
        click.echo(
            f"{rank:<8}{row[2]}  报送{row[3]} 采用{row[4]} 批示{row[5]}  "
            f"采用{row[6]} 批示{row[7]} 扣分{row[8]}  得分 {row[9]}{flags}"
        )


@govinfo.command()
@click.option("--office", "slug", required=True, help="办公室的网址标识（slug）")
@click.option("--period", type=PERIODS, default="month", show_default=True, help="统计周期")
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="统计该日期所在的周期"
)
@click.option("--rules", type=int, default=None, help="计分规则编号（默认：期末生效的规则）")
@click.option(
    "--out", type=click.Path(dir_okay=False, writable=True), required=True, help="输出的 .docx 文件"
)
def bulletin(slug: str, period: str, day: dt.datetime, rules: int | None, out: str) -> None:
    """生成某期信息通报草稿的 Word 文档（不保存；印发请在后台进行）。"""
    from gongkai.govinfo import bulletin_render, bulletins
    from gongkai.govinfo.models import Bulletin, PointsRuleSet

    office = _office(slug)
    rule_set, start, end, rows = _standings(office, period, day.date(), _rule_set(rules))
    rule_set = rule_set or PointsRuleSet.objects.order_by("effective_from").first()
    if rule_set is None:
        raise click.ClickException("尚未配置计分规则")
    table = bulletins.table_of(rows, office, start, end)
    draft = Bulletin(
        organization=office,
        period_kind=period,
        period_start=start,
        period_end=end,
        rule_set=rule_set,
        title=bulletins.bulletin_title(office, period, start),
        foreword=bulletins.foreword(office, period, start, table),
        table=table,
    )
    with open(out, "wb") as handle:
        handle.write(bulletin_render.bulletin_docx(draft))
    click.echo(f"已写入 {out}：{draft.title}")
