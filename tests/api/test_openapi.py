import re


def _served_api_operations(app):
    ops = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<[^>]+>", "{}", rule.rule[len("/api/v1") :])
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                ops.add((path, method.lower()))
    return ops


def test_openapi_describes_exactly_the_served_api(app, client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    spec = resp.get_json()
    assert spec["openapi"].startswith("3.1")
    described = {
        (re.sub(r"\{[^}]+\}", "{}", path), method)  # compare shapes: parameter names may differ
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete"}
    }
    assert described == _served_api_operations(app)


def test_openapi_references_resolve(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    text = str(spec)
    for name in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert name in spec["components"]["schemas"]


def test_schemas_match_the_code(client):
    from sleepapp.diary.service import ITEM_FIELDS, METRIC_FIELDS
    from sleepapp.program.rules import SCREEN_KEYS

    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert set(schemas["EntryItems"]["properties"]) == {"date", *ITEM_FIELDS}
    assert set(schemas["Metrics"]["properties"]) == set(METRIC_FIELDS)
    assert schemas["Screen"]["required"] == list(SCREEN_KEYS)
