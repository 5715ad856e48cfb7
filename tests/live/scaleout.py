"""Scale-out and faults, on real processes: two Rasa servers and one action server sharing a
fresh PostgreSQL database and Redis, plus one Rasa server alone on a SQLite file.

Conversations are the transcripts of tests/conversations/ (the same expectations as
`make converse`), played over the REST channel, and what Rasa stored is read back from the
events table of its tracker store. The servers are started with the commands of the
project's launcher (runtime/launch.py) and the project's endpoints.yml and credentials.yml.

Run by `make test-scale`. The plain pytest run does not collect this file (its name does not
start with test_): starting the servers takes minutes. PostgreSQL (TEST_POSTGRES_URL) and Redis
(TEST_REDIS_URL) must be reachable, or every test here fails with a message saying which.
Process logs: results/scaleout/.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import (  # noqa: E402 - the helper module sits next to this file
    BIN,
    PROJECT_ROOT,
    RESULTS,
    Service,
    SetupError,
    StoredEvent,
    action_server_command,
    base_environment,
    check_redis,
    create_database,
    delete_redis_keys,
    drop_database,
    free_port,
    kill_all,
    rasa_server_command,
    senders_like,
    stack_command,
    stored_events,
    stored_turns,
    wait_until_ready,
)

TEST_POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TRANSCRIPTS = PROJECT_ROOT / "tests" / "conversations"
# A server that cannot reach its database must say so and stop well within this.
STARTUP_FAILURE_BOUND_SECONDS = 90
MESSAGE_TIMEOUT_SECONDS = 90
SEE_A_DOCTOR = "see a doctor"


def _load_converse() -> Any:
    """scripts/converse.py: transcripts, the REST client and the per-turn checks."""
    script = PROJECT_ROOT / "scripts" / "converse.py"
    spec = importlib.util.spec_from_file_location("converse", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["converse"] = module
    spec.loader.exec_module(module)
    return module


converse = _load_converse()


# --------------------------------------------------------------------------------------
# The cluster: started once for the whole module, servers loading in parallel
# --------------------------------------------------------------------------------------


@dataclass
class Cluster:
    redis: Any
    run_id: str
    database_url: str
    sqlite_url: str
    redis_url: str
    actions: Service
    servers: dict[str, Service]  # "A" and "B" share PostgreSQL and Redis; "S" is on SQLite
    postgres: Engine
    sqlite: Engine
    ready_after: dict[str, float] = field(default_factory=dict)

    def sender(self, name: str) -> str:
        return f"scale-{self.run_id}-{name}"

    def ready(self, *names: str) -> list[Service]:
        """The named Rasa servers (and the action server), once they answer."""
        wanted = [self.actions, *(self.servers[name] for name in names)]
        self.ready_after.update(wait_until_ready(s for s in wanted if not s.answers()))
        return [self.servers[name] for name in names]

    def all_services(self) -> list[Service]:
        return [self.actions, *self.servers.values()]


@pytest.fixture(scope="module", autouse=True)
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    began = time.monotonic()
    run_id = f"{os.getpid()}-{secrets.token_hex(3)}"
    database_name = f"scaleout_{run_id.replace('-', '_')}"
    try:
        redis_client = check_redis(TEST_REDIS_URL)
        database_url = create_database(TEST_POSTGRES_URL, database_name)
    except SetupError as missing:
        # Once, plainly, and the run fails: without them there is nothing to test.
        pytest.exit(f"make test-scale cannot run: {missing}", returncode=1)
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'assistant.db'}"
    services: list[Service] = []
    engines: list[Engine] = []
    try:
        env = base_environment()
        actions_port = free_port()
        env.update(ACTIONS_PORT=str(actions_port), WEB_PORT=str(free_port()))
        shared = dict(env, DATABASE_URL=database_url, REDIS_URL=TEST_REDIS_URL)
        # The knowledge base goes into the fresh database first, as `make kb` does.
        loader = subprocess.run(
            [str(BIN / "python"), "-m", "symptom_checker.loader"],
            cwd=PROJECT_ROOT,
            env=shared,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if loader.returncode != 0:
            pytest.exit(f"Loading the knowledge base failed:\n{loader.stderr[-2000:]}", 1)

        RESULTS.mkdir(parents=True, exist_ok=True)
        for old_log in RESULTS.glob("*.log"):
            old_log.unlink()
        actions = Service(
            "action server",
            action_server_command(actions_port),
            dict(shared, SANIC_HOST="127.0.0.1"),
            actions_port,
            "/health",
            RESULTS / "actions.log",
        )
        servers = {}
        for name, server_env in (
            ("A", shared),
            ("B", shared),
            # Alone on a SQLite file, locks in memory: `make run` without any setting.
            ("S", dict(env, DATABASE_URL=sqlite_url)),
        ):
            port = free_port()
            server_env = dict(server_env, RASA_PORT=str(port))
            servers[name] = Service(
                f"Rasa server {name}",
                rasa_server_command(port, server_env),
                server_env,
                port,
                "/",
                RESULTS / f"rasa-{name}.log",
            )
        services = [actions, *servers.values()]
        for service in services:
            service.start()
        engines = [
            sa.create_engine(database_url, future=True),
            sa.create_engine(sqlite_url, future=True),
        ]
        yield Cluster(
            redis=redis_client,
            run_id=run_id,
            database_url=database_url,
            sqlite_url=sqlite_url,
            redis_url=TEST_REDIS_URL,
            actions=actions,
            servers=servers,
            postgres=engines[0],
            sqlite=engines[1],
        )
    finally:
        kill_all(services)
        for engine in engines:
            engine.dispose()
        drop_database(TEST_POSTGRES_URL, database_name)
        delete_redis_keys(redis_client, f"*scale-{run_id}-*")
        write_time_report(time.monotonic() - began, services)


def write_time_report(wall_seconds: float, services: Sequence[Service]) -> None:
    """results/scaleout/time.txt: wall time, and CPU time, which a busy machine does not skew."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu = children.ru_utime + children.ru_stime + own.ru_utime + own.ru_stime
    lines = [
        f"wall time {wall_seconds:.0f}s; CPU time {cpu:.0f}s in all (at least "
        f"{cpu / 2:.0f}s of wall time on two idle cores)"
    ]
    lines += [f"  {s.name}: {s.starts} start(s), {s.cpu_seconds:.0f}s CPU" for s in services]
    (RESULTS / "time.txt").write_text("\n".join(lines) + "\n")


