"""The production layout on paper: docker-compose.yml, deploy/, the Dockerfile and the Helm values.

Docker and Kubernetes do not run here, so these tests read the files: the structure the
deployment needs (two or more Rasa and action servers behind the load balancer, shared
PostgreSQL and Redis, health checks, no secrets), and that every setting the project reads
from the environment for `make run` is passed, by the same name, to the containers. That set
is found in the project's own files, not written out here a second time.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
RENDER_CONFIG = ROOT / "runtime" / "render_config.py"
HELM_VALUES = ROOT / "deploy" / "helm" / "values.yaml"
HELM_EXTRAS = ROOT / "deploy" / "helm" / "extras.yaml"
DOCKERFILE = ROOT / "Dockerfile"

# Settings every Rasa server and every action server must share, or they would not see the
# same conversations, locks and records.
SHARED_SETTINGS = (
    "DATABASE_URL",
    "TRACKER_DB_URL",
    "REDIS_URL",
    "SENDER_HASH_KEY",
    "RETENTION_DAYS",
)
# Without these a second server silently falls back to its own SQLite file, its own
# in-memory locks or its own generated hash key: compose must refuse to start instead.
REQUIRED_IN_A_CLUSTER = ("DATABASE_URL", "REDIS_URL", "SENDER_HASH_KEY")

# Variables the project reads only while developing or testing, never in a deployment.
DEVELOPMENT_ONLY = {
    "TEST_POSTGRES_URL": "the PostgreSQL-backed tests",
    "PYTHONPATH": "set by the image itself (Dockerfile ENV)",
    "CONVERSE_START_TIMEOUT": "scripts/converse.py, the transcript runner",
    "NO_COLOR": "scripts/converse.py's terminal colours",
    "SHELL_PORT": "`make shell`",
    "CI": "the CI entry point",
    "FAKE_PLATFORMS_PORT": "the fake platform API of the live channel tests",
    "TEST_REDIS_URL": "the Redis-backed tests",
    "MODULE": "`make mutate`'s choice of modules",
    "MUTANTS": "`make mutate`'s mutant-name globs",
    "MUTMUT_CHILDREN": "`make mutate`'s worker processes",
    "MUTMUT_PREBUILD_NLU": "`make mutate`'s NLU pipeline built once in the fork server",
    **{
        name: "`make bench` (scripts/bench.py), never a deployment"
        for name in (
            "BENCH_QUICK",
            "BENCH_ROUNDS",
            "BENCH_TRAIN",
            "BENCH_LEVELS",
            "BENCH_SECONDS",
            "BENCH_MAX_TURNS",
            "STOCK_RASA_PORT",
        )
    },
}
# Folders that are not part of a running deployment (hidden ones, like .venv, neither).
# mutants/: `make mutate`'s mutated copy of the code and tests (git- and docker-ignored).
NOT_DEPLOYED = ("tests", "web/tests", "web/node_modules", "models", "results", "var", "mutants")

ENV_NAME = r"[A-Z][A-Z0-9_]*"
# A constant that looks like an environment variable: upper case with at least one underscore.
ENV_LIKE_CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|HASH_KEY|ACCOUNT_SID")
URL_PASSWORD = re.compile(r"://[^/:@\s]*:(?P<password>[^@\s]+)@")


# --- what the project reads from the environment ----------------------------------------------


def _deployed_files(suffix: str) -> Iterable[Path]:
    """The project's own files with this suffix, outside tests, venvs and generated folders."""
    for folder, subfolders, files in os.walk(ROOT):
        relative = Path(folder).relative_to(ROOT).as_posix()
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and (name if relative == "." else f"{relative}/{name}") not in NOT_DEPLOYED
        )
        yield from (Path(folder) / name for name in sorted(files) if name.endswith(suffix))


def _python_environment_reads(source: str) -> set[str]:
    """Names read with os.environ / os.getenv, and env-like names a settings module passes on.

    `os.environ.get("DATABASE_URL")` and `environ.get("HOST")` count; so does
    `_value(environ, "SLACK_TOKEN")` or a
    tuple of names in a module that reads os.environ. A WSGI `environ["HTTP_ORIGIN"]` does not.
    """
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
            # `environ` alone: a settings function's Mapping, os.environ by default.
            reads_environment = called == "getenv" or (
                called in {"get", "pop"}
                and (receiver.endswith("os.environ") or receiver == "environ")
            )
            if reads_environment and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("os.environ"):
            if isinstance(node.slice, ast.Constant):
                names.add(str(node.slice.value))
    if "os.environ" in source or "getenv" in source:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                candidates = node.args
            elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                candidates = node.elts
            else:
                continue
            names |= {
                candidate.value
                for candidate in candidates
                if isinstance(candidate, ast.Constant)
                and isinstance(candidate.value, str)
                and ENV_LIKE_CONSTANT.match(candidate.value)
            }
    return {name for name in names if re.fullmatch(ENV_NAME, name)}


