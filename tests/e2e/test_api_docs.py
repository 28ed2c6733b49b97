"""The docs page renders with the network cut: every asset it references is served by
the app itself; the OpenAPI document lists the problem responses each route gives."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_every_asset_of_the_docs_page_comes_from_the_app(client: TestClient) -> None:
    page = client.get("/docs")

    assert page.status_code == 200
    references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert references
    for reference in references:
        assert reference.startswith("/"), f"not served locally: {reference}"
        assert client.get(reference).status_code == 200, reference


def test_each_operation_documents_its_problem_responses(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()

    operation = schema["paths"]["/v1/movements"]["post"]
    for status in ("401", "403", "409", "413", "422", "429", "503"):
        content = operation["responses"][status]["content"]
        assert "application/problem+json" in content
        example = content["application/problem+json"]["example"]
        assert example["status"] == int(status)
        assert example["type"].startswith("/problems/")
    assert "Problem" in schema["components"]["schemas"]
    # Only the errors an operation can give: no conflict or body limit on a read,
    # no 404 where nothing is addressed
    listing = schema["paths"]["/v1/alerts"]["get"]["responses"]
    assert not {"409", "413", "404", "429"} & set(listing)
    assert set(schema["paths"]["/healthz"]["get"]["responses"]) <= {"200", "503"}


def test_identifiers_and_codes_are_described_for_client_generators(
    client: TestClient,
) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]

    movement = schemas["MovementCreate"]["properties"]
    assert movement["from_urn"]["pattern"] == "^[0-9]{6}$"
    assert "permanently_excluded" in movement["deletion_ground"]["enum"]
    assert None in movement["deletion_ground"]["enum"]  # the field may be left out
    assert schemas["PupilIn"]["properties"]["upn"]["pattern"].startswith("^[A-HJ")
    assert "DB" in movement["reason"]["description"]
