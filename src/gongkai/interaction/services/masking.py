"""The published copy of a message: personal data masked, then checked (docs/SPEC.md §3: "Personal
data is masked in anything published").

:func:`propose_copy` masks what the secrecy scanner finds (resident ID numbers, mobile and landline
numbers, bank cards, e-mail addresses: ``secrecy.textmask``) and the writer's own name, telephone
and e-mail wherever they occur in the subject, the question and the answer.

:func:`check_copy` is the guarantee, and it is checked, never trusted: before publishing, the
service scans the wording about to be published afresh (whatever staff made of the proposal) with
the installation's keyword list, and refuses to publish while any finding remains that is high
(密级标志, a bank card, an 18-digit ID number, a high keyword), that is personal data still legible,
or that is the writer's name, telephone or e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.interaction.models import Message
from gongkai.secrecy import textmask
from gongkai.secrecy.scanner import BLOCKING_SEVERITY, PERSONAL_KINDS, Finding, Keyword, scan

#: The writer's data found literally in a text (kind of a :class:`Finding`).
WRITER = "writer"
FIELDS = ("subject", "text", "answer")
FIELD_LABELS = {
    "subject": gettext_lazy("标题"),
    "text": gettext_lazy("留言内容"),
    "answer": gettext_lazy("答复内容"),
}


@dataclass(frozen=True)
class Copy:
    subject: str
    text: str
    answer: str

    def fields(self) -> dict[str, str]:
        return {"subject": self.subject, "text": self.text, "answer": self.answer}


@dataclass(frozen=True)
class Check:
    """The scan of a copy: every finding, and those that block publishing."""

    findings: tuple[Finding, ...]
    blocking: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.blocking


def _writer_values(message: Message) -> list[str]:
    """The writer's own data as it might appear in the text (a one-character name is not masked:
    it would mask that character everywhere)."""
    values = [message.writer_name.strip(), message.writer_phone.strip(), message.writer_email.strip()]
    return [v for v in values if len(v) >= 2]


def _keywords() -> list[Keyword]:
    from gongkai.disclosure.services.scan import keywords

    return keywords()


def mask(text: str, message: Message) -> str:
    """``text`` with personal data and the writer's data masked."""
    if not text:
        return ""
    text = textmask.apply(text, textmask.propose(text))
    writer = _writer_values(message)
    return textmask.mask_text(text, writer) if writer else text


def propose_copy(message: Message) -> Copy:
    """The masked wording offered to staff for publishing (they may edit it)."""
    return Copy(
        subject=mask(message.subject, message),
        text=mask(message.text, message),
        answer=mask(message.answer, message),
    )


def check_copy(message: Message, copy: Copy) -> Check:
    """Scan the wording about to be published; what blocks is listed in ``blocking``."""
    keywords = _keywords()
    writer = _writer_values(message)
    findings: list[Finding] = []
    blocking: list[Finding] = []
    for field, value in copy.fields().items():
        for finding in scan(value, keywords=keywords, field=field):
            findings.append(finding)
            if finding.severity == BLOCKING_SEVERITY or finding.kind in PERSONAL_KINDS:
                blocking.append(finding)
        folded = value.casefold()
        for data in writer:
            start = folded.find(data.casefold())
            if start >= 0:
                finding = Finding(
                    WRITER, "high", start, start + len(data), data, field, "留言人的姓名或联系方式"
                )
                findings.append(finding)
                blocking.append(finding)
    return Check(tuple(findings), tuple(blocking))


def describe(finding: Finding) -> str:
    """One finding for staff, in Chinese: where, what, why (the writer's data is not repeated)."""
    where = FIELD_LABELS.get(finding.field, finding.field)
    what = _("（留言人信息）") if finding.kind == WRITER else f"“{finding.text}”"
    return _("%(where)s第%(n)d字起%(what)s：%(why)s") % {
        "where": where,
        "n": finding.start + 1,
        "what": what,
        "why": finding.message,
    }
