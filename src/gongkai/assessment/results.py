"""The results of a final round in words (docs/SPEC.md §7 point 4.6, 2019 条例 第五十条): the tables
of the results 通报 (per peer group: body, score, grade, rank with 并列, vetoes), the 通报 itself
(generated through :mod:`gongkai.assessment.bulletins`), and the paragraph of section 六 of an annual
report (考核、社会评议和责任追究结果, 第五十条), which ``reports`` reads through the registry
(``assessment/hooks/report.py``).

Everything is read from what the round stored when it was finalized (``RoundBody.total``, ``grade``,
``vetoes``, ``peer_group``); ranks within a group come from the one rankings kernel
(:mod:`gongkai.assessment.standings`), so a tie reads 并列 exactly as on the round's screens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.assessment import scoring
from gongkai.assessment.bulletins import create_bulletin
from gongkai.assessment.models import (
    Bulletin,
    BulletinKind,
    Criticism,
    CriticismState,
    Round,
    RoundBody,
    RoundState,
)
from gongkai.assessment.standings import standings
from gongkai.orgs.models import Kind, Organization

__all__ = [
    "GroupTable",
    "ResultRow",
    "generate_results_bulletin",
    "group_labels",
    "report_paragraph",
    "results_body",
    "results_tables",
    "results_title",
]


@dataclass(frozen=True)
class ResultRow:
    body: RoundBody
    name: str
    total: Decimal | None
    grade: str
    rank: int | None
    tied: bool
    vetoes: tuple[str, ...]

    @property
    def rank_label(self) -> str:
        if self.rank is None:
            return "—"
        return _("%(rank)s（并列）") % {"rank": self.rank} if self.tied else str(self.rank)


@dataclass(frozen=True)
class GroupTable:
    code: str
    label: str
    rows: tuple[ResultRow, ...]


def group_labels(config: Mapping[str, Any]) -> dict[str, str]:
    """Peer group code → its label, from the scheme's ``config["groups"]``."""
    labels: dict[str, str] = {}
    for group in config.get("groups") or []:
        if isinstance(group, Mapping) and group.get("code"):
            labels[str(group["code"])] = str(group.get("label") or group["code"])
    return labels


def _veto_titles(the_round: Round) -> dict[str, str]:
    return {c.code: c.title for c in the_round.scheme.criteria.all()}


def _veto_names(raw: Any, titles: Mapping[str, str]) -> tuple[str, ...]:
    names = []
    for veto in raw or []:
        if isinstance(veto, Mapping):
            code = str(veto.get("code") or "")
            names.append(str(veto.get("title") or veto.get("label") or titles.get(code, code)))
        else:
            names.append(titles.get(str(veto), str(veto)))
    return tuple(n for n in names if n)


def results_tables(the_round: Round) -> list[GroupTable]:
    """Per peer group (in the scheme's order, then any other group), the bodies with a total by rank
    within the group; bodies without a total (not scored) come last without a rank."""
    bodies = list(the_round.bodies.select_related("organization").order_by("organization__position", "pk"))
    titles = _veto_titles(the_round)
    labels = group_labels(the_round.scheme.config or {})
    scored = {b.pk: b.total for b in bodies if b.total is not None}
    vetoed = {b.pk for b in bodies if b.vetoes}
    places = standings(scored, {b.pk: b.peer_group for b in bodies}, vetoed=vetoed)
    order = list(labels) + sorted({b.peer_group for b in bodies} - set(labels))
    tables = []
    for code in order:
        members = [b for b in bodies if b.peer_group == code]
        if not members:
            continue
        members.sort(key=lambda b: places[b.pk].group_rank if b.pk in places else len(bodies) + 1)
        rows = tuple(
            ResultRow(
                body=b,
                name=b.organization.name,
                total=b.total,
                grade=b.grade,
                rank=places[b.pk].group_rank if b.pk in places else None,
                tied=places[b.pk].group_tied if b.pk in places else False,
                vetoes=_veto_names(b.vetoes, titles),
            )
            for b in members
        )
        tables.append(GroupTable(code, labels.get(code, code or _("参评单位")), rows))
    return tables


