"""Short words with more than one sense keep them apart in English (pgettext): 采纳 of an objection
is to uphold it, 采纳 of a public comment to adopt it; 修改 as a button is “Edit”, as the kind of a
change between two versions of a scheme “Changed”. One msgid shared by every catalogue could give
only one of them."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation
from django.utils.translation import pgettext

from gongkai.assessment.models import ObjectionOutcome
from gongkai.opinions.models import Adoption


def test_adopting_a_comment_is_not_upholding_an_objection() -> None:
    with translation.override("en"):
        assert [
            str(o.label)
            for o in (ObjectionOutcome.UPHELD, ObjectionOutcome.PARTLY, ObjectionOutcome.REJECTED)
        ] == [
            "Upheld",
            "Partly upheld",
            "Rejected",
        ]
        assert [str(a.label) for a in Adoption] == ["Adopted", "Partly adopted", "Not adopted"]
        counts = Template('{% load i18n %}{% translate "采纳" context "comment adoption" %}').render(
            Context()
        )
        assert counts == "Adopted"
    with translation.override("zh-hans"):
        assert str(ObjectionOutcome.UPHELD.label) == str(Adoption.ADOPTED.label) == "采纳"


def test_edit_is_not_changed() -> None:
    with translation.override("en"):
        assert pgettext("edit action", "修改") == "Edit"  # the buttons and crumbs of every app
        assert pgettext("change kind", "修改") == "Changed"  # a criterion changed between two versions
