"""docker-compose.yml and the Dockerfile agree with the code: commands, settings, paths, ports.

Docker itself does not run here, so these checks read the files and hold them against the real
CLI parser, the real Settings and the real metrics-port convention, all built at run time.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimstream.cli import build_parser
from claimstream.metrics_server import BASE_PORTS, metrics_port
from claimstream.settings import ENV_PREFIX, Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
PROMETHEUS_FILE = ROOT / "deploy" / "prometheus" / "prometheus.yml"
KNOWN_ENV = {ENV_PREFIX + f.name.upper() for f in fields(Settings)}
_INTERPOLATION = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def _resolve(value: Any) -> str:
    """Compose variable interpolation with nothing set: ``${X:-default}`` -> default, ``${X}`` -> ''."""
    return _INTERPOLATION.sub(lambda m: m.group(2) or "", str(value))


def _as_dict(env: Any) -> dict[str, str]:
    """``environment`` as a map (compose also allows a list of ``KEY=VALUE``)."""
    if env is None:
        return {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def _command(service: dict[str, Any]) -> list[str]:
    cmd = service.get("command", [])
    return shlex.split(cmd) if isinstance(cmd, str) else [str(c) for c in cmd]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def ours(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The services built from our Dockerfile (they run ``claimstream ...``)."""
    found = {name: svc for name, svc in services.items() if "build" in svc}
    assert found, "no service builds the claimstream image"
    return found


def test_expected_services_exist(services: dict[str, dict[str, Any]]) -> None:
    expected = {"kafka", "topic-init", "ingest", "worker", "sink", "prometheus", "alertmanager", "grafana"}
    assert expected <= set(services), f"missing: {sorted(expected - set(services))}"


def test_kafka_is_official_image_in_kraft_mode(services: dict[str, dict[str, Any]]) -> None:
    kafka = services["kafka"]
    assert kafka["image"] == "apache/kafka:4.1.1"
    env = _as_dict(kafka["environment"])
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "healthcheck" in kafka


def test_every_command_parses_with_the_real_cli(ours: dict[str, dict[str, Any]]) -> None:
    parser = build_parser()
    for name, svc in ours.items():
        cmd = _command(svc)
        assert cmd[:1] == ["claimstream"], f"{name}: command must start with 'claimstream': {cmd}"
        try:
            args = parser.parse_args(cmd[1:])
        except SystemExit as exc:  # argparse reports the problem on stderr
            pytest.fail(f"{name}: {' '.join(cmd)!r} is not a valid claimstream command ({exc})")
        assert callable(getattr(args, "func", None)), f"{name}: {cmd} has no handler"


def test_topic_init_runs_topics_create_after_kafka_is_healthy(services: dict[str, dict[str, Any]]) -> None:
    init = services["topic-init"]
    assert _command(init)[1:3] == ["topics", "create"]
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("ingest", "worker", "sink"):
        cond = services[name]["depends_on"]["topic-init"]["condition"]
        assert cond == "service_completed_successfully", name


def test_environment_uses_only_known_settings(ours: dict[str, dict[str, Any]]) -> None:
    for name, svc in ours.items():
        env = _as_dict(svc.get("environment"))
        unknown = sorted(set(env) - KNOWN_ENV)
        assert not unknown, f"{name}: not CLAIMSTREAM_<setting> variables: {unknown}"
        # The values (with compose defaults filled in) must load into Settings.
        settings = load_settings(env={k: _resolve(v) for k, v in env.items()})
        assert settings.bootstrap_servers.split(":")[0] == "kafka", name


def test_dockerfile_env_uses_only_known_settings(compose: dict[str, Any], ours: dict[str, Any]) -> None:
    for svc in ours.values():
        text = _dockerfile(svc).read_text(encoding="utf-8")
        names = re.findall(r"\b(CLAIMSTREAM_\w+)=", text)
        assert names, "the Dockerfile sets no CLAIMSTREAM_* defaults"
        assert not set(names) - KNOWN_ENV, sorted(set(names) - KNOWN_ENV)


def test_depends_on_names_exist(services: dict[str, dict[str, Any]]) -> None:
    for name, svc in services.items():
        deps = svc.get("depends_on", [])
        for dep in deps if isinstance(deps, list) else deps.keys():
            assert dep in services, f"{name} depends on unknown service {dep!r}"


def test_mounted_host_paths_exist_and_named_volumes_are_declared(compose: dict[str, Any]) -> None:
    declared = set(compose.get("volumes") or {})
    for name, svc in compose["services"].items():
        for vol in svc.get("volumes", []):
            source = vol["source"] if isinstance(vol, dict) else str(vol).split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).resolve().exists(), f"{name}: host path {source} does not exist"
            else:
                assert source in declared, f"{name}: named volume {source!r} is not declared"


