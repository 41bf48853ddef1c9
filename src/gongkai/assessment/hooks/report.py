"""The assessment's paragraph of section 六 of a body's annual report (2019 条例 第五十条: the results
of 考核、社会评议和责任追究 go into the annual report). ``reports`` sits below ``assessment`` and may
not import it: it reads the paragraph through the registry (``core.registry.report_paragraphs``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import ReportParagraph, register_report_paragraph


def paragraph(org: Any, year: int) -> str:
    from gongkai.assessment.results import report_paragraph

    return report_paragraph(org, year)


def register() -> None:
    register_report_paragraph(
        ReportParagraph(
            key="assessment.results",
            label=_("政务公开考核结果（第五十条）"),
            section="6",
            paragraph=paragraph,
            order=50,
        )
    )
