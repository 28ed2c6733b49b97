"""deploy/: the compose file and Kubernetes manifests hold together."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SECRET_NAMES = re.compile(r"(SECRET|KEY|PASSWORD)$")


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def manifests() -> list[dict[str, Any]]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    return docs


def compose_plugin() -> bool:
    if not shutil.which("docker"):
        return False
    done = subprocess.run(["docker", "compose", "version"], capture_output=True)
    return done.returncode == 0


def test_compose_config_validates():
    """`docker compose config` where the plugin exists; else the same checks by hand."""
    if compose_plugin():
        env = {
            "POSTGRES_PASSWORD": "x",
            "PMR_JWT_SECRET": "x",
            "PMR_PSEUDONYM_SECRET": "x",
            "PMR_VAULT_KEY": "x",
            "PATH": "/usr/bin",
        }
        done = subprocess.run(
            ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "-q"],
            capture_output=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    services = compose()["services"]
    assert {"postgres", "kafka", "api", "relay", "projector-1", "projector-2"} <= set(
        services
    )
    for name, service in services.items():
        assert "healthcheck" in service, name
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
    assert set(compose()["volumes"]) == {"pgdata", "kafkadata"}


def test_compose_takes_every_secret_from_the_environment():
    for name, service in compose()["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAMES.search(key):
                assert str(value).startswith("${"), (name, key)
        url = (service.get("environment") or {}).get("PMR_DATABASE_URL", "")
        passwords = ("${POSTGRES_PASSWORD", "${PMR_SERVE_DB_PASSWORD")
        assert any(p in url for p in passwords) or not url


def test_pipeline_commands_match_the_cli():
    services = compose()["services"]
    assert services["relay"]["command"] == ["relay"]
    assert services["projector-1"]["command"] == ["project", "all"]


def test_the_api_deployment_has_readiness_and_liveness_probes():
    api = next(
        d
        for d in manifests()
        if d["metadata"]["name"] == "pmr-api" and d["kind"] == "Deployment"
    )
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_pmr_workloads_run_as_non_root_with_secrets_by_reference():
    workloads = [d for d in manifests() if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in workloads} == {
        "pmr-api",
        "pmr-relay",
        "pmr-case-opener",
        "pmr-alerts",
        "pmr-alert-raisers",
        "pmr-deliverers",
        "pmr-projectors",
    }
    for workload in workloads:
        spec = workload["spec"]["template"]["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True
        for container in spec["containers"]:
            refs = [next(iter(r)) for r in container["envFrom"]]
            assert refs == ["configMapRef", "secretRef"]
            assert "env" not in container  # no literal values at all


def test_no_manifest_commits_a_secret_value():
    assert not [d for d in manifests() if d["kind"] == "Secret"]
    config = next(d for d in manifests() if d["kind"] == "ConfigMap")
    assert not [k for k in config["data"] if SECRET_NAMES.search(k)]


@pytest.mark.parametrize(
    "path", sorted(p.name for p in (DEPLOY / "k8s").glob("*.yaml"))
)
def test_every_manifest_names_the_pmr_namespace(path):
    for doc in yaml.safe_load_all((DEPLOY / "k8s" / path).read_text()):
        if doc and doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "pmr"


def test_serving_processes_connect_as_the_app_role_after_migrate():
    services = compose()["services"]
    assert services["migrate"]["command"] == ["migrate"]
    for name in ("api", "relay", "case-opener", "alerts", "projector-1"):
        env = services[name]["environment"]
        assert env["PMR_DATABASE_URL"].startswith("postgresql://pmr_serve:"), name
        assert env["PMR_MIGRATE_ON_START"] == "false", name
    api_needs = services["api"]["depends_on"]["migrate"]["condition"]
    assert api_needs == "service_completed_successfully"