def _grade_order(the_round: Round) -> tuple[str, str]:
    """The top grade (先进) and the failing grade (不合格) of the round's scheme."""
    grades = (the_round.scheme.config or {}).get("grades") or {}
    top = grades.get("top") if isinstance(grades, Mapping) else None
    top_grade = str(top.get("grade")) if isinstance(top, Mapping) and top.get("grade") else ""
    spec = scoring.SchemeSpec(criteria=(), config=the_round.scheme.config or {})
    fail_grade = str(grades.get("veto_grade") or "") if isinstance(grades, Mapping) else ""
    return top_grade, fail_grade or scoring.band_grade(spec, Decimal(0))


def results_title(the_round: Round) -> str:
    return _("关于%(title)s结果的通报") % {"title": the_round.title}


def _period(the_round: Round) -> str:
    start, end = the_round.period_start, the_round.period_end
    return _("%(y1)s年%(m1)s月%(d1)s日至%(y2)s年%(m2)s月%(d2)s日") % {
        "y1": start.year,
        "m1": start.month,
        "d1": start.day,
        "y2": end.year,
        "m2": end.month,
        "d2": end.day,
    }


def _names(rows: Sequence[ResultRow]) -> str:
    return "、".join(r.name for r in rows)


def results_body(the_round: Round) -> str:
    """The body of the results 通报 as HTML: the round, the scheme, who is named 先进 and 不合格, and a
    table per peer group (序号 by rank, score, grade, rank with 并列, vetoes)."""
    tables = results_tables(the_round)
    rows = [r for t in tables for r in t.rows]
    top_grade, fail_grade = _grade_order(the_round)
    scheme = the_round.scheme
    parts = [
        "<p>{}</p>".format(
            escape(
                _(
                    "根据《中华人民共和国政府信息公开条例》第四十六条的规定，%(authority)s按照《%(scheme)s》"
                    "（第%(version)s版），对%(count)s个单位%(period)s的政务公开工作进行了考核。经单位自查、"
                    "考核评分、结果反馈（申辩）等环节，考核结果已经确定，现通报如下。"
                )
                % {
                    "authority": the_round.authority.name,
                    "count": len(rows),
                    "period": _period(the_round),
                    "scheme": scheme.name,
                    "version": scheme.version,
                }
            )
        )
    ]
    best = [r for r in rows if top_grade and r.grade == top_grade]
    failed = [r for r in rows if fail_grade and r.grade == fail_grade]
    if best:
        parts.append(
            "<p>{}</p>".format(
                escape(
                    _("一、评定为“%(grade)s”的单位（%(count)s个）：%(names)s。")
                    % {"grade": top_grade, "count": len(best), "names": _names(best)}
                )
            )
        )
    if failed:
        detail = "；".join(
            f"{r.name}（{_('单项否决：')}{'、'.join(r.vetoes)}）" if r.vetoes else r.name for r in failed
        )
        parts.append(
            "<p>{}</p>".format(
                escape(
                    _("%(n)s、评定为“%(grade)s”的单位（%(count)s个）：%(names)s。请上述单位认真整改。")
                    % {
                        "n": _("二") if best else _("一"),
                        "grade": fail_grade,
                        "count": len(failed),
                        "names": detail,
                    }
                )
            )
        )
    parts.append(
        "<p>{}</p>".format(
            escape(
                _("排名按考核得分由高到低，得分相同的并列，名次顺延；被单项否决的单位排在本组其他单位之后。")
            )
        )
    )
    for table in tables:
        parts.append(f"<h3>{escape(table.label)}</h3>")
        head = "".join(
            f"<th>{escape(h)}</th>" for h in (_("名次"), _("单位"), _("得分"), _("等次"), _("单项否决"))
        )
        body = "".join(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                escape(r.rank_label),
                escape(r.name),
                escape(scoring.fmt(r.total) if r.total is not None else "—"),
                escape(r.grade or "—"),
                escape("、".join(r.vetoes) or "—"),
            )
            for r in table.rows
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append(
        "<p>{}</p>".format(
            escape(_("各单位要对照考核发现的问题，认真抓好整改落实，切实提升政务公开工作水平。"))
        )
    )
    return "".join(parts)


def generate_results_bulletin(*, actor: Any, the_round: Round, number: str = "") -> Bulletin:
    """Generate the results 通报 of a final round (unpublished; ``bulletins.publish_bulletin`` puts it
    on the portal). Refused before the round is final: the results may still change."""
    if the_round.state != RoundState.FINAL:
        raise ValidationError({"round": _("考核结果确定后才能生成结果通报。")})
    return create_bulletin(
        actor=actor,
        authority=the_round.authority,
        kind=BulletinKind.RESULTS,
        title=results_title(the_round),
        body=results_body(the_round),
        number=number,
        round=the_round,
    )


