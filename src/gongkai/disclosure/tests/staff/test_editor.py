"""The item editor: services only, bound re-render on errors, uploads checked by content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.backoffice.tests.helpers import docx_file, editor_post, fake_pdf, login, text_of
from gongkai.disclosure.models import Attachment, CatalogColumn, Item, ItemState

pytestmark = pytest.mark.django_db


def new_url(region):
    return reverse("backoffice:item_new") + f"?org={region.dept.pk}"


def test_editor_renders_org_columns_classes_and_channels(client, region):
    response = login(client, region.editor).get(reverse("backoffice:item_new"))
    assert response.status_code == 200  # one organization: no chooser
    form = response.context["form"]
    assert set(form.fields["column"].queryset.values_list("organization", flat=True)) == {region.dept.pk}
    assert form.fields["genre"].queryset.filter(name="公告").exists()
    html = response.content.decode()
    assert 'type="checkbox" name="channels" value="gazette"' in html
    assert 'data-show-when="disclosure_attribute=exempt"' in html
    assert 'type="file" name="attachments"' in html and "multiple" in html


def test_validation_error_keeps_typed_values(client, region, today):
    import datetime as dt

    login(client, region.editor)
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    data = editor_post(
        region.column,
        date_formed=tomorrow,
        disclosure_attribute="exempt",
        exemption_reason="",
        keywords="保留的主题词",
    )
    response = client.post(new_url(region), data)
    assert response.status_code == 200
    assert not Item.objects.exists()
    form = response.context["form"]
    assert "date_formed" in form.errors and "exemption_reason" in form.errors
    html = response.content.decode()
    assert data["title"] in html and "保留的主题词" in html and "公示期5个工作日" in html
    assert f'value="{tomorrow}"' in html
    assert 'value="notice_board" id="id_channels_2" checked' in html or (
        'value="notice_board"' in html and "checked" in html
    )
    assert "成文日期不能晚于今天" in text_of(response)
    assert "不予公开必须选择法定理由" in text_of(response)


def test_fake_pdf_is_refused_in_chinese_and_nothing_is_saved(client, region, today):
    login(client, region.editor)
    data = editor_post(region.column, date_formed=today.isoformat())
    data["attachments"] = [fake_pdf("通知.pdf"), docx_file("正常内容", name="说明.docx")]
    response = client.post(new_url(region), data)
    assert response.status_code == 200
    assert not Item.objects.exists() and not Attachment.objects.exists()
    errors = response.context["form"].errors["attachments"]
    assert any("附件“通知.pdf”不是可接受的文件格式" in e for e in errors)
    assert not any("说明.docx" in e for e in errors)
    page = text_of(response)
    assert "附件“通知.pdf”不是可接受的文件格式" in page
    assert data["title"] in response.content.decode()


def test_edit_add_and_remove_attachment_and_cross_listing(client, region, make_item, today):
    item = make_item(state=ItemState.DRAFT)
    other = CatalogColumn.objects.filter(organization=region.dept).exclude(pk=region.column.pk).first()
    login(client, region.editor)
    url = reverse("backoffice:item_edit", args=[item.pk])
    data = editor_post(region.column, date_formed=item.date_formed.isoformat(), title="修改后的标题")
    data["cross_listed"] = [str(other.pk)]
    data["attachments"] = [docx_file("说明内容", name="说明.docx")]
    response = client.post(url, data)
    assert response.status_code == 302
    item = Item.objects.get(pk=item.pk)
    assert item.title == "修改后的标题"
    assert list(item.also_in.all()) == [other]
    attachment = item.attachments.get()
    assert attachment.original_name == "说明.docx" and attachment.kind == "docx"
    response = client.get(url)
    assert "说明.docx" in response.content.decode()
    download = client.get(reverse("backoffice:item_attachment", args=[item.pk, attachment.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    response = client.post(reverse("backoffice:item_attachment_remove", args=[item.pk, attachment.pk]))
    assert response.status_code == 302 and not item.attachments.exists()


def test_exempt_needs_reason_and_saves_with_it(client, region, today):
    login(client, region.editor)
    data = editor_post(
        region.column,
        date_formed=today.isoformat(),
        disclosure_attribute="exempt",
        exemption_reason="process_info",
        exemption_explanation="讨论稿",
    )
    response = client.post(new_url(region), data)
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.exemption_reason == "process_info"


def test_column_of_another_organization_is_rejected(client, region, today):
    login(client, region.editor)
    data = editor_post(region.county_column, date_formed=today.isoformat())
    response = client.post(new_url(region), data)
    assert response.status_code == 200 and "column" in response.context["form"].errors
    assert not Item.objects.exists()


def test_submit_button_and_links(client, region, make_item):
    policy_doc = make_item(title="某政策文件")
    item = make_item(state=ItemState.DRAFT, title="某政策文件的解读")
    login(client, region.editor)
    response = client.post(
        reverse("backoffice:item_link", args=[item.pk]), {"kind": "interprets", "target": policy_doc.pk}
    )
    assert response.status_code == 302
    assert item.links_out.get().target == policy_doc
    response = client.post(reverse("backoffice:item_submit", args=[item.pk]))
    assert response.status_code == 302
    assert Item.objects.get(pk=item.pk).state == ItemState.REVIEW
    # A county item cannot be linked: it is not among the choices.
    county = make_item(county=True)
    draft = make_item(state=ItemState.DRAFT)
    client.post(reverse("backoffice:item_link", args=[draft.pk]), {"kind": "replaces", "target": county.pk})
    assert not draft.links_out.exists()


def test_editor_in_two_organizations_chooses(client, region):
    from gongkai.orgs.models import Role

    Role.objects.create(user=region.editor, organization=region.office, role="editor")
    response = login(client, region.editor).get(reverse("backoffice:item_new"))
    assert response.status_code == 200
    assert "请选择以哪个机构的名义起草" in text_of(response)
    response = client.get(reverse("backoffice:item_new") + f"?org={region.office.pk}")
    assert response.context["organization"] == region.office
    assert client.get(reverse("backoffice:item_new") + f"?org={region.county_dept.pk}").status_code == 404