@functools.lru_cache(maxsize=1)
def project_environment_variables() -> frozenset[str]:
    """Every environment variable the project's running parts read."""
    names: set[str] = set()
    for path in _deployed_files(".py"):
        names |= _python_environment_reads(path.read_text(encoding="utf-8"))
    # ${VAR} in the files Rasa reads (it substitutes unquoted values at start).
    for name in ("endpoints.yml", "credentials.yml"):
        names |= set(re.findall(r"\$\{(" + ENV_NAME + r")\}", (ROOT / name).read_text()))
    # ${VAR:-default} and friends in the container's entry point.
    names |= set(re.findall(r"\$\{(" + ENV_NAME + r"):?[-?=+]", ENTRYPOINT.read_text()))
    # `NAME ?= default` in the Makefile: settings with a default that the environment overrides.
    names |= set(re.findall(r"^(" + ENV_NAME + r")\s*\?=", _makefile(), re.MULTILINE))
    return frozenset(names)


def deployment_variables() -> set[str]:
    """What a deployment must pass: the project's settings, less development-only ones (and
    `make bench`'s BENCH_*) and less those the image itself sets (Dockerfile ENV, the
    Makefile's exports)."""
    benchmark_only = {
        name for name in project_environment_variables() if name.startswith("BENCH_")
    }
    return (
        project_environment_variables()
        - set(DEVELOPMENT_ONLY)
        - benchmark_only
        - set(image_environment())
    )


def image_environment() -> dict[str, str]:
    """The ENV settings of the Dockerfile's final stage."""
    final_stage = DOCKERFILE.read_text(encoding="utf-8").split("\nFROM ")[-1]
    settings: dict[str, str] = {}
    for block in re.findall(r"^ENV ((?:.*\\\n)*.*)$", final_stage, re.MULTILINE):
        settings.update(re.findall(r"(" + ENV_NAME + r")=(\S+)", block))
    return settings


def _makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8")


# --- docker-compose.yml -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def services_with_role(compose: dict[str, Any], role: str) -> dict[str, dict[str, Any]]:
    """The services whose container runs `role` (the entry point's first argument)."""
    return {
        name: service
        for name, service in compose["services"].items()
        if (service.get("command") or [None])[0] == role
    }


def app_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**services_with_role(compose, "rasa"), **services_with_role(compose, "actions")}


def environment(service: dict[str, Any]) -> dict[str, Any]:
    return service.get("environment") or {}


def required_reference(name: str, value: Any) -> bool:
    return isinstance(value, str) and value.startswith("${" + name + ":?")


def dependency_closure(compose: dict[str, Any], name: str) -> dict[str, str]:
    """Every service `name` waits for, directly or through others, with the condition."""
    found: dict[str, str] = {}
    pending = [name]
    while pending:
        depends_on = compose["services"][pending.pop()].get("depends_on") or {}
        if isinstance(depends_on, list):
            depends_on = {
                dependency: {"condition": "service_started"} for dependency in depends_on
            }
        for dependency, spec in depends_on.items():
            if dependency not in found:
                found[dependency] = spec.get("condition", "service_started")
                pending.append(dependency)
    return found


def test_compose_has_every_part_of_the_layout(compose):
    services = set(compose["services"])
    assert {"postgres", "redis", "lb", "web", "kb", "purge"} <= services
    assert len(services_with_role(compose, "rasa")) >= 2, "two or more Rasa servers"
    assert len(services_with_role(compose, "actions")) >= 2, "two or more action servers"