def test_host_ports_do_not_collide_and_scaled_services_publish_none(services: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for name, svc in services.items():
        for port in svc.get("ports", []):
            host = str(port).rsplit(":", 1)[0] if ":" in str(port) else str(port)
            assert host not in seen, f"host port {host} used by {seen[host]} and {name}"
            seen[host] = name
    worker = services["worker"]
    assert worker.get("deploy", {}).get("replicas", 1) > 1
    assert not worker.get("ports") and "container_name" not in worker, "a scaled service cannot pin names/ports"


def _dockerfile(svc: dict[str, Any]) -> Path:
    build = svc["build"]
    context = ROOT / (build if isinstance(build, str) else build.get("context", "."))
    return context / (build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile")


def _ignored(context: Path, src: str) -> bool:
    """Whether a top-level .dockerignore pattern excludes ``src`` (enough for our simple file)."""
    ignore = context / ".dockerignore"
    if not ignore.exists():
        return False
    patterns = [
        ln.strip().rstrip("/")
        for ln in ignore.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith(("#", "!"))
    ]
    return any(fnmatch.fnmatch(src.rstrip("/"), p) for p in patterns)


def test_dockerfile_copies_existing_files_and_runs_unprivileged(ours: dict[str, dict[str, Any]]) -> None:
    for name, svc in ours.items():
        dockerfile = _dockerfile(svc)
        assert dockerfile.is_file(), f"{name}: {dockerfile} missing"
        context = dockerfile.parent if isinstance(svc["build"], str) else ROOT / svc["build"]["context"]
        text = dockerfile.read_text(encoding="utf-8")
        for line in re.findall(r"^\s*(?:COPY|ADD)\s+(.+)$", text, flags=re.M):
            parts = line.split()
            if any(p.startswith("--from") for p in parts):
                continue
            sources = [p for p in parts[:-1] if not p.startswith("--")]
            for src in sources:
                assert (context / src).exists(), f"{dockerfile.name} copies {src}, which does not exist"
                assert not _ignored(context, src), f"{src} is copied but excluded by .dockerignore"
        assert re.search(r"^FROM python:3\.11-slim|PYTHON_IMAGE=python:3\.11-slim", text, flags=re.M)
        users = re.findall(r"^\s*USER\s+(\S+)", text, flags=re.M)
        assert users and users[-1] not in ("root", "0"), "the image must run as a non-root user"


def _service_kind(svc: dict[str, Any]) -> str | None:
    cmd = _command(svc)
    return cmd[1] if len(cmd) > 1 and cmd[1] in BASE_PORTS else None


def _expected_metrics_port(svc: dict[str, Any]) -> int:
    env = {k: _resolve(v) for k, v in _as_dict(svc.get("environment")).items()}
    return metrics_port(load_settings(env=env), _service_kind(svc) or "", 0)


def _served_ports(svc: dict[str, Any]) -> set[int]:
    """The /metrics port by the port convention, plus the HTTP API port of a ``--serve`` service."""
    args = build_parser().parse_args(_command(svc)[1:])
    served = {_expected_metrics_port(svc)}
    if getattr(args, "serve", False):
        served.add(args.port)
    return served


def test_healthchecks_probe_a_port_the_service_serves(ours: dict[str, dict[str, Any]]) -> None:
    for name, svc in ours.items():
        if _service_kind(svc) is None:
            continue
        probe = " ".join(svc["healthcheck"]["test"])
        ports = {int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)", probe)}
        served = _served_ports(svc)
        assert ports and ports <= served, f"{name}: healthcheck probes {ports}, the service serves {served}"


def _scrape_targets(config: dict[str, Any]) -> list[tuple[str, str, int, bool]]:
    """(job, host, port, discovered-by-dns) for every static or DNS target."""
    out: list[tuple[str, str, int, bool]] = []
    for job in config.get("scrape_configs", []):
        for static in job.get("static_configs", []):
            for target in static.get("targets", []):
                host, _, port = str(target).rpartition(":")
                out.append((job["job_name"], host, int(port), False))
        for dns in job.get("dns_sd_configs", []):
            out.extend((job["job_name"], host, int(dns["port"]), True) for host in dns.get("names", []))
    return out


def test_prometheus_scrapes_every_service_on_its_metrics_port(ours: dict[str, dict[str, Any]]) -> None:
    if not PROMETHEUS_FILE.exists():
        pytest.fail(f"{PROMETHEUS_FILE.relative_to(ROOT)} is missing (mounted by docker-compose.yml)")
    targets = _scrape_targets(yaml.safe_load(PROMETHEUS_FILE.read_text(encoding="utf-8")))
    for name, svc in ours.items():
        if _service_kind(svc) is None:
            continue
        mine = [t for t in targets if t[1] == name]
        assert mine, f"prometheus.yml does not scrape the {name} service"
        assert {t[2] for t in mine} <= _served_ports(svc), f"{name}: wrong port in {mine}"
        if svc.get("deploy", {}).get("replicas", 1) > 1:
            # A static target resolves to one replica; DNS discovery finds each of them.
            assert all(t[3] for t in mine), f"{name} is scaled: scrape it with dns_sd_configs"


def test_ingest_requires_a_token_and_kafka_is_not_published_beyond_the_host(services: dict[str, Any]) -> None:
    token = _as_dict(services["ingest"]["environment"])["CLAIMSTREAM_INGEST_TOKEN"]
    assert re.fullmatch(r"\$\{CLAIMSTREAM_INGEST_TOKEN:\?[^}]+\}", token), token  # compose refuses to start without it
    command = _command(services["ingest"])
    assert command[command.index("--host") + 1] == "0.0.0.0"  # hence the token
    kafka = services["kafka"]
    protocols = dict(p.split(":") for p in kafka["environment"]["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    for port in kafka.get("ports", []):
        host_ip, _, _ = str(port).rpartition(":")[0].rpartition(":")
        if protocols.get("EXTERNAL") == "PLAINTEXT":
            assert host_ip == "127.0.0.1", f"Kafka without authentication is published on {port}"


# -- the cluster profile --------------------------------------------------------------------------

CLUSTER_ENV_FILE = ROOT / "deploy" / "compose" / "cluster.env"


def _env_file(path: Path) -> dict[str, str]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return dict(ln.split("=", 1) for ln in lines if ln and not ln.startswith("#"))


def _with(values: dict[str, str], value: Any) -> str:
    """Compose interpolation with ``values`` set (the env file), defaults otherwise."""
    return _INTERPOLATION.sub(lambda m: values.get(m.group(1)) or m.group(2) or "", str(value))


def _nodes(services: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in services.items() if str(s.get("image", "")).startswith("apache/kafka")}


def test_the_cluster_profile_is_three_voters_with_replicated_internal_topics(services: dict[str, Any]) -> None:
    from claimstream.broker.config import internal_replication

    values = _env_file(CLUSTER_ENV_FILE)
    assert values["COMPOSE_PROFILES"] == "cluster"
    nodes = _nodes(services)
    assert {n for n, s in nodes.items() if "cluster" in s.get("profiles", [])} == {"kafka-2", "kafka-3"}
    assert "profiles" not in nodes["kafka"]  # the single node is the default and node 1 of the cluster
    ids = {}
    for name, svc in nodes.items():
        env = {k: _with(values, v) for k, v in _as_dict(svc["environment"]).items()}
        ids[env["KAFKA_NODE_ID"]] = name
        assert env["CLUSTER_ID"] == _with(values, _as_dict(nodes["kafka"]["environment"])["CLUSTER_ID"])
        assert env["KAFKA_ADVERTISED_LISTENERS"].startswith(f"PLAINTEXT://{svc['hostname']}:19092,"), name
        assert all(str(port).startswith("127.0.0.1:") for port in svc["ports"]), name  # no auth: loopback
        # The same internal-topic replication as `claimstream broker start --nodes 3` gives its nodes.
        for key, want in internal_replication(3).items():
            assert env["KAFKA_" + key.upper().replace(".", "_")] == want, (name, key)
    voters = _with(values, _as_dict(nodes["kafka"]["environment"])["KAFKA_CONTROLLER_QUORUM_VOTERS"])
    assert voters == ",".join(f"{i}@{ids[str(i)]}:9093" for i in (1, 2, 3))


def test_the_cluster_profile_points_every_service_at_all_three(services: dict[str, Any], ours: dict[str, Any]) -> None:
    values = _env_file(CLUSTER_ENV_FILE)
    plaintext = {f"{s['hostname']}:19092" for s in _nodes(services).values()}
    for name, svc in ours.items():
        env = {k: _with(values, v) for k, v in _as_dict(svc.get("environment")).items()}
        settings = load_settings(env=env)
        assert set(settings.bootstrap_servers.split(",")) == plaintext, name
        assert settings.replication_factor == 3, name
    deps = services["topic-init"]["depends_on"]
    for node in ("kafka-2", "kafka-3"):
        assert deps[node] == {"condition": "service_healthy", "required": False}, node
    # Without the env file: one node, replication following the cluster (0 = min(3, brokers)).
    for name, svc in ours.items():
        settings = load_settings(env={k: _resolve(v) for k, v in _as_dict(svc.get("environment")).items()})
        assert settings.bootstrap_servers == "kafka:19092" and settings.replication_factor == 0, name


def test_every_cluster_env_variable_is_used_by_the_compose_file() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for key in _env_file(CLUSTER_ENV_FILE):
        assert key == "COMPOSE_PROFILES" or "${" + key + ":-" in text, key
