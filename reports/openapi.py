"""The OpenAPI 3.1 description of the JSON API, built from the code it describes.

The query parameters come from the FilterSets the endpoints run (names, labels, choices,
sort keys), so a new filter is documented the moment it exists; the response shapes are
written here beside `reports/api.py` and tests/reports/test_api_schema.py checks every
documented endpoint's real answers against them.
"""
from __future__ import annotations

import django_filters

from indicators.filters import IndicatorFilter
from indicators.models import Kind, ReviewStatus
from reports.filters import IntegerFilter, MeasureFilter, ReportFilter
from reports.models import Period
from reports.paging import COUNT_CAP, PAGE_SIZE

TITLE = "政府工作报告档案 JSON 接口"
VERSION = "1.0"

# What a parameter means beyond its label; keyed by parameter name.
PARAMETER_NOTES = {
    "region": "GB/T 2260 行政区划代码（6 位）；省、市包含其下所有地区。可重复提交（省、市、区县各一），取最深且在上级之内的一个。",
    "year": "报告所涵盖的年度；也接受 2020-2024 这样的区间。",
    "year_from": "起始年度（含）。",
    "year_to": "截止年度（含），不得早于起始年度。",
    "q": "检索词，空格分隔的各部分都须出现；最多 100 字。",
    "agency": "发布机构编号。",
    "topic": "主题标识（slug）。",
    "unit": "单位，如 件、%、亿元。",
    "type": "指标类型标识（slug），见 /api/indicator-types/。",
    "sort": "排序。",
    "page": f"页码，从 1 开始；每页 {PAGE_SIZE} 条，最多翻看前 {COUNT_CAP} 条。",
}


def _schema_of(name, flt, filterset_class) -> dict:
    if name == "sort":
        keys = list(filterset_class.SORTS)
        if "q" in filterset_class.base_filters:
            keys.append("relevance")
        return {"type": "string", "enum": keys, "default": filterset_class.default_sort()}
    if isinstance(flt, IntegerFilter):
        schema = {"type": "integer"}
        for key, bound in (("min_value", "minimum"), ("max_value", "maximum")):
            if key in flt.extra:
                schema[bound] = flt.extra[key]
        return schema
    if isinstance(flt, django_filters.ChoiceFilter) and flt.extra.get("choices"):
        return {"type": "string", "enum": [value for value, _ in flt.extra["choices"]]}
    return {"type": "string"}


def filter_parameters(filterset_class) -> list[dict]:
    params = []
    for name, flt in filterset_class.base_filters.items():
        label = str(flt.label or name)
        note = PARAMETER_NOTES.get(name, "")
        if name == "sort":
            note = "排序：" + "；".join(f"{k} {v[0]}" for k, v in filterset_class.SORTS.items())
            if "q" in filterset_class.base_filters:
                note += "；relevance 相关度（须有 q）"
            if filterset_class is IndicatorFilter:
                note += "。按数值排序须同时给出 unit 或 type，否则 400。"
        params.append({
            "name": name, "in": "query", "required": False,
            "description": f"{label}。{note}".rstrip("。") + "。",
            "schema": _schema_of(name, flt, filterset_class),
        })
    params.append({"name": "page", "in": "query", "required": False, "description": PARAMETER_NOTES["page"],
                   "schema": {"type": "integer", "minimum": 1}})
    return params


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema_type):
    return {"type": [schema_type, "null"]}


def _object(required: dict, optional: dict | None = None) -> dict:
    properties = {**required, **(optional or {})}
    return {"type": "object", "required": list(required), "properties": properties}


STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
URL = {"type": "string", "format": "uri"}


def _page_of(item: str) -> dict:
    return _object({
        "count": {**INTEGER, "description": f"匹配条数，最多数到 {COUNT_CAP}"},
        "count_capped": {**BOOLEAN, "description": f"true：匹配超过 {COUNT_CAP} 条，请缩小筛选范围"},
        "count_cap": INTEGER,
        "page": INTEGER,
        "next": {**_nullable("string"), "description": "下一页的地址"},
        "previous": {**_nullable("string"), "description": "上一页的地址"},
        "results": {"type": "array", "items": _ref(item)},
    })


