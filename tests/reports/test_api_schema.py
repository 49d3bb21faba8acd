"""The OpenAPI description validates, and every documented endpoint answers as documented."""
import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from reports.openapi import build_schema


@pytest.fixture
def schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def check(schema, name, data):
    """Validate `data` against components/schemas/<name>, resolving the $refs inside the document."""
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(schema))
    validator = OAS31Validator({"$ref": f"urn:api#/components/schemas/{name}"}, registry=registry)
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.1")
    # The response check bites: a wrong shape is reported.
    with pytest.raises(AssertionError):
        check(schema, "Indicator", {"id": "x"})
    with pytest.raises(AssertionError):
        check(schema, "ReportPage", {"count": 1, "count_capped": False, "count_cap": 1000, "page": 1, "next": None,
                                     "previous": None, "results": [{"id": 1}]})


def test_every_filter_of_the_pages_is_a_documented_parameter(schema):
    names = {p["name"] for p in schema["paths"]["/api/measures/"]["get"]["parameters"]}
    assert {"region", "year", "year_from", "year_to", "period", "agency", "topic", "kind", "q", "sort",
            "page"} <= names
    indicator_params = {p["name"]: p for p in schema["paths"]["/api/indicators/"]["get"]["parameters"]}
    assert indicator_params["sort"]["schema"]["enum"] == ["newest", "value-desc", "value-asc"]
    assert indicator_params["kind"]["schema"]["enum"] == ["value", "change", "target"]


def _response_schema(operation, status):
    ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


# Parameters that make each list answer a non-empty page (so every item shape is checked).
EXAMPLES = {"/api/reports/": "year_from=2023", "/api/measures/": "region=330000",
            "/api/indicators/": "type=legal-aid-cases&sort=value-desc"}
BAD = {"/api/reports/": "year=abc", "/api/measures/": "year_from=2024&year_to=2020",
       "/api/indicators/": "sort=value-desc"}


def test_every_documented_endpoint_answers_as_documented(client, archive, schema):
    from reports.models import Report, ReportStatus

    gone = archive.reports.xihu
    Report.objects.filter(pk=gone.pk).update(status=ReportStatus.WITHDRAWN, withdrawal_reason="重复收录",
                                             replaced_by=archive.reports.hangzhou)
    checked = 0
    for path, methods in schema["paths"].items():
        operation = methods["get"]
        for status in operation["responses"]:
            if "{id}" in path:
                pk = {"200": archive.reports.hangzhou.pk, "404": 987654, "410": gone.pk}[status]
                url = path.replace("{id}", str(pk))
            elif status == "400":
                url = f"{path}?{BAD[path]}"
            else:
                url = f"{path}?{EXAMPLES[path]}" if path in EXAMPLES else path
            response = client.get(url)
            assert response.status_code == int(status), url
            data = response.json()
            check(schema, _response_schema(operation, status), data)
            if status == "200" and "results" in data:
                assert data["results"], f"{url} should list something to check"
            checked += 1
    assert checked == 11  # index; reports 200/400; one report 200/404/410; measures, indicators 200/400; types


def test_api_index_links_to_everything(client, archive):
    data = client.get("/api/").json()
    for key, path in (("reports", "/api/reports/"), ("measures", "/api/measures/"), ("indicators", "/api/indicators/"),
                      ("indicator_types", "/api/indicator-types/"), ("openapi", "/api/openapi.json"),
                      ("docs", "/api/docs/")):
        assert data[key] == f"http://testserver{path}"
        assert client.get(path).status_code == 200


def test_api_measures_take_the_filters_of_the_measure_list(client, archive):
    data = client.get("/api/measures/?region=330106").json()
    assert sorted(m["text"] for m in data["results"]) == ["一是办理法律援助案件300件。", "二是依法治区，推进法治乡村建设。"]
    assert all(m["region"] == "330106" and m["year"] == 2023 for m in data["results"])
    found = client.get("/api/measures/?q=调解&region=330000").json()
    assert [m["text"] for m in found["results"]] == ["一是全年人民调解组织调解矛盾纠纷3.2万件，调解成功率98%。"]
    assert client.get("/api/measures/?period=weekly").status_code == 400


def test_docs_page_is_rendered_from_the_schema(client, archive):
    html = client.get("/api/docs/").content.decode()
    schema = build_schema()
    for path in schema["paths"]:
        assert f"GET {path}</code>" in html
    assert "<code>year_from</code>" in html and "起始年度" in html
    assert 'id="schema-Measure"' in html and "<code>report_title</code>" in html
    # Served from the archive itself: no inline script, nothing fetched from elsewhere.
    assert "<script>" not in html and 'src="http' not in html and 'href="https://cdn' not in html
