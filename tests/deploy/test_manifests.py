"""Safe defaults in the scale-out files (docker-compose.yml, deploy/k8s/,
deploy/endpoints.scale.yml, Dockerfile): no password or token written in them,
Rasa's HTTP API never enabled, no CORS wildcard, Redis never persisting, and
every setting the app needs actually given."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import paths

DEPLOY = paths.ROOT / "deploy"
COMPOSE = paths.ROOT / "docker-compose.yml"
K8S = sorted((DEPLOY / "k8s").glob("*.yaml"))
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|DATABASE_URL", re.I)


def documents(path: Path):
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def walk(node, key=""):
    """(key, value) for every scalar in a YAML tree, with the nearest key."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, key)
    else:
        yield key, node


def k8s_env(doc):
    for container in doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
        for item in container.get("env", []):
            yield item


def test_the_files_exist_and_parse():
    assert COMPOSE.exists() and len(K8S) >= 4 and (paths.ROOT / "Dockerfile").exists()
    for path in [COMPOSE, DEPLOY / "endpoints.scale.yml", *K8S]:
        assert documents(path), path


def test_compose_requires_every_secret_instead_of_defaulting_it():
    compose = COMPOSE.read_text()
    for name in ("KIT_REDIS_PASSWORD", "KIT_POSTGRES_PASSWORD", "KIT_CORS_ORIGINS"):
        assert re.search(r"\$\{" + name + r":\?", compose), name
    assert not re.search(r"\$\{[A-Z_]*(PASSWORD|TOKEN|SECRET)[A-Z_]*:-", compose)
    for key, value in walk(documents(COMPOSE)[0]):
        if SECRET_NAME.search(key) and isinstance(value, str):
            assert "${" in value, (key, value)


def test_kubernetes_secrets_come_only_from_a_secret_object():
    for path in K8S:
        for doc in documents(path):
            assert doc["kind"] != "Secret", f"{path.name} ships a Secret with values"
            for item in k8s_env(doc):
                if SECRET_NAME.search(item["name"]):
                    assert "secretKeyRef" in item.get("valueFrom", {}), (path.name, item["name"])
            if doc["kind"] == "ConfigMap":
                assert not any(SECRET_NAME.search(k) for k in doc["data"]), path.name


@pytest.mark.parametrize("path", [COMPOSE, paths.ROOT / "Dockerfile", DEPLOY / "endpoints.scale.yml", *K8S],
                         ids=lambda p: p.name)
def test_rasa_api_stays_off_and_cors_has_no_wildcard(path):
    text = path.read_text()
    assert "--enable-api" not in text and "--auth-token" not in text
    assert not re.search(r"CORS_ORIGINS:\s*['\"]?\*", text)
    assert "--cors" not in text


def test_redis_never_persists_and_always_has_a_password():
    commands = [documents(COMPOSE)[0]["services"]["redis"]["command"]]
    commands += [c["args"] for d in documents(DEPLOY / "k8s" / "redis.yaml") if d["kind"] == "Deployment"
                 for c in d["spec"]["template"]["spec"]["containers"]]
    for command in commands:
        joined = " ".join(command)
        assert "--requirepass" in joined and "--appendonly no" in joined
        assert command[command.index("--save") + 1] == ""


def test_the_scale_endpoints_use_rasas_redis_stores_with_expiry_from_the_environment():
    endpoints = documents(DEPLOY / "endpoints.scale.yml")[0]
    assert endpoints["tracker_store"]["type"] == "redis" and endpoints["lock_store"]["type"] == "redis"
    assert endpoints["tracker_store"]["record_exp"] == "${KIT_TRACKER_EXPIRY_SECONDS}"
    for store in ("tracker_store", "lock_store"):
        for key, value in endpoints[store].items():
            if key not in ("type", "key_prefix"):
                assert re.fullmatch(r"\$\{[A-Z_]+\}", str(value)), (store, key, value)


def test_replicas_are_configured_for_sharing():
    kit_env = documents(COMPOSE)[0]["services"]["kit"]["environment"]
    config = next(d for d in documents(DEPLOY / "k8s" / "config.yaml"))["data"]
    for env in (kit_env, config):
        assert env["KIT_SESSION_STORE"] == "redis"
        assert env["KIT_RASA_ENDPOINTS"] == "deploy/endpoints.scale.yml"
        assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert documents(COMPOSE)[0]["services"]["kit"]["deploy"]["replicas"] >= 2
    kit = next(d for d in documents(DEPLOY / "k8s" / "kit.yaml") if d["kind"] == "Deployment")
    assert kit["spec"]["replicas"] >= 2


def compose_default(value: str) -> str:
    """${NAME:-default} -> default; a plain value as it is."""
    found = re.fullmatch(r"\$\{[A-Z_]+:-([^}]*)\}", str(value))
    return found.group(1) if found else str(value)


def test_both_ship_behind_one_tls_proxy_and_are_set_for_it():
    """Compose publishes the web app on 127.0.0.1 for a TLS proxy on the host;
    k8s puts an Ingress with TLS in front. Both count that one proxy, mark the
    teacher cookie Secure and send HSTS."""
    compose = documents(COMPOSE)[0]["services"]["kit"]
    assert all(str(port).startswith("127.0.0.1:") for port in compose["ports"])
    config = next(d for d in documents(DEPLOY / "k8s" / "config.yaml"))["data"]
    ingress = next(d for d in documents(DEPLOY / "k8s" / "ingress.yaml") if d["kind"] == "Ingress")
    assert ingress["spec"]["tls"] and ingress["spec"]["tls"][0]["secretName"]
    backends = [p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]]
    assert backends == ["kit"]
    for env in (compose["environment"], config):
        settings = {name: compose_default(value) for name, value in env.items()}
        assert settings["SANIC_PROXIES_COUNT"] == "1"
        assert settings["KIT_COOKIE_SECURE"] == "always"
        assert int(settings["KIT_HSTS_SECONDS"]) >= 31536000
