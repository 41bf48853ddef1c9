"""The public read model (``disclosure.public``) that the portal and the API both read through."""

from __future__ import annotations

from gongkai.disclosure import public
from gongkai.disclosure.models import CatalogColumn
from gongkai.disclosure.services import workflow
from gongkai.testing import advance_item


def test_links_both_ways_only_to_public_items_outgoing_first(region, make_item):
    policy = make_item(title="招生办法")
    old = make_item(title="旧办法")
    reading = make_item(title="招生办法解读")
    withdrawn = make_item(title="将被撤回的办法")
    workflow.link_items(actor=region.editor, source=policy, target=old, kind="replaces")
    workflow.link_items(actor=region.editor, source=reading, target=policy, kind="interprets")
    workflow.link_items(actor=region.editor, source=withdrawn, target=policy, kind="abolishes")
    workflow.withdraw_item(actor=region.signer, item=withdrawn, reason="错误发布")

    links = public.public_links(policy)
    assert [(x.direction, x.kind, x.other.pk, x.label) for x in links] == [
        ("outgoing", "replaces", old.pk, "本文件替代的文件"),
        ("incoming", "interprets", reading.pk, "政策解读"),
    ]
    rel = public.ItemRelations.of(links)
    assert rel.replaces == [old] and rel.interpretations == [reading]
    assert not rel.abolished_by and bool(rel)
    assert public.ItemRelations.of(public.public_links(old)).replaced_by == [policy]


def test_item_and_attachment_only_when_public(region, make_item):
    item = make_item(title="公开信息")
    draft = make_item(state="draft", title="草稿")
    assert public.public_item(item.pk) == item
    assert public.public_item(draft.pk) is None
    assert public.public_attachment(draft.pk, 1) is None
    assert public.correction(item) is None


def test_column_tree_drops_hidden_subtrees_and_in_columns_reads_cross_listing(region, make_item, monkeypatch):
    child = CatalogColumn.objects.create(
        organization=region.dept, parent=region.column, code="0101", name="规章"
    )
    other = (
        CatalogColumn.objects.filter(organization=region.dept, parent=None)
        .exclude(pk=region.column.pk)
        .first()
    )
    grandchild = CatalogColumn.objects.create(
        organization=region.dept, parent=other, code="0201", name="下级"
    )
    other.is_hidden = True
    other.save()
    hidden_child = CatalogColumn.objects.create(
        organization=region.dept, parent=region.column, code="0102", name="隐藏", is_hidden=True
    )
    tree = public.column_tree(region.dept, counts={child.pk: 2})
    assert child.pk in tree.by_id and other.pk not in tree.by_id and grandchild.pk not in tree.by_id
    assert hidden_child.pk not in tree.by_id
    assert tree.by_id[region.column.pk].total == 2
    assert tree.descendant_ids(region.column.pk) == [region.column.pk, child.pk]

    item = make_item(state="draft", title="同时列入")
    workflow.update_item(actor=region.editor, item=item, fields={"column": other})
    workflow.set_cross_listing(actor=region.editor, item=item, columns=[child, hidden_child])
    item = advance_item(region=region, item=item)
    assert list(public.in_columns(public.public_items(), [child.pk])) == [item]
    assert public.also_in(item) == [child]  # the hidden column is not shown
    # Beyond the cap the cross-listing stays a subquery, with the same answer.
    monkeypatch.setattr(public, "CROSS_LISTING_CAP", 1)
    assert list(public.in_columns(public.public_items(), [child.pk])) == [item]
