"""The catalog and people screens for an organization administrator, through the browser forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.disclosure.models import CatalogColumn
from gongkai.orgs.models import Role, SignOffStep

pytestmark = pytest.mark.django_db


def test_catalog_screen_changes(client, region):
    login(client, region.admin)
    url = reverse("backoffice:catalog_column_add", args=[region.dept.pk])
    response = client.post(url, {"name": "招生专栏", "parent": region.column.pk})
    assert response.status_code == 302
    column = CatalogColumn.objects.get(name="招生专栏")
    client.post(reverse("backoffice:catalog_column_rename", args=[column.pk]), {"name": "招生入学专栏"})
    client.post(reverse("backoffice:catalog_column_visibility", args=[column.pk]), {"hidden": "1"})
    column.refresh_from_db()
    assert column.name == "招生入学专栏" and column.is_hidden
    response = client.get(reverse("backoffice:catalog") + f"?org={region.dept.pk}")
    assert "招生入学专栏" in text_of(response) and "已隐藏" in text_of(response)
    response = client.post(
        reverse("backoffice:catalog_column_move", args=[region.column.pk]), {"direction": "down"}
    )
    assert response.status_code == 302


def test_people_screen_create_user_grant_revoke(client, region):
    login(client, region.admin)
    url = reverse("backoffice:people_user_new", args=[region.dept.pk])
    data = {
        "username": "zhaoliu",
        "full_name": "赵六",
        "email": "",
        "phone": "",
        "password1": "password",
        "password2": "password",
        "roles": ["editor"],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert 'value="赵六"' in response.content.decode()
    response = client.post(url, {**data, "password1": "Zhao-liu-2026!x", "password2": "Zhao-liu-2026!x"})
    assert response.status_code == 302
    user = User.objects.get(username="zhaoliu")
    assert Role.objects.filter(user=user, organization=region.dept, role="editor").exists()

    grant = reverse("backoffice:people_role_grant", args=[region.dept.pk])
    client.post(grant, {"username": "zhaoliu", "role": "reviewer"})
    role = Role.objects.get(user=user, role="reviewer")
    response = client.post(grant, {"username": "nobody", "role": "reviewer"}, follow=True)
    assert "没有找到登录名为“nobody”的有效账号" in text_of(response)
    client.post(reverse("backoffice:people_role_revoke", args=[role.pk]))
    assert not Role.objects.filter(pk=role.pk).exists()
    # A role of another organization cannot even be found.
    county_role = Role.objects.filter(organization=region.county_dept).first()
    assert client.post(reverse("backoffice:people_role_revoke", args=[county_role.pk])).status_code == 404


def test_contact_and_signoff_chain_screens(client, region, make_item):
    login(client, region.admin)
    url = reverse("backoffice:org_contact", args=[region.dept.pk])
    response = client.post(url, {"phone": "0557-3021234", "email": "bad", "website": ""})
    assert response.status_code == 200 and "email" in response.context["form"].errors
    response = client.post(
        url, {"phone": "0557-3021234", "email": "gk@edu.example.cn", "office_hours": "工作日"}
    )
    assert response.status_code == 302
    region.dept.refresh_from_db()
    assert region.dept.phone == "0557-3021234"

    url = reverse("backoffice:org_signoff", args=[region.dept.pk])
    data = {
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-0-position": "1",
        "steps-0-title": "分管领导签发",
        "steps-0-condition": "always",
        "steps-1-position": "2",
        "steps-1-title": "局长签发",
        "steps-1-condition": "urgent",
        "steps-1-signers": [str(region.head.pk)],
    }
    assert client.post(url, data).status_code == 302
    assert list(SignOffStep.objects.filter(organization=region.dept).values_list("title", flat=True)) == [
        "分管领导签发",
        "局长签发",
    ]
    response = client.get(url)
    assert response.status_code == 200 and "局长签发" in response.content.decode()

    # The chain shows on the sign-off screen: an urgent item needs two signatures.
    item = make_item(state="signoff", is_urgent=True, date_formed=dt.date.today() - dt.timedelta(days=1))
    login(client, region.signer)
    response = client.get(reverse("backoffice:item_sign", args=[item.pk]))
    chain = response.context["chain"]
    assert [c["step"].title for c in chain] == ["分管领导签发", "局长签发"] and chain[0]["current"]
    client.post(reverse("backoffice:item_sign", args=[item.pk]), {"opinion": ""})
    login(client, region.head)
    response = client.get(reverse("backoffice:item_sign", args=[item.pk]))
    chain = response.context["chain"]
    assert chain[0]["done"] and chain[1]["current"]
    assert "签发人丙" in text_of(response)


def test_timeliness_export(client, region, make_item):
    make_item()
    login(client, region.supervisor)
    response = client.get(reverse("backoffice:timeliness"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "测试市教育局" in body and "平均工作日" in body
    response = client.get(reverse("backoffice:timeliness"), {"format": "xlsx"})
    assert response.status_code == 200
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(row=3, column=1).value == "测试市教育局"
    # The county editor does not see the city's bodies.
    login(client, region.county_editor)
    response = client.get(reverse("backoffice:timeliness"))
    assert response.context["data"] == []
