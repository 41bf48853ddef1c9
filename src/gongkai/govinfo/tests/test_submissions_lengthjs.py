"""The browser's 字数 counter (``static/govinfo/length.js``) counts exactly as the server does
(``govinfo.lengths``, docs/SPEC.md §8): the same texts through both, under Node when it is there."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.govinfo import lengths

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "govinfo" / "length.js"
NODE = shutil.which("node") or shutil.which("nodejs")

POOL = (
    list("市政府办公室，。、“”（）《》ＡＢ１２")
    + list("abcXYZ0129.,%-@:/")
    + [
        " ",
        "\t",
        "\n",
        "\u3000",
        "\u00a0",
        "\u2003",
        "\u001c",
        "\u0085",
        "\ufeff",
        "\u200b",
        "👍",
        "é",
    ]
)


def _samples() -> list[str]:
    rng = random.Random(20260302)
    fixed = ["", "2026年GDP增长3.5%", "Hello world", "COVID-19疫情", "全角ＡＢＣ１２", "  市 政\u3000府\t\n"]
    return fixed + ["".join(rng.choice(POOL) for _ in range(rng.randint(1, 40))) for _ in range(400)]


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_length_js_counts_as_the_server():
    samples = _samples()
    program = (
        f"const m = require({json.dumps(str(SCRIPT))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify({"
        "counts: input.texts.map(m.countChars),"
        "ceilings: input.limits.map(([l, k, t]) => m.ceiling(l, k, t))}));"
    )
    limits = [[200, "about", 10], [155, "about", 10], [150, "at_most", 10], [3000, "about", 5]]
    out = subprocess.run(
        [NODE, "-e", program],
        input=json.dumps({"texts": samples, "limits": limits}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result = json.loads(out.stdout)
    assert result["counts"] == [lengths.count_chars(t) for t in samples]
    assert result["ceilings"] == [lengths.ceiling(*x) for x in limits]
