"""Moving reports between installations never destroys an editor's work; updating is explicit."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, ReviewStatus
from reports.models import Report
from tests.reports.test_fixtures import archive, counts, export, fixture_archive_once, load  # noqa: F401  (fixtures)


def edit_title(objects, title):
    for obj in objects:
        if obj["model"] == "reports.report" and obj["fields"]["region"] == ["450200"]:
            obj["fields"]["title"] = title
    return objects


def test_loaddata_refuses_to_overwrite_a_published_title(archive, tmp_path):  # noqa: F811
    objects = edit_title(json.loads(export()), "被夹具改掉的标题")
    published = Report.objects.get(region__code="450200").title
    before = counts()

    with pytest.raises(CommandError) as refused:
        load(tmp_path, json.dumps(objects, ensure_ascii=False))

    message = str(refused.value)
    assert f"报告“{published}" in message and "已存在，夹具内容与之不同" in message
    assert f"标题：现存 {published[:24]}" in message and "夹具 被夹具改掉的标题" in message
    assert "import_reports" in message
    assert Report.objects.get(region__code="450200").title == published and counts() == before


def test_loaddata_refuses_a_key_that_occurs_twice(archive, tmp_path):  # noqa: F811
    objects = json.loads(export())
    Indicator.objects.all().delete()
    indicators = [o for o in objects if o["model"] == "indicators.indicator"]
    twin = json.loads(json.dumps(indicators[0]))
    twin["fields"]["value"] = "999.000000"
    objects.append(twin)
    before = counts()

    with pytest.raises(CommandError, match="出现了两次") as refused:
        load(tmp_path, json.dumps(objects, ensure_ascii=False))

    assert f"“{indicators[0]['fields']['name']}" in str(refused.value)
    assert counts() == before and not Indicator.objects.exists()


def test_loading_the_same_file_twice_changes_nothing(archive, tmp_path):  # noqa: F811
    text = export()
    versions = dict(Report.objects.values_list("pk", "version"))
    load(tmp_path, text)
    assert export() == text and dict(Report.objects.values_list("pk", "version")) == versions


def test_loaddata_refuses_changed_topics_of_an_existing_report(archive, tmp_path):  # noqa: F811
    objects = json.loads(export())
    for obj in objects:
        if obj["model"] == "reports.report":
            obj["fields"]["topics"] = []
    with pytest.raises(CommandError, match="主题"):
        load(tmp_path, json.dumps(objects, ensure_ascii=False))


def run_import(path, **options):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_reports", str(path), stdout=out, stderr=err, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


def test_import_reports_update_keeps_editor_decisions(archive, tmp_path):  # noqa: F811
    # The other installation re-extracted the report (a new indicator name) and retitled it; here an
    # editor (the archive's) has edited the title and rejected 35场.
    objects = edit_title(json.loads(export()), "另一套系统的标题")
    local = Report.objects.get(region__code="450200")
    for obj in objects:
        if obj["model"] == "indicators.indicator" and obj["fields"]["raw"] in ("1200件", "35场") \
                and obj["fields"]["report"] == [local.content_hash]:
            obj["fields"]["name"] = "新名称"
            obj["fields"]["review_status"] = "unreviewed"
    path = tmp_path / "update.json"
    path.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")

    out, err = run_import(path)
    assert "失败 1" in out and "已存在且内容不同" in err and "加 --update" in err
    assert Indicator.objects.get(report=local, raw="1200件").name != "新名称"

    out, err = run_import(path, update=True)

    assert "更新 1" in out and "未变 1" in out and not err, err
    local.refresh_from_db()
    assert local.title.endswith("（编辑）")  # the editor's title stands
    assert Indicator.objects.get(report=local, raw="1200件").name == "新名称"  # machine output replaced
    kept = Indicator.objects.get(report=local, raw="35场")
    assert kept.review_status == ReviewStatus.REJECTED and kept.name != "新名称"  # the decision stands
    assert counts() == (2, 2, 6, 4, 10)


def test_import_reports_loads_new_reports_and_skips_identical_ones(archive, tmp_path):  # noqa: F811
    path = tmp_path / "all.json"
    path.write_text(export(), encoding="utf-8")
    out, _ = run_import(path)
    assert "新增 0 · 更新 0 · 未变 2 · 失败 0" in out
    Indicator.objects.all().delete()
    Report.objects.filter(region__code="450300").delete()
    out, _ = run_import(path)
    assert "新增 1 · 更新 0 · 未变 0 · 失败 1" in out  # 柳州 lost its indicators here: differs, not updated
    out, _ = run_import(path, update=True)
    assert "更新 1" in out and counts() == (2, 2, 6, 4, 10)
    rejected = Indicator.objects.get(raw="35场", report__region__code="450200")
    assert rejected.review_status == ReviewStatus.REJECTED  # the file's decision arrives with its indicator


def test_import_reports_sees_changed_topics(archive, tmp_path):  # noqa: F811
    objects = json.loads(export())
    for obj in objects:
        if obj["model"] == "reports.report" and obj["fields"]["region"] == ["450300"]:
            obj["fields"]["topics"] = []
    path = tmp_path / "topics.json"
    path.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    out, err = run_import(path)
    assert "失败 1" in out and "主题不同" in err
