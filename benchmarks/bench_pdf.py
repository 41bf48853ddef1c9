"""PDF benchmark: the time to set a reply letter and an annual report as PDF (issue 11 item 7), and
the size of the vendored font they embed a subset of.

No database: the letter and the report are unsaved model objects holding what the renderers read
(a 部分公开 reply of the length the platform composes, with a quoted request, reasons and the
remedies; a report with the six sections of a real one — a few paragraphs each, a list and a
40-row table from the editor — and the figures of 表二–表四). Each is rendered ``--runs`` times in
one process; the first run includes loading the font, the median is the steady state of a server
(its CPU time beside it, which a loaded machine does not inflate).

    .venv/bin/python benchmarks/bench_pdf.py
    .venv/bin/python benchmarks/bench_pdf.py --runs 50
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PARAGRAPH = (
    "本机关坚持以公开为常态、不公开为例外，围绕群众关切，及时、准确公开政府信息，"
    "推进决策、执行、管理、服务、结果公开，做好政策解读和回应关切工作。"
)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="bench_pdf-"))
    import django

    django.setup()


def make_letter():
    from gongkai.foi.models import InfoRequest, Letter, LetterKind
    from gongkai.foi.services.letters import REMEDIES
    from gongkai.orgs.models import Organization

    body = Organization(name="宿州市埇桥区教育体育局", short_name="埇桥区教体局")
    request = InfoRequest(organization=body, registration_number="YSQ-000123-2026-00042")
    text = "\n".join(
        [
            "张三：",
            "本机关于2026年3月2日收到您提交的政府信息公开申请（登记编号：YSQ-000123-2026-00042），"
            "您申请获取：“2025年埇桥区义务教育阶段学校招生划片范围及其调整的依据”。",
            "经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。根据《中华人民共和国"
            "政府信息公开条例》第三十七条的规定，本机关决定部分公开：向您提供可以公开的政府信息内容（见附件），"
            "对不予公开的内容作区分处理。",
            "不予公开的内容：第3页申请人以外人员的姓名和联系电话。",
            "不予公开的理由：第3页含有第三方的个人信息，公开会损害其合法权益。",
            "提供方式：电子邮件。",
            REMEDIES.format(review_body="宿州市埇桥区人民政府", court="有管辖权的人民法院"),
            "",
            "宿州市埇桥区教育体育局",
            "2026年3月20日",
        ]
    )
    return Letter(
        request=request,
        kind=LetterKind.REPLY,
        number="埇教体依复〔2026〕42号",
        title="政府信息公开申请答复告知书",
        body=text,
        issued_on=dt.date(2026, 3, 20),
    )


def make_report():
    from gongkai.orgs.models import Organization
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.tests.samples import sample_figures

    rows = "".join(f"<tr><td>第{n}类信息</td><td>{n * 7}</td><td>{n * 5}</td></tr>" for n in range(1, 41))
    report = AnnualReport(organization=Organization(name="宿州市埇桥区人民政府"), year=2025)
    for number in range(1, 7):
        setattr(report, f"section_{number}", "\n".join([PARAGRAPH * 2] * 3))
    report.section_2 = (
        f"<p>{PARAGRAPH}</p><ul><li>完善公开目录</li><li>按时更新</li></ul>"
        f"<table><thead><tr><th>类别</th><th>主动公开</th><th>依申请</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return report, sample_figures()


def timed(render, runs: int) -> tuple[float, float, float, int, int]:
    times = []
    cpu = []
    size = pages = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = render()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        size = len(data)
    import io

    import pypdf

    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    return times[0], statistics.median(times[1:] or times), statistics.median(cpu[1:] or cpu), size, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup()
    start = time.perf_counter()
    from gongkai.core.pdf import FONT_FILE
    from gongkai.foi.letter_pdf import render_pdf
    from gongkai.reports.pdf import report_pdf

    imported = time.perf_counter() - start
    letter = make_letter()
    report, figures = make_report()
    print(f"vendored font: {FONT_FILE.name}, {FONT_FILE.stat().st_size:,} bytes")
    print(f"import of the PDF modules (fpdf2, fontTools): {imported * 1000:.0f} ms")
    for name, render in (
        ("reply letter", lambda: render_pdf(letter)),
        ("annual report", lambda: report_pdf(report, figures)),
    ):
        first, median, cpu, size, pages = timed(render, args.runs)
        print(
            f"{name}: first {first * 1000:.0f} ms, median of {args.runs} {median * 1000:.0f} ms "
            f"(CPU {cpu * 1000:.0f} ms), {pages} pages, {size:,} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
