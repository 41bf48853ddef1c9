"""The platform's vocabulary: bodies, places, columns, class lists, 主题词 and the administrators'
list join the segmenter's dictionary, in every process, as they change."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai.disclosure.models import CatalogColumn
from gongkai.orgs import services as org_services
from gongkai.orgs.models import Kind, Level
from gongkai.orgs.unitcodes import make_uscc
from gongkai.search import vocabulary
from gongkai.search.engine import SearchQuery
from gongkai.search.indexer import search_public
from gongkai.search.models import SearchWord, SubjectWord
from gongkai.search.segment import segment_query
from gongkai.search.segment import vocabulary as loaded_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", password="Root-gongkai-2026")


def new_body(root, parent, **fields):
    data = {
        "name": "宿州市埇桥区教育体育局",
        "short_name": "埇桥区教体局",
        "slug": "yq-jtj",
        "unit_code": make_uscc("1", "1", "341302", "77700002"),
        "parent": parent,
        "level": Level.COUNTY,
        "kind": Kind.DEPARTMENT,
        "is_competent_authority": False,
        "position": 9,
        "is_active": True,
    }
    data.update(fields)
    return org_services.create_organization(actor=root, fields=data)


def test_the_region_s_names_are_loaded(region):
    vocabulary.ensure_current()
    words = loaded_words()
    assert {"测试市教育局", "市教育局", "测试市", "测试县人民政府", "测试县"} <= words
    assert region.column.name == "行政法规、规章和规范性文件"
    assert {"行政法规", "规章和规范性文件"} <= words  # a name's parts between punctuation


def test_a_new_body_s_names_and_places_join_the_vocabulary_and_are_found(region, root, make_item, index):
    before = make_item(title="关于学校安全检查的通知", body="<p>埇桥各学校开展安全检查。</p>")
    index()
    vocabulary.ensure_current()
    version = vocabulary.current_version()
    assert "埇桥" not in loaded_words()

    new_body(root, region.city)  # through the service: the receiver sets a new version
    assert vocabulary.current_version() != version
    assert vocabulary.ensure_current() is True  # the next query (any process) reloads
    assert vocabulary.ensure_current() is False
    assert {"宿州市埇桥区教育体育局", "埇桥区教体局", "埇桥区", "埇桥", "宿州市", "宿州"} <= loaded_words()
    assert segment_query("埇桥") == ["埇桥"]
    assert segment_query("埇桥区教体局") == ["埇桥区教体局"]

    after = make_item(title="关于学校食堂检查的通知", body="<p>埇桥各学校开展食堂检查。</p>")
    index()  # indexed with the new vocabulary
    results = search_public(SearchQuery(text="埇桥"))
    # The item indexed with the word ranks first; the one indexed before is found by its bigrams.
    assert [h.item.pk for h in results.hits] == [after.pk, before.pk]
    assert results.hits[0].score > 0
    assert results.total == 2


def test_another_process_reloads_at_its_next_query(region, root, make_item, index):
    vocabulary.ensure_current()
    # Another process sets a new version (as its receiver would); this one learns it on its next
    # search, with no signal of its own.
    SearchWord.objects.bulk_create([SearchWord(word="符离集", kind="place")])  # no signal
    vocabulary.bump()
    item = make_item(title="符离集烧鸡产业发展扶持政策", body="<p>支持特色产业。</p>")
    index()
    assert "符离集" in loaded_words()
    assert [h.item.pk for h in search_public(SearchQuery(text="符离集")).hits] == [item.pk]


def test_a_renamed_body_brings_its_new_name(region, root):
    vocabulary.ensure_current()
    org_services.update_organization(
        actor=root, organization=region.dept, fields={"name": "测试市灵璧县教育局", "short_name": "灵教局"}
    )
    vocabulary.ensure_current()
    assert {"测试市灵璧县教育局", "灵教局", "灵璧县", "灵璧"} <= loaded_words()


def test_saving_a_body_without_new_words_sets_no_new_version(region):
    vocabulary.ensure_current()
    version = vocabulary.current_version()
    region.dept.save()
    assert vocabulary.current_version() == version


def test_the_administrators_list(region):
    vocabulary.ensure_current()
    word = SearchWord.objects.create(word="蕲县镇", kind="place")
    vocabulary.ensure_current()
    assert "蕲县镇" in loaded_words()
    word.delete()
    vocabulary.ensure_current()
    assert "蕲县镇" not in loaded_words()


def test_a_new_column_name(region):
    vocabulary.ensure_current()
    CatalogColumn.objects.create(organization=region.dept, code="97", name="营商环境专栏")
    vocabulary.ensure_current()
    assert "营商环境专栏" in loaded_words()


def test_subject_words_of_indexed_items(region, make_item, index):
    item = make_item(title="关于调整学校招生范围的通知", keywords="学区调整；划片招生")
    index()
    assert set(SubjectWord.objects.values_list("word", flat=True)) >= {"学区调整", "划片招生"}
    assert {"学区调整", "划片招生"} <= loaded_words()
    assert [h.item.pk for h in search_public(SearchQuery(text="划片招生")).hits] == [item.pk]


def test_the_body_name_finds_its_items(region, make_item, index):
    """The publishing body's name and short name are indexed with each item (never shown)."""
    item = make_item(title="关于做好防汛工作的通知", body="<p>请各单位做好防汛准备。</p>")
    index()
    assert [h.item.pk for h in search_public(SearchQuery(text="市教育局 防汛")).hits] == [item.pk]