def test_every_rasa_server_is_behind_the_load_balancer(compose):
    upstreams = nginx_upstreams()
    rasa_servers = {f"{name}:5005" for name in services_with_role(compose, "rasa")}
    assert upstreams["rasa"] == rasa_servers
    assert upstreams["rasa_sticky"] == rasa_servers
    assert "actions" not in upstreams, "the load balancer must not reach the action servers"
    assert "listen 5055" not in NGINX_CONF.read_text(encoding="utf-8")
    lb = compose["services"]["lb"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in lb["volumes"]


def networks_of(service: dict[str, Any]) -> set[str]:
    networks = service.get("networks") or {}
    return set(networks) if isinstance(networks, list | dict) else set()


def test_the_action_servers_and_stores_are_on_a_back_end_network_only_the_rasa_servers_reach(
    compose,
):
    assert compose["networks"]["back"].get("internal") is True
    services = compose["services"]
    rasa = set(services_with_role(compose, "rasa"))
    actions = set(services_with_role(compose, "actions"))
    for name in actions | {"redis"}:
        assert networks_of(services[name]) == {"back"}, name
    on_back = {name for name, service in services.items() if "back" in networks_of(service)}
    jobs = {"kb", "purge"}
    assert on_back == rasa | actions | {"postgres", "redis"} | jobs
    for name in ("lb", "web"):
        assert "back" not in networks_of(services[name]), name
    # The chat page's server reads the summaries for the doctor from PostgreSQL, and reaches
    # nothing else of the back end.
    assert compose["networks"]["data"].get("internal") is True
    on_data = {name for name, service in services.items() if "data" in networks_of(service)}
    assert on_data == {"postgres", "web"}
    assert networks_of(services["postgres"]) == {"back", "data"}
    for name in rasa:
        assert networks_of(services[name]) == {"front", "back"}, name
        assert environment(services[name])["ACTION_SERVER_URL"] == "http://actions:5055/webhook"
    for name in actions:
        assert services[name]["networks"]["back"]["aliases"] == ["actions"]


def test_rasa_and_the_action_servers_share_a_required_secret(compose):
    for name, service in app_services(compose).items():
        value = environment(service).get("ACTIONS_SHARED_SECRET")
        assert required_reference("ACTIONS_SHARED_SECRET", value), name


def test_socketio_is_sticky_and_rest_goes_to_any_server():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    sticky = re.search(r"upstream rasa_sticky \{(.*?)\}", conf, re.DOTALL).group(1)
    assert "ip_hash;" in sticky
    assert re.search(r"location /socket\.io/ \{[^}]*proxy_pass http://rasa_sticky;", conf)
    assert re.search(r"location /webhooks/rest/ \{[^}]*proxy_pass http://rasa;", conf)
    assert re.search(r"location /webhooks/ \{[^}]*proxy_pass http://rasa;", conf)


def test_nginx_explains_real_ip_for_a_load_balancer_in_front():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for directive in ("set_real_ip_from", "real_ip_header X-Forwarded-For", "real_ip_recursive"):
        assert f"#   {directive}" in conf, directive


def test_the_load_balancer_never_publishes_rasas_http_api():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    public_server = re.search(r"server \{\s*listen 80;(.*?)\n    \}\n", conf, re.DOTALL).group(1)
    locations = dict(
        re.findall(r"location (?:= )?(\S+) \{[^}]*?proxy_pass http://(\w+);", public_server)
    )
    assert locations == {
        "/socket.io/": "rasa_sticky",
        "/webhooks/rest/": "rasa",
        "/webhooks/": "rasa",
        "/": "web",
    }


def nginx_upstreams() -> dict[str, set[str]]:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    return {
        name: set(re.findall(r"^\s*server (\S+)", body, re.MULTILINE))
        for name, body in re.findall(r"upstream (\w+) \{(.*?)\}", conf, re.DOTALL)
    }


def test_rasa_and_action_servers_share_the_same_database_redis_and_hash_key(compose):
    services = {**app_services(compose), "kb": compose["services"]["kb"]}
    services["purge"] = compose["services"]["purge"]
    for setting in SHARED_SETTINGS:
        values = {
            name: environment(service).get(setting, "<missing>")
            for name, service in services.items()
        }
        assert len(set(map(str, values.values()))) == 1, f"{setting} differs: {values}"
        assert "<missing>" not in values.values(), f"{setting} not passed: {values}"


def test_a_missing_database_redis_or_hash_key_stops_compose(compose):
    for name, service in app_services(compose).items():
        for setting in REQUIRED_IN_A_CLUSTER:
            value = environment(service).get(setting)
            assert required_reference(setting, value), f"{name}: {setting} is {value!r}"


def test_postgres_and_redis_have_healthchecks_and_the_servers_wait_for_them(compose):
    for store in ("postgres", "redis"):
        assert compose["services"][store]["healthcheck"]["test"]
    for name in app_services(compose):
        waits_for = dependency_closure(compose, name)
        assert waits_for.get("postgres") == "service_healthy", name
        assert waits_for.get("redis") == "service_healthy", name
    for name in services_with_role(compose, "actions"):
        assert dependency_closure(compose, name).get("kb") == "service_completed_successfully"


def test_every_long_running_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        if name in ("kb", "purge"):
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_only_the_load_balancer_publishes_a_port(compose):
    published = [name for name, service in compose["services"].items() if service.get("ports")]
    assert published == ["lb"]


def test_no_secret_is_written_in_the_compose_file(compose):
    for name, service in compose["services"].items():
        for key, value in environment(service).items():
            if value is None:
                continue  # passed through from .env or the shell
            text = str(value)
            if SECRET_NAME.search(key) or key.endswith("_URL"):
                password = URL_PASSWORD.search(text)
                assert not password or password.group("password").startswith("${"), (name, key)
            if SECRET_NAME.search(key):
                assert text.startswith("${"), f"{name}: {key} must come from .env, not the file"


def test_compose_passes_every_setting_the_project_reads(compose):
    passed = {key for service in compose["services"].values() for key in environment(service)}
    missing = deployment_variables() - passed
    assert not missing, f"read by the project but not passed by docker-compose.yml: {missing}"


def test_the_project_setting_scan_finds_the_known_settings():
    # Guards the scan itself: these are read today by make run's launcher and the code.
    assert {"RASA_PORT", "ACTIONS_PORT", "WEB_PORT", "HOST", "RASA_AUTH_TOKEN"} <= (
        project_environment_variables()
    )
    assert "DATABASE_URL" in project_environment_variables()


def test_the_env_example_names_every_required_setting(compose):
    example = (ROOT / "deploy" / ".env.example").read_text(encoding="utf-8")
    lines = [
        line for line in COMPOSE_FILE.read_text().splitlines() if not line.lstrip().startswith("#")
    ]
    required = set(re.findall(r"\$\{(" + ENV_NAME + r"):\?", "\n".join(lines)))
    defined = set(re.findall(r"^(" + ENV_NAME + r")=", example, re.MULTILINE))
    assert required <= defined, f"not in deploy/.env.example: {required - defined}"


# --- the image and its entry point ----------------------------------------------------------


def image_workdir() -> str:
    return re.findall(r"^WORKDIR (\S+)", DOCKERFILE.read_text(encoding="utf-8"), re.M)[-1]


def test_the_image_sets_what_the_makefile_exports():
    exported = dict(
        re.findall(r"^export (" + ENV_NAME + r") := (\S+)$", _makefile(), re.MULTILINE)
    )
    assert exported, "the Makefile exports settings"
    image = image_environment()
    workdir = image_workdir()
    for name, value in exported.items():
        value = value.replace("$(CURDIR)", workdir)  # the project root, in the image too
        assert image.get(name) == value, f"the image should set {name}={value}"


def test_the_image_installs_the_pins_trains_and_runs_as_an_unprivileged_user():
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"FROM python:3\.10-slim", dockerfile)
    assert "pip install --quiet -r requirements.txt -c constraints.txt" in dockerfile
    assert "make train" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    # Rasa's Helm chart mounts its own endpoints.yml and credentials.yml under /app.
    assert image_workdir() != "/app"
    assert '"deploy/entrypoint.sh"' in dockerfile