# --------------------------------------------------------------------------------------
# Conversations: what was said to which server, what came back, what was stored
# --------------------------------------------------------------------------------------


def transcript(filename: str) -> Any:
    return converse.load_transcript(TRANSCRIPTS / filename, converse.KnownIds.from_knowledge())


@dataclass
class PlayedTurn:
    server: str
    turn: Any  # converse.Turn
    reply: Any  # converse.Reply
    failures: list[Any]


@dataclass
class Chat:
    """One person's conversation, whichever server each message goes to."""

    sender: str
    played: list[PlayedTurn] = field(default_factory=list)

    def say(self, server: Service, turn: Any) -> PlayedTurn:
        client = converse.RestClient(server.url, timeout=MESSAGE_TIMEOUT_SECONDS)
        reply = client.send(self.sender, turn.user)
        played = PlayedTurn(server.short_name, turn, reply, converse.check_turn(turn, reply))
        self.played.append(played)
        return played

    def report(self) -> str:
        lines = [f"conversation {self.sender}:"]
        for number, played in enumerate(self.played, start=1):
            mark = "FAIL" if played.failures else "ok"
            lines.append(f"  {number}. [{played.server}] {mark} user: {played.turn.user}")
            for failure in played.failures:
                lines += [f"       {line}" for line in failure.diff or (failure.expectation,)]
            for text in played.reply.texts or [played.reply.error or "(nothing)"]:
                lines.append(f"       bot: {' '.join(text.split())[:160]}")
        return "\n".join(lines)


def assert_turns_passed(*chats: Chat) -> None:
    failing = [chat for chat in chats if any(p.failures for p in chat.played)]
    if failing:
        pytest.fail(
            "Answers were not what the transcripts expect:\n"
            + "\n".join(chat.report() for chat in failing),
            pytrace=False,
        )