SCHEMAS = {
    "Errors": _object({"errors": {"type": "array", "items": STRING, "description": "中文说明"}}),
    "Withdrawn": _object({
        "errors": {"type": "array", "items": STRING},
        "withdrawn_at": {**_nullable("string"), "description": "撤回时间（ISO 8601）"},
        "withdrawal_reason": {**STRING, "description": "撤回原因，可为空"},
        "replaced_by": {**_nullable("string"), "description": "替代报告的接口地址"},
    }),
    "Index": _object({key: URL for key in ("reports", "measures", "indicators", "indicator_types", "openapi", "docs")}),
    "Report": _object({
        "id": INTEGER,
        "title": STRING,
        "agency": _object({"id": INTEGER, "name": STRING, "kind": STRING}),
        "region": _object({"code": STRING, "name": STRING, "full_name": STRING}),
        "year": INTEGER,
        "period": {"type": "string", "enum": Period.values},
        "issued_on": {**_nullable("string"), "description": "成文/发布日期（YYYY-MM-DD）"},
        "source_url": {**STRING, "description": "原文网址，未知时为空字符串"},
        "topics": {"type": "array", "items": STRING},
        "url": {**URL, "description": "档案页面（规范地址）"},
        "api_url": URL,
    }),
    "ReportDetail": {"allOf": [_ref("Report"), _object({
        "text": STRING,
        "sections": {"type": "array", "items": _object(
            {"level": INTEGER, "number": STRING, "heading": STRING, "start": INTEGER, "end": INTEGER})},
        "measures": {"type": "array", "items": _object(
            {"number": STRING, "text": STRING, "start": INTEGER, "end": INTEGER})},
        "indicators": {"type": "array", "items": _ref("Indicator")},
    })]},
    "Measure": _object({
        "id": INTEGER, "number": STRING, "text": STRING, "year": INTEGER,
        "region": {**STRING, "description": "行政区划代码"}, "report": INTEGER, "report_title": STRING,
        "agency": STRING, "start": INTEGER, "end": INTEGER, "topics": {"type": "array", "items": STRING},
        "url": {**URL, "description": "报告页面中这项举措的位置（#m-起始位置）"},
    }),
    "Indicator": _object({
        "id": INTEGER, "name": STRING, "type": _nullable("string"), "value": NUMBER, "unit": STRING,
        "raw": {**STRING, "description": "原文中的写法"},
        "qualifier": _nullable("string"), "kind": {"type": "string", "enum": Kind.values},
        "direction": _nullable("string"), "year": INTEGER, "region": STRING, "topic": _nullable("string"),
        "report": INTEGER, "start": INTEGER, "end": INTEGER,
        "review_status": {"type": "string", "enum": [v for v in ReviewStatus.values if v != ReviewStatus.REJECTED]},
        "url": {**URL, "description": "报告页面中这个数字的位置（#i-起始位置）"},
    }),
    "IndicatorType": _object({
        "slug": STRING, "name": STRING, "unit": STRING, "topic": _nullable("string"),
        "synonyms": {"type": "array", "items": STRING}, "url": URL,
    }),
    "ReportPage": _page_of("Report"),
    "MeasurePage": _page_of("Measure"),
    "IndicatorPage": _page_of("Indicator"),
    "IndicatorTypeList": _object({"results": {"type": "array", "items": _ref("IndicatorType")}}),
}


def _json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


BAD_REQUEST = _json_response("参数不合法（中文说明）", "Errors")


def _list(summary, description, filterset_class, page_schema, operation_id):
    return {"get": {
        "operationId": operation_id, "summary": summary, "description": description,
        "parameters": filter_parameters(filterset_class),
        "responses": {"200": _json_response("一页结果", page_schema), "400": BAD_REQUEST},
    }}


def build_schema(server_url: str = "/") -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE, "version": VERSION,
            "description": "只读接口，只含已发布的报告，从不含被驳回的指标。参数与网站列表相同；"
                           f"列表最多数到 {COUNT_CAP} 条（count_capped 表示更多）。",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/": {"get": {
                "operationId": "index", "summary": "接口目录",
                "responses": {"200": _json_response("各接口和文档的地址", "Index")},
            }},
            "/api/reports/": _list("报告列表", "与 /reports/ 页面相同的筛选。", ReportFilter, "ReportPage", "listReports"),
            "/api/reports/{id}/": {"get": {
                "operationId": "getReport", "summary": "一份报告",
                "description": "元数据、全文、章节、举措和指标。撤回的报告回答 410 并说明撤回时间、原因和替代报告。",
                "parameters": [{"name": "id", "in": "path", "required": True, "description": "报告编号",
                                "schema": {"type": "integer", "minimum": 1}}],
                "responses": {
                    "200": _json_response("报告", "ReportDetail"),
                    "404": _json_response("没有这份报告", "Errors"),
                    "410": _json_response("报告已撤回", "Withdrawn"),
                },
            }},
            "/api/measures/": _list("举措列表", "与 /measures/ 页面相同的筛选。", MeasureFilter, "MeasurePage",
                                    "listMeasures"),
            "/api/indicators/": _list("指标列表", "与 /indicators/ 页面相同的筛选；默认最新报告在前。", IndicatorFilter,
                                      "IndicatorPage", "listIndicators"),
            "/api/indicator-types/": {"get": {
                "operationId": "listIndicatorTypes", "summary": "指标类型（可比较的量）",
                "responses": {"200": _json_response("全部指标类型", "IndicatorTypeList")},
            }},
        },
        "components": {"schemas": SCHEMAS},
    }


# ---------------------------------------------------------------- the documentation page


def type_label(schema: dict) -> str:
    """A schema as a reader of the documentation page says it: 字符串或空, 数组（Indicator）…"""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " + ".join(type_label(part) for part in schema["allOf"])
    kind = schema.get("type", "")
    if isinstance(kind, list):
        return " 或 ".join(kind)
    if kind == "array":
        return f"array（{type_label(schema.get('items', {}))}）"
    if "enum" in schema:
        return f"{kind}：" + " / ".join(str(v) for v in schema["enum"])
    if kind == "object" and "properties" in schema:
        return "object（" + "、".join(schema["properties"]) + "）"
    return kind + (f"（{schema['format']}）" if "format" in schema else "")


def documentation(schema: dict) -> dict:
    """The schema arranged for templates/api/docs.html."""
    operations = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "id": op["operationId"], "summary": op["summary"],
                "description": op.get("description", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "type": type_label(p["schema"]), "description": p.get("description", "")}
                               for p in op.get("parameters", [])],
                "responses": [{"status": status, "description": r["description"],
                               "schema": type_label(r["content"]["application/json"]["schema"])}
                              for status, r in op["responses"].items()],
            })
    components = []
    for name, comp in schema["components"]["schemas"].items():
        parts = comp.get("allOf", [comp])
        fields = []
        for part in parts:
            if "$ref" in part:
                fields.append({"name": "…", "type": f"{type_label(part)} 的全部字段", "required": True, "description": ""})
                continue
            for field, spec in part.get("properties", {}).items():
                fields.append({"name": field, "type": type_label(spec), "required": field in part.get("required", ()),
                               "description": spec.get("description", "")})
        components.append({"name": name, "fields": fields})
    return {"info": schema["info"], "operations": operations, "components": components}
