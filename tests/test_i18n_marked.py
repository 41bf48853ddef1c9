"""Every Chinese string a person reads in the back office is marked for translation (issue 11, point
9; docs/FRONTEND.md "i18n"): no Han character in a template outside ``{% translate %}`` /
``{% blocktranslate %}``, a ``_("…")`` literal or a comment, and no Chinese string literal in the staff
screens' Python outside a gettext-family call.

Both scans read the source only (no Django). What is exempt is named below with the reason: a
docstring, a log line, and a few literals that are data rather than words shown (a date format the
form parses, a static page that cannot load the catalogue).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# --- Python ------------------------------------------------------------------------------------

#: The staff screens: every ``<app>/staff`` package, the back-office shell, and the staff forms and
#: views that live beside their app (accounts, workdays).
STAFF_PYTHON = [
    *sorted(SRC.glob("*/staff")),
    SRC / "backoffice",
    SRC / "accounts" / "forms.py",
    SRC / "accounts" / "views.py",
    SRC / "accounts" / "token_views.py",
    SRC / "workdays" / "forms.py",
]
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical"}

#: (file relative to src/gongkai, literal): why it is not marked.
PYTHON_ALLOWED: dict[tuple[str, str], str] = {
    ("workdays/forms.py", "%Y年%m月%d日"): "an input format the date field parses, not text shown",
    ("foi/staff/forms.py", "一二三四五六"): "the numerals that number a letter's items, indexed by the code",
}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _docstrings(tree: ast.AST) -> set[ast.AST]:
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(first.value)
    return found


def unmarked_literals(path: Path) -> list[tuple[int, str]]:
    """Chinese string literals of ``path`` outside a gettext call, a log call and the docstrings;
    an f-string with Chinese is always reported (its words cannot be looked up in a catalogue)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.JoinedStr) or node in docstrings:
                continue
            text = node.value
        else:
            continue
        if not HAN.search(text):
            continue
        up: ast.AST = node
        marked = False
        while up in parents:
            up = parents[up]
            if isinstance(up, ast.Call):
                name = _name(up.func)
                if name in GETTEXT and not isinstance(node, ast.JoinedStr):
                    marked = True
                    break
                if name in LOGGING and isinstance(up.func, ast.Attribute):
                    marked = True
                    break
        if not marked:
            found.append((node.lineno, text))
    return found


def python_files() -> list[Path]:
    files: list[Path] = []
    for entry in STAFF_PYTHON:
        candidates = [entry] if entry.is_file() else sorted(entry.rglob("*.py"))
        files += [p for p in candidates if "tests" not in p.parts and "migrations" not in p.parts]
    return files


def test_staff_python_marks_every_chinese_string():
    assert len(python_files()) > 50  # the globs still find the staff packages
    problems = []
    for path in python_files():
        relative = path.relative_to(SRC).as_posix()
        for line, text in unmarked_literals(path):
            if (relative, text) not in PYTHON_ALLOWED:
                problems.append(f"{relative}:{line}: {text[:60]!r}")
    assert not problems, "Chinese strings not marked for translation:\n" + "\n".join(problems)


# --- Templates ---------------------------------------------------------------------------------

#: Templates whose Han characters are not interface text, with the reason.
TEMPLATES_ALLOWED = {
    "templates/500.html": "static on purpose (nothing that can fail): it says everything in both languages",
}
_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_TRANSLATE = re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.S)
_MARKED_LITERAL = re.compile(r"""_\(\s*(?:"[^"]*"|'[^']*')\s*\)""")
#: Font names in a print style sheet are names, not words.
_STYLE = re.compile(r"<style\b.*?</style>", re.S | re.I)


def unmarked_template_text(source: str) -> list[str]:
    """The lines of a template with Han characters left once comments, translation tags, marked
    literals and style sheets are taken out."""
    for pattern in (_COMMENT, _BLOCK, _TRANSLATE, _MARKED_LITERAL, _STYLE):
        source = pattern.sub(" ", source)
    return [line.strip() for line in source.splitlines() if HAN.search(line)]


def template_files() -> list[Path]:
    roots = [SRC / "templates", *sorted(p for p in SRC.glob("*/templates") if "tests" not in p.parts)]
    return [p for root in roots for p in sorted(root.rglob("*.html"))]


def test_templates_mark_every_chinese_string():
    assert len(template_files()) > 100
    problems = []
    for path in template_files():
        relative = path.relative_to(SRC).as_posix()
        if relative in TEMPLATES_ALLOWED:
            continue
        for line in unmarked_template_text(path.read_text(encoding="utf-8")):
            problems.append(f"{relative}: {line[:120]}")
    assert not problems, "Chinese outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(problems)


def test_the_scans_see_what_they_must():
    """The scanners themselves: a marked string passes, an unmarked one, an f-string and a bare
    template word are caught."""
    assert unmarked_template_text('{% translate "保存" %} {# 注释 #} {{ x|default:_("无") }}') == []
    assert unmarked_template_text("<p>保存</p>") == ["<p>保存</p>"]
    assert unmarked_template_text("{% blocktranslate with n=1 %}共{{ n }}条{% endblocktranslate %}") == []
    tree_source = 'from django.utils.translation import gettext as _\nA = _("甲")\nB = "乙"\nC = f"丙{A}"\n'
    scratch = Path(__file__).with_name("_i18n_scratch.py")
    try:
        scratch.write_text(tree_source, encoding="utf-8")
        assert [line for line, _ in unmarked_literals(scratch)] == [3, 4]
    finally:
        scratch.unlink()