def reply_pieces(messages: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """The texts (split at blank lines, as Rasa's REST channel does) and custom payloads."""
    pieces: list[tuple[str, str]] = []
    for message in messages:
        if message.get("text"):
            pieces += [("text", part.strip()) for part in str(message["text"]).split("\n\n")]
        if message.get("custom") is not None:
            pieces.append(("custom", json.dumps(message["custom"], sort_keys=True)))
    return pieces


def stored_pieces(bot_messages: Sequence[tuple[str | None, str | None]]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    for text, custom in bot_messages:
        if text:
            pieces += [("text", part.strip()) for part in text.strip().split("\n\n")]
        if custom is not None:
            pieces.append(("custom", custom))
    return pieces


def storage_problems(events: Sequence[StoredEvent], chat: Chat) -> list[str]:
    """How the stored conversation differs from what was said and answered (empty: none).

    Each message appears once, in the order sent, followed by exactly the replies that came
    back for it and a return to listening; no event is stored out of time order.
    """
    problems: list[str] = []
    stored = stored_turns(events)
    said = [played.turn.user for played in chat.played]
    if [turn.user_text for turn in stored] != said:
        problems.append(
            "the stored user messages are not the messages sent, once each and in order:\n"
            f"    sent:   {said}\n    stored: {[turn.user_text for turn in stored]}"
        )
    for number, (stored_turn, played) in enumerate(
        zip(stored, chat.played, strict=False), start=1
    ):
        answered = reply_pieces(played.reply.messages)
        kept = stored_pieces(stored_turn.bot_messages)
        if kept != answered:
            problems.append(
                f"turn {number} ({played.turn.user!r}): the stored bot messages are not the "
                f"reply that was sent:\n    replied: {answered}\n    stored:  {kept}"
            )
        if not stored_turn.listened:
            problems.append(f"turn {number} ({played.turn.user!r}) was not stored to its end")
    for earlier, later in zip(events, events[1:], strict=False):
        if later.timestamp < earlier.timestamp:
            problems.append(
                f"event {later.id} ({later.type_name}) is older than event {earlier.id} "
                f"({earlier.type_name}) stored before it: two turns were interleaved"
            )
    return problems


def assert_stored_as_played(engine: Engine, *chats: Chat) -> None:
    problems = []
    for chat in chats:
        found = storage_problems(stored_events(engine, chat.sender), chat)
        if found:
            problems.append(f"{chat.sender}:\n  " + "\n  ".join(found))
    if problems:
        pytest.fail(
            "The events table does not hold the conversations as they went:\n"
            + "\n".join(problems),
            pytrace=False,
        )


def play(chat: Chat, turns: Sequence[Any], servers: Sequence[Service]) -> Chat:
    """Plays `turns`, the n-th to servers[n % len(servers)]."""
    for number, turn in enumerate(turns):
        chat.say(servers[number % len(servers)], turn)
    return chat


# --------------------------------------------------------------------------------------
# 6. Start-up without the database or Redis (first: these run while the servers load)
# --------------------------------------------------------------------------------------


@dataclass
class Exit:
    status: int | None
    seconds: float
    output: str


def run_until_exit(command: list[str], env: dict[str, str], log_name: str) -> Exit:
    """Runs a command that should stop by itself; kills it after the bound."""
    log_path = RESULTS / log_name
    started = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            status: int | None = process.wait(timeout=STARTUP_FAILURE_BOUND_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
            status = None
    return Exit(status, time.monotonic() - started, log_path.read_text(errors="replace"))


def assert_refused_to_start(result: Exit, *phrases: str) -> None:
    tail = "\n".join(result.output.splitlines()[-25:])
    assert (
        result.status is not None
    ), f"still running after {STARTUP_FAILURE_BOUND_SECONDS}s instead of stopping:\n{tail}"
    assert result.status != 0, f"exited with status 0 although it could not start:\n{tail}"
    missing = [phrase for phrase in phrases if phrase not in result.output]
    assert not missing, f"the output does not say {missing}:\n{tail}"


def unreachable_env(cluster: Cluster, **settings: str) -> dict[str, str]:
    env = dict(cluster.servers["A"].env, RASA_PORT=str(free_port()))
    env.update(settings)
    return env


def test_rasa_stops_at_start_with_a_clear_message_when_postgresql_is_unreachable(
    cluster: Cluster,
) -> None:
    closed = free_port()  # nothing listens there: connection refused
    url = f"postgresql://postgres@127.0.0.1:{closed}/assistant"
    env = unreachable_env(cluster, DATABASE_URL=url)
    result = run_until_exit(rasa_server_command(int(env["RASA_PORT"]), env), env, "no-db.log")
    assert_refused_to_start(result, "will not start", f"127.0.0.1:{closed}", "DATABASE_URL")
    print(f"rasa run without its database: exit {result.status} after {result.seconds:.1f}s")


def test_rasa_stops_at_start_with_a_clear_message_when_redis_is_unreachable(
    cluster: Cluster,
) -> None:
    closed = free_port()
    env = unreachable_env(cluster, REDIS_URL=f"redis://127.0.0.1:{closed}/0")
    result = run_until_exit(rasa_server_command(int(env["RASA_PORT"]), env), env, "no-redis.log")
    assert_refused_to_start(result, "will not start", f"127.0.0.1:{closed}", "Redis")
    print(f"rasa run without Redis: exit {result.status} after {result.seconds:.1f}s")


def test_run_stack_stops_with_a_clear_message_when_postgresql_is_unreachable(
    cluster: Cluster,
) -> None:
    closed = free_port()
    url = f"postgresql://postgres@127.0.0.1:{closed}/assistant"
    env = unreachable_env(
        cluster,
        DATABASE_URL=url,
        ACTIONS_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
    )
    result = run_until_exit(stack_command(), env, "run-stack-no-db.log")
    assert_refused_to_start(result, "will not start", f"127.0.0.1:{closed}")
    print(f"`python -m runtime all` without its database: exit {result.status}")


# --------------------------------------------------------------------------------------
# 1-3. Two servers, one conversation store
# --------------------------------------------------------------------------------------


def test_turns_alternating_between_two_servers_make_one_coherent_conversation(
    cluster: Cluster,
) -> None:
    a, b = cluster.ready("A", "B")
    turns = transcript("spread_over_turns_lymph_nodes.yml").turns
    alternating = play(Chat(cluster.sender("alternating")), turns, [a, b])
    assert_turns_passed(alternating)
    assert_stored_as_played(cluster.postgres, alternating)

    # The same conversation on one server stores exactly the same events.
    single = play(Chat(cluster.sender("one-server")), turns, [a])
    assert_turns_passed(single)
    both = [e.skeleton for e in stored_events(cluster.postgres, alternating.sender)]
    one = [e.skeleton for e in stored_events(cluster.postgres, single.sender)]
    assert both == one, (
        "Alternating servers stored other events than one server did:\n"
        + "\n".join(f"  {x}  |  {y}" for x, y in zip(both, one, strict=False) if x != y)
        + f"\n  ({len(both)} events against {len(one)})"
    )


# Different symptoms, so different sites: an answer given to the wrong person would show.
CONCURRENT_TRANSCRIPTS = (
    "spread_over_turns_lymph_nodes.yml",  # lymph nodes
    "several_symptoms_liver.yml",  # liver
    "several_symptoms_lungs.yml",  # lung
    "several_symptoms_breast_skin.yml",  # breast / chest wall
    "fracture_is_urgent.yml",  # bone
    "red_flag_headache_with_vision_change.yml",  # brain
    "red_flag_coughing_blood.yml",  # lung, emergency
    "tiredness_is_not_overtriaged.yml",  # no site
)


def test_concurrent_conversations_on_random_servers_each_get_their_own_assessment(
    cluster: Cluster,
) -> None:
    a, b = cluster.ready("A", "B")
    seed = int(os.environ.get("SCALE_SEED", secrets.randbelow(10**6)))
    chooser = random.Random(seed)
    plan = [
        (
            Chat(cluster.sender(f"concurrent-{number}")),
            transcript(name).turns,
            [chooser.choice([a, b]) for _ in transcript(name).turns],
        )
        for number, name in enumerate(CONCURRENT_TRANSCRIPTS)
    ]
    start = threading.Barrier(len(plan))

    def converse_in_thread(chat: Chat, turns: Sequence[Any], route: list[Service]) -> Chat:
        start.wait()
        for turn, server in zip(turns, route, strict=True):
            chat.say(server, turn)
        return chat

    with ThreadPoolExecutor(max_workers=len(plan)) as pool:
        chats = list(pool.map(lambda args: converse_in_thread(*args), plan))

    note = f"(servers chosen with SCALE_SEED={seed})"
    try:
        assert_turns_passed(*chats)
        assert_stored_as_played(cluster.postgres, *chats)
    except pytest.fail.Exception as failure:
        pytest.fail(f"{failure.msg}\n{note}", pytrace=False)


NECK = {"user": "a swollen gland in my neck as well", "contains": ["neck", "anything else"]}
COUGH = {
    "user": "I've also had a cough that won't go away",
    "contains": ["cough", "anything else"],
}


def send_at_the_same_moment(engine: Engine, chat: Chat, jobs: list[tuple[Service, Any]]) -> str:
    """Sends each (server, turn) at once and adds them to `chat` in the order they were stored.

    Returns what went wrong, if anything: each message must be stored once, and the one taken
    second must answer knowing the first (it lists every symptom so far).
    """
    together = threading.Barrier(len(jobs))

    def send(server: Service, turn: Any) -> PlayedTurn:
        together.wait()
        client = converse.RestClient(server.url, timeout=MESSAGE_TIMEOUT_SECONDS)
        reply = client.send(chat.sender, turn.user)
        return PlayedTurn(server.short_name, turn, reply, converse.check_turn(turn, reply))

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        at_once = list(pool.map(lambda job: send(*job), jobs))

    users = [
        e.data.get("text") for e in stored_events(engine, chat.sender) if e.type_name == "user"
    ]
    stored = users[len(chat.played) :]
    if sorted(stored) != sorted(played.turn.user for played in at_once):
        chat.played += at_once
        return f"{chat.sender}: each message must be stored once, but stored were {stored}"
    first, second = sorted(at_once, key=lambda played: stored.index(played.turn.user))
    chat.played += [first, second]
    missing = [
        word for word in ("armpit", "neck", "cough") if word not in second.reply.text.lower()
    ]
    if missing:
        return (
            f"{chat.sender}: the message taken second ({second.turn.user!r}) does not list "
            f"{missing}, so it did not see the turn of the first"
        )
    return ""


def test_two_messages_at_the_same_moment_to_two_servers_are_taken_one_after_the_other(
    cluster: Cluster,
) -> None:
    a, b = cluster.ready("A", "B")
    neck, cough = (converse.parse_turn(raw, "at the same moment") for raw in (NECK, COUGH))
    armpit = converse.parse_turn("there's a pea-sized lump under my left armpit", "first")
    chats, problems = [], []
    for number in range(4):  # the neck to A and the cough to B, then the other way round
        chat = Chat(cluster.sender(f"simultaneous-{number}"))
        chat.say(a if number % 2 else b, armpit)
        jobs = [(a, neck), (b, cough)] if number % 2 else [(b, neck), (a, cough)]
        problems.append(send_at_the_same_moment(cluster.postgres, chat, jobs))
        chats.append(chat)
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems) + "\n" + "\n".join(c.report() for c in chats)

    # One of them goes on to its assessment, which names all three symptoms.
    chat = chats[0]
    play(chat, transcript("spread_over_turns_lymph_nodes.yml").turns[3:5], [b, a])
    last = {
        "user": "yes",
        "sites": ["lymph_nodes", "lung"],
        "symptoms": ["armpit_lump", "neck_lump", "cough"],
    }
    chat.say(b, converse.parse_turn(last, "last turn"))
    assert_turns_passed(*chats)
    assert_stored_as_played(cluster.postgres, *chats)
    left = [key for c in chats for key in cluster.redis.scan_iter(match=f"*{c.sender}*")]
    assert not left, f"Conversation locks left behind in Redis: {left}"


# --------------------------------------------------------------------------------------
# 4. SIGKILL mid-conversation, restart, continue (PostgreSQL and SQLite at once)
# --------------------------------------------------------------------------------------


def test_a_server_killed_mid_conversation_continues_it_after_a_restart(
    cluster: Cluster,
) -> None:
    a, b, s = cluster.ready("A", "B", "S")
    lungs = transcript("several_symptoms_lungs.yml").turns  # 4 turns
    skin = transcript("several_symptoms_breast_skin.yml").turns  # 5 turns
    liver = transcript("several_symptoms_liver.yml").turns  # 3 turns

    on_postgres = play(Chat(cluster.sender("killed-postgres")), lungs[:2], [a])
    on_sqlite = play(Chat(cluster.sender("killed-sqlite")), skin[:3], [s])
    carried_over = play(Chat(cluster.sender("carried-over")), liver[:1], [a])
    assert_turns_passed(on_postgres, on_sqlite, carried_over)

    a.kill()
    s.kill()
    assert not a.answers() and not s.answers(), "the killed servers still answer"
    a.start()
    s.start()
    # While A reloads, B carries on the conversation A had started.
    play(carried_over, liver[1:], [b])
    cluster.ready("A", "S")

    play(on_postgres, lungs[2:], [a])  # the next question, then the assessment
    play(on_sqlite, skin[3:], [s])
    assert_turns_passed(on_postgres, on_sqlite, carried_over)
    assert_stored_as_played(cluster.postgres, on_postgres, carried_over)
    assert_stored_as_played(cluster.sqlite, on_sqlite)


# --------------------------------------------------------------------------------------
# 5. The action server down
# --------------------------------------------------------------------------------------


def test_with_the_action_server_down_the_assistant_says_it_cannot_assess_and_to_see_a_doctor(
    cluster: Cluster,
) -> None:
    a, b = cluster.ready("A", "B")
    fracture = transcript("fracture_is_urgent.yml").turns
    chat = play(Chat(cluster.sender("no-actions")), fracture[:2], [a, b])
    assert_turns_passed(chat)

    cluster.actions.kill()
    try:
        played = chat.say(b, converse.parse_turn({"user": fracture[2].user}, "no actions"))
        text = converse.normalise(played.reply.text)
        problems = []
        if played.reply.error or not played.reply.texts:
            problems.append("no answer at all")
        if played.reply.assessments:
            problems.append("an assessment, although the action server is down")
        if SEE_A_DOCTOR not in text:
            problems.append(f'no "{SEE_A_DOCTOR}"')
        if not any(words in text for words in ("can't", "cannot", "unable", "not able")):
            problems.append("nothing saying that it cannot assess right now")
        assert not problems, f"With the action server down: {', '.join(problems)}.\n" + (
            chat.report()
        )
        assert_stored_as_played(cluster.postgres, chat)
    finally:
        cluster.actions.restart()
        cluster.ready("A")

    # Back up: assessments work again.
    seizure = play(
        Chat(cluster.sender("actions-back")), transcript("red_flag_seizure.yml").turns, [a]
    )
    assert_turns_passed(seizure)


# --------------------------------------------------------------------------------------
# 7. Malformed, empty, huge and binary input on the REST channel
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    what: str
    body: bytes
    content_type: str = "application/json"
    # Every sender id the probe names starts with this; nothing else may be stored under it.
    sender: str = ""


def probes(prefix: str) -> list[Probe]:
    def as_json(what: str, slug: str, payload: dict[str, Any]) -> Probe:
        payload = {"sender": f"{prefix}-{slug}", **payload}
        return Probe(what, json.dumps(payload).encode(), sender=f"{prefix}-{slug}")

    noise = random.Random(6).randbytes(4096)
    long_text = ("I found a lump in my armpit and my back aches. " * 2200)[:100_000]
    broken = f'{{"sender": "{prefix}-broken", "message": "hello"'.encode()
    surrogate = f'{{"sender": "{prefix}-surrogate", "message": "a lump \\ud800 here"}}'
    return [
        Probe("broken JSON", broken, sender=f"{prefix}-broken"),
        Probe("an empty body", b""),
        as_json("an empty message", "empty", {"message": ""}),
        as_json("a blank message", "blank", {"message": "  \n "}),
        as_json("a 100 kB message", "huge", {"message": long_text}),
        Probe("binary data", noise, "application/octet-stream"),
        Probe("binary data labelled as JSON", noise),
        as_json("control characters and NUL", "control", {"message": "a lump\x00\x01\x1b here"}),
        Probe("a lone surrogate", surrogate.encode(), sender=f"{prefix}-surrogate"),
        Probe(
            "a NUL in the sender id",
            json.dumps({"sender": f"{prefix}-nul\x00x", "message": "hello"}).encode(),
            sender=f"{prefix}-nul",
        ),
        Probe("a JSON array", json.dumps([f"{prefix}-array", "hello"]).encode()),
        as_json("a message that is not text", "number", {"message": 12345}),
        Probe("no sender id", json.dumps({"message": "hello, is anyone there?"}).encode()),
    ]


def probe_problems(server: Service, probe: Probe, engine: Engine) -> list[str]:
    """What went wrong with one bad request (empty: a clear refusal or a polite answer)."""
    defaults_before = len(stored_events(engine, "default"))
    try:
        response = requests.post(
            server.url + "/webhooks/rest/webhook",
            data=probe.body,
            headers={"Content-Type": probe.content_type},
            timeout=MESSAGE_TIMEOUT_SECONDS,
        )
    except requests.RequestException as error:
        return [f"no answer ({type(error).__name__})"]
    problems = []
    stored = senders_like(engine, f"{probe.sender}%") if probe.sender else set()
    if len(stored_events(engine, "default")) != defaults_before:
        problems.append('stored in "default", one conversation shared by everybody')
    if 400 <= response.status_code < 500:
        if not response.text.strip():
            problems.append(f"HTTP {response.status_code} with an empty body")
        if stored:
            problems.append(f"refused, yet events were stored for {sorted(stored)}")
        return problems
    if response.status_code != 200:
        return [*problems, f"HTTP {response.status_code}: {response.text[:150]!r}"]
    try:
        messages = response.json()
        texts = [m["text"] for m in messages if isinstance(m, dict) and m.get("text")]
    except (ValueError, TypeError, KeyError):
        return [*problems, f"HTTP 200 but not the REST channel's list: {response.text[:150]!r}"]
    if not texts:
        problems.append(f"HTTP 200 without a word of answer: {response.text[:150]!r}")
    for sender in stored:
        turns = stored_turns(stored_events(engine, sender))
        if sender != probe.sender:
            problems.append(f"events stored under an unexpected sender id {sender!r}")
        elif len(turns) > 1 or (turns and not turns[0].listened):
            problems.append(f"{len(turns)} turns stored, not one complete turn")
        elif turns and stored_pieces(turns[0].bot_messages) != reply_pieces(messages):
            problems.append("the stored bot messages differ from the reply")
    return problems


def test_malformed_empty_huge_and_binary_messages_get_a_clear_answer_and_store_nothing_wrong(
    cluster: Cluster,
) -> None:
    a, b = cluster.ready("A", "B")
    found = []
    for number, probe in enumerate(probes(cluster.sender("probe"))):
        problems = probe_problems(a, probe, cluster.postgres)
        if problems:
            found.append(f"{number + 1}. {probe.what}: " + "; ".join(problems))
        if not a.answers():
            found.append(f"Rasa server A stopped answering after {probe.what}.\n{a.log_tail(15)}")
            break
    # Both servers still hold a normal conversation.
    first_turn = transcript("spread_over_turns_lymph_nodes.yml").turns[:1]
    for server in (a, b):
        after = play(
            Chat(cluster.sender(f"after-probes-{server.short_name}")), first_turn, [server]
        )
        if any(p.failures for p in after.played):
            found.append(f"afterwards, a normal message failed:\n{after.report()}")
    assert not found, "Bad input on /webhooks/rest/webhook:\n" + "\n".join(found)