def test_the_image_leaves_out_local_state_and_secrets():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "models", "var", ".env", "web/node_modules"} <= set(ignored)
    # `make mutate`'s venv and its mutated copy of the code (hundreds of MB, none of it shipped).
    assert {".venv-mutmut", "mutants"} <= set(ignored)


def entrypoint_roles() -> set[str]:
    script = ENTRYPOINT.read_text(encoding="utf-8")
    roles = set()
    for labels in re.findall(r"^  ([a-z |]+)\)$", script, re.MULTILINE):
        roles |= {label.strip() for label in labels.split("|")}
    return roles


def roles_the_deployment_runs(compose: dict[str, Any], helm: dict[str, Any], extras) -> set[str]:
    roles = set()
    for service in compose["services"].values():
        command = service.get("command") or []
        if command[:2] == ["sh", "-c"]:
            roles |= set(re.findall(r"deploy/entrypoint\.sh (\w+)", command[2]))
        elif command and "build" in service:
            roles.add(command[0])
    actions = helm["rasa-action-server"]
    for args in [helm["args"], actions["args"], *(c["args"] for c in actions["initContainers"])]:
        roles.add(args[0])
    roles |= {container["args"][0] for container in extras_containers(extras).values()}
    return roles


def test_the_entrypoint_is_valid_bash_and_has_every_role_the_deployment_runs(
    compose, helm, extras
):
    subprocess.run(["bash", "-n", str(ENTRYPOINT)], check=True)
    assert os.access(ENTRYPOINT, os.X_OK)
    assert roles_the_deployment_runs(compose, helm, extras) == entrypoint_roles()
    # The knowledge-base job is the Makefile's own target.
    assert re.search(r"^kb:", _makefile(), re.MULTILINE)