# -- 第五十条: the paragraph of section 六 -------------------------------------------------------------


def _organised_rounds(org: Organization, year: int) -> list[Round]:
    """The final rounds of ``year`` that ``org`` organised: as the competent authority, or as the
    government whose competent authority it is."""
    rounds = Round.objects.filter(state=RoundState.FINAL, period_end__year=year).select_related(
        "authority", "scheme"
    )
    if org.kind == Kind.GOVERNMENT:
        rounds = rounds.filter(authority__parent=org, authority__is_competent_authority=True) | rounds.filter(
            authority=org
        )
    else:
        rounds = rounds.filter(authority=org)
    return list(rounds.order_by("period_end", "pk"))


def _summary(the_round: Round) -> str:
    bodies = list(the_round.bodies.all())
    counts: dict[str, int] = {}
    for b in sorted(bodies, key=lambda b: (bool(b.vetoes), -(b.total or 0))):
        if b.grade:
            counts[b.grade] = counts.get(b.grade, 0) + 1
    grades = "、".join(_("%(grade)s%(n)s个") % {"grade": g, "n": n} for g, n in counts.items())
    text = _("%(year)s年，%(authority)s组织开展%(title)s，对%(count)s个单位进行考核") % {
        "year": the_round.period_end.year,
        "authority": the_round.authority.name,
        "title": the_round.title,
        "count": len(bodies),
    }
    if grades:
        text += _("，其中%(grades)s") % {"grades": grades}
    vetoed = sum(1 for b in bodies if b.vetoes)
    if vetoed:
        text += _("，%(n)s个单位因单项否决事项被评为不合格") % {"n": vetoed}
    text += "。"
    published = the_round.bulletins.filter(kind=BulletinKind.RESULTS, published_at__isnull=False).first()
    if published:
        text += _("考核结果已以《%(title)s》（%(number)s）通报并向社会公开。") % {
            "title": published.title,
            "number": published.number,
        }
    return text


def _own_results(org: Organization, year: int) -> list[str]:
    texts = []
    own = (
        RoundBody.objects.filter(
            organization=org, round__state=RoundState.FINAL, round__period_end__year=year, total__isnull=False
        )
        .select_related("round__authority", "round__scheme")
        .order_by("round__period_end", "round_id")
    )
    for body in own:
        the_round = body.round
        row = next(
            (r for t in results_tables(the_round) for r in t.rows if r.body.pk == body.pk),
            None,
        )
        label = group_labels(the_round.scheme.config or {}).get(body.peer_group, "")
        text = _("在%(authority)s组织的%(title)s中，本机关得分%(total)s分，等次为“%(grade)s”") % {
            "authority": the_round.authority.name,
            "title": the_round.title,
            "total": scoring.fmt(body.total) if body.total is not None else "—",
            "grade": body.grade or "—",
        }
        if row is not None and row.rank is not None:
            where = label or _("参评单位")
            text += (
                _("，在%(group)s中并列第%(rank)s名") if row.tied else _("，在%(group)s中排第%(rank)s名")
            ) % {"group": where, "rank": row.rank}
        if row is not None and row.vetoes:
            text += _("（单项否决：%(vetoes)s）") % {"vetoes": "、".join(row.vetoes)}
        texts.append(text + "。")
    return texts


def _criticisms(org: Organization, year: int) -> str:
    issued = Criticism.objects.filter(
        organization=org, state=CriticismState.ISSUED, period_end__year=year
    ).count()
    if not issued:
        return ""
    return _("本年度本机关因超期办理被通报批评%(n)s次。") % {"n": issued}


def report_paragraph(org: Organization, year: int) -> str:
    """The assessment's part of section 六 of ``org``'s annual report for ``year`` (2019 条例
    第五十条: 考核、社会评议和责任追究结果): the rounds it organised, its own results in the rounds
    of that year, and the 通报批评 it received; ``""`` when there is none."""
    texts = [_summary(r) for r in _organised_rounds(org, year)]
    texts += _own_results(org, year)
    criticism = _criticisms(org, year)
    if criticism:
        texts.append(criticism)
    return "\n".join(texts)