def run_entrypoint(tmp_path: Path, *args: str, **environ: str) -> list[Any]:
    """What the entry point would run: the launcher's plan (`--print`, one JSON object per
    process) for a server role, the command line for anything else (`make` is a stand-in)."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    record = 'printf "%s\\n" "$(basename "$0")" "$@" > "$RAN"'
    (fake_bin / "make").write_text(f"#!/bin/sh\n{record}\n")
    # The image puts its venv first on PATH; here the venv running the tests stands in.
    (fake_bin / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    for tool in ("make", "python"):
        (fake_bin / tool).chmod(0o755)
    settings = ("RASA_AUTH_TOKEN", "PUBLIC_URL", "ACTION_SERVER_URL", "HOST", "ACTIONS_HOST")
    env = {key: value for key, value in os.environ.items() if key not in settings}
    env.update(environ, TMPDIR=str(tmp_path), RAN=str(tmp_path / "ran.txt"))
    env["PATH"] = f"{fake_bin}:{env['PATH']}"
    if args and args[0] in ("rasa", "actions", "web"):
        args = (args[0], "--print", *args[1:])
    result = subprocess.run(
        [str(ENTRYPOINT), *args], env=env, capture_output=True, check=True, text=True
    )
    if "--print" in args:
        return [json.loads(line) for line in result.stdout.splitlines()]
    return (tmp_path / "ran.txt").read_text().splitlines()


def test_the_entrypoint_starts_each_server_through_the_projects_launcher(tmp_path):
    for role, name in (("rasa", "Rasa server"), ("actions", "Action server"), ("web", "Web")):
        (process,) = run_entrypoint(tmp_path, role)
        assert process["name"].startswith(name)
    script = ENTRYPOINT.read_text(encoding="utf-8")
    assert 'exec python -m runtime "$role" "$@"' in script


def test_the_entrypoint_keeps_rasas_http_api_off_without_a_token(tmp_path):
    (rasa,) = run_entrypoint(tmp_path, "rasa")
    command = rasa["argv"]
    assert command[1:4] == ["-m", "runtime", "run"]  # Rasa's CLI with runtime/ in place
    assert "--enable-api" not in command and "--auth-token" not in command
    assert command[command.index("-i") + 1] == "127.0.0.1"  # as `make run`: loopback


def test_the_entrypoint_turns_rasas_http_api_on_with_a_token_kept_off_the_command_line(
    tmp_path,
):
    token = "a-long-random-token-of-more-than-32-characters"
    (rasa,) = run_entrypoint(tmp_path, "rasa", RASA_AUTH_TOKEN=token)
    assert "--enable-api" in rasa["argv"]
    assert "--auth-token" not in rasa["argv"] and token not in json.dumps(rasa)


def test_the_entrypoint_gives_rasa_the_written_config_and_the_sites_origins(tmp_path):
    (rasa,) = run_entrypoint(
        tmp_path,
        "rasa",
        HOST="0.0.0.0",
        PUBLIC_URL="https://chat.example.org/, https://www.chat.example.org",
        ACTION_SERVER_URL="http://lb:5055/webhook",
    )
    command = rasa["argv"]
    assert command[command.index("-i") + 1] == "0.0.0.0"
    cors = command.index("--cors")
    assert command[cors + 1 : cors + 3] == [
        "https://chat.example.org",
        "https://www.chat.example.org",
    ]
    endpoints = yaml.safe_load(Path(command[command.index("--endpoints") + 1]).read_text())
    assert endpoints["action_endpoint"]["url"] == "http://lb:5055/webhook"
    assert Path(command[command.index("--credentials") + 1]).is_file()


def test_the_entrypoint_keeps_the_action_server_on_loopback_unless_told(tmp_path):
    (actions,) = run_entrypoint(tmp_path, "actions")
    assert actions["argv"][1:3] == ["-m", "runtime.action_auth"]  # the secret is checked
    assert actions["env"]["SANIC_HOST"] == "127.0.0.1"
    # HOST opens the Rasa server, not the action server: that takes ACTIONS_HOST.
    (actions,) = run_entrypoint(tmp_path, "actions", HOST="0.0.0.0")
    assert actions["env"]["SANIC_HOST"] == "127.0.0.1"
    (actions,) = run_entrypoint(tmp_path, "actions", ACTIONS_HOST="0.0.0.0")
    assert actions["env"]["SANIC_HOST"] == "0.0.0.0"


def test_the_entrypoints_jobs_run_the_makefiles_kb_and_purge(tmp_path):
    assert run_entrypoint(tmp_path, "kb")[:3] == ["make", "--no-print-directory", "kb"]
    assert run_entrypoint(tmp_path, "purge")[:3] == ["make", "--no-print-directory", "purge"]


# --- the Rasa configuration a container uses --------------------------------------------------


def render(tmp_path: Path, **environ: str) -> tuple[dict[str, Any], dict[str, Any], Path]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ACTION_SERVER_URL", "PUBLIC_URL")
    }
    subprocess.run(
        [sys.executable, str(RENDER_CONFIG), str(tmp_path)], check=True, env={**env, **environ}
    )
    endpoints = yaml.safe_load((tmp_path / "endpoints.yml").read_text())
    credentials = yaml.safe_load((tmp_path / "credentials.yml").read_text())
    return endpoints, credentials, tmp_path


def project_yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_a_container_uses_the_projects_endpoints_and_channels_unchanged_by_default(tmp_path):
    endpoints, credentials, _ = render(tmp_path)
    assert endpoints == project_yaml("endpoints.yml")
    assert credentials == project_yaml("credentials.yml")


def test_a_container_changes_only_the_action_server_url_and_the_chat_pages_origin(tmp_path):
    endpoints, credentials, _ = render(
        tmp_path,
        ACTION_SERVER_URL="http://lb:5055/webhook",
        PUBLIC_URL="https://chat.example.org/, https://www.chat.example.org",
    )
    expected_endpoints = project_yaml("endpoints.yml")
    expected_endpoints["action_endpoint"]["url"] = "http://lb:5055/webhook"
    assert endpoints == expected_endpoints

    expected_credentials = project_yaml("credentials.yml")
    socketio = [
        name
        for name, settings in expected_credentials.items()
        if isinstance(settings, dict) and "allowed_origins" in settings
    ]
    assert socketio, "credentials.yml has the web chat's socket.io channel"
    for name in socketio:
        expected_credentials[name]["allowed_origins"] = [
            "https://chat.example.org",
            "https://www.chat.example.org",
        ]
    assert credentials == expected_credentials


def test_rasa_still_substitutes_the_variables_in_the_written_copy(tmp_path, monkeypatch):
    from rasa.utils.endpoints import read_endpoint_config

    _, _, config_dir = render(tmp_path)
    monkeypatch.setenv("ACTIONS_PORT", "5999")
    action = read_endpoint_config(str(config_dir / "endpoints.yml"), "action_endpoint")
    assert action.url == "http://127.0.0.1:5999/webhook"


# --- the Helm values --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def helm() -> dict[str, Any]:
    return yaml.safe_load(HELM_VALUES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extras() -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(HELM_EXTRAS.read_text(encoding="utf-8")) if doc]


def env_names(entries: list[dict[str, Any]]) -> set[str]:
    return {entry["name"] for entry in entries}


def helm_image(values: dict[str, Any]) -> str:
    return f"{values['registry']}/{values['image']['name']}:{values['image']['tag']}"


def extras_containers(extras: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    containers = {}
    for doc in extras:
        spec = doc.get("spec", {})
        pod = spec.get("template", {}).get("spec") or (
            spec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec")
        )
        for container in (pod or {}).get("containers", []):
            containers[container["name"]] = container
    return containers


def test_helm_runs_two_or_more_of_each_server_from_our_image(helm, extras):
    actions = helm["rasa-action-server"]
    assert helm["replicaCount"] >= 2 and actions["replicaCount"] >= 2
    assert helm["args"] == ["rasa"] and actions["args"] == ["actions"]
    image = helm_image(helm)
    assert helm_image(actions) == image
    assert {container["image"] for container in extras_containers(extras).values()} == {image}
    assert {init["image"] for init in actions["initContainers"]} == {image}


def test_helm_uses_the_projects_endpoints_not_the_charts(helm):
    settings = helm["applicationSettings"]
    for store in ("trackerStore", "lockStore", "eventBroker", "models"):
        assert settings["endpoints"][store]["enabled"] is False, store
    assert settings["credentials"]["enabled"] is False
    assert settings["enableAPI"] is False
    assert settings["initialModel"] == "" and settings["trainInitialModel"] is False


def test_helm_gives_each_server_the_same_settings_as_compose(helm, compose):
    # The chart itself sets ACTION_SERVER_URL to the action-server Service.
    rasa_compose = set().union(
        *(environment(s) for s in services_with_role(compose, "rasa").values())
    )
    assert env_names(helm["extraEnv"]) | {"ACTION_SERVER_URL"} == rasa_compose
    actions_compose = set().union(
        *(environment(s) for s in services_with_role(compose, "actions").values())
    )
    assert env_names(helm["rasa-action-server"]["extraEnv"]) == actions_compose


def test_helm_rasa_and_action_pods_read_shared_settings_from_one_secret(helm, extras):
    rasa = {entry["name"]: entry for entry in helm["extraEnv"]}
    actions = {entry["name"]: entry for entry in helm["rasa-action-server"]["extraEnv"]}
    purge = {entry["name"]: entry for entry in extras_containers(extras)["purge"]["env"]}
    for setting in SHARED_SETTINGS:
        assert rasa[setting] == actions[setting] == purge[setting], setting
    for setting in REQUIRED_IN_A_CLUSTER:
        reference = rasa[setting]["valueFrom"]["secretKeyRef"]
        assert reference["key"] == setting and not reference.get("optional")


def test_helm_writes_no_secret(helm, extras):
    entries = helm["extraEnv"] + helm["rasa-action-server"]["extraEnv"]
    for container in extras_containers(extras).values():
        entries = entries + container.get("env", [])
    for entry in entries:
        if SECRET_NAME.search(entry["name"]) or entry["name"] in REQUIRED_IN_A_CLUSTER:
            assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], entry["name"]


def test_helm_covers_every_setting_the_project_reads(helm, extras):
    given = env_names(helm["extraEnv"]) | env_names(helm["rasa-action-server"]["extraEnv"])
    for container in extras_containers(extras).values():
        given |= env_names(container.get("env", []))
    missing = deployment_variables() - given - {"ACTION_SERVER_URL"}
    assert not missing, f"read by the project but not given by the Helm files: {missing}"


def test_helm_ingress_sends_only_the_channels_to_rasa_with_sticky_socketio(extras):
    ingress = next(doc for doc in extras if doc["kind"] == "Ingress")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    routes = {
        path["path"]: path["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert routes == {
        "/webhooks": "symptom-checker-rasa",
        "/socket.io": "symptom-checker-rasa",
        "/": "symptom-checker-web",
    }


def test_helm_purges_on_a_schedule(extras):
    cronjob = next(doc for doc in extras if doc["kind"] == "CronJob")
    assert cronjob["spec"]["schedule"]
    assert extras_containers(extras)["purge"]["args"] == ["purge"]


# --- the dependency audit ---------------------------------------------------------------------


def test_every_advisory_make_audit_accepts_is_explained_in_security_md():
    accepted_block = re.search(r"^AUDIT_ACCEPTED := ((?:.*\\\n)*.*)$", _makefile(), re.MULTILINE)
    accepted = set(re.findall(r"CVE-\d{4}-\d+|GHSA-[\w-]+|PYSEC-[\d-]+", accepted_block.group(1)))
    assert accepted, "make audit accepts no advisory: then SECURITY.md's table should say so"
    security = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    table_rows = [line for line in security.splitlines() if line.startswith("| ")]
    explained = {advisory for advisory in accepted if any(advisory in row for row in table_rows)}
    assert explained == accepted, f"accepted but not explained: {accepted - explained}"
