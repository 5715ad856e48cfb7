"""The REST channel refuses bad input clearly before Rasa sees it, and is unchanged otherwise."""

from __future__ import annotations

import json
import os

import pytest
from channel_harness import ScriptedRasa, get, post, webhook_server
from channel_harness import rest_request as request
from channel_harness import send_rest as send

from channels.rest import MAX_BODY_BYTES, GuardedRestInput, check_request


async def test_a_normal_message_gets_rasas_usual_answer():
    rasa = ScriptedRasa([{"text": "So far I've noted: an ache in a bone."}])
    status, answer = await send(request(sender="ann", message="my hips ache"), rasa)
    assert status == 200
    assert answer == [{"recipient_id": "ann", "text": "So far I've noted: an ache in a bone."}]
    assert rasa.texts == ["my hips ache"] and rasa.messages[0].sender_id == "ann"


async def test_line_breaks_tabs_and_any_language_are_fine():
    rasa = ScriptedRasa([{"text": "ok"}])
    status, _ = await send(request(sender="ann", message="my hips ache\n\tsince März ✓"), rasa)
    assert status == 200 and rasa.texts == ["my hips ache\n\tsince März ✓"]


async def test_a_body_without_a_content_type_is_read_as_json_as_curl_sends_it():
    rasa = ScriptedRasa([{"text": "ok"}])
    async with webhook_server(GuardedRestInput(), rasa) as server:
        status, _ = await post(
            f"{server}/webhooks/rest/webhook",
            request(sender="ann", message="hello"),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert status == 200 and rasa.texts == ["hello"]


@pytest.mark.parametrize(
    "body, error",
    [
        (b'{"sender": "ann", "message": "my hips', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00\x01binary\x89PNG", "not UTF-8"),
        # A stable id: mutmut re-runs tests by id, and random bytes in an id never match again.
        pytest.param(os.urandom(64) + b"\xff", "not UTF-8", id="random-bytes-not-UTF-8"),
        (b'["ann", "my hips ache"]', "must be a JSON object"),
        (b'"my hips ache"', "must be a JSON object"),
        (request(message="my hips ache"), "'sender' must be a non-empty string"),
        (request(sender="", message="my hips ache"), "'sender' must be a non-empty string"),
        (request(sender="   ", message="my hips ache"), "'sender' must be a non-empty string"),
        (request(sender=42, message="my hips ache"), "'sender' must be a non-empty string"),
        (request(sender="a" * 129, message="hi"), "at most 128 characters"),
        (request(sender="ann\x00", message="hi"), "control characters"),
        (request(sender="ann\n", message="hi"), "control characters"),
        (request(sender="telegram:4242", message="hi"), "must not name a messaging platform"),
        (request(sender="ann"), "'message' must be a string"),
        (request(sender="ann", message=None), "'message' must be a string"),
        (request(sender="ann", message=["my", "hips"]), "'message' must be a string"),
        (request(sender="ann", message="my hips\x00 ache"), "control characters"),
        (b'{"sender": "ann", "message": "\\ud800 lone surrogate"}', "not valid Unicode"),
        (b'{"sender": "\\udfff", "message": "hi"}', "not valid Unicode"),
        (request(sender="ann", message="hi", metadata="x"), "'metadata' must be an object"),
    ],
)
async def test_bad_requests_are_refused_with_a_json_error_and_never_reach_rasa(body, error):
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    status, answer = await send(body, rasa)
    assert status == 400
    assert error in answer["error"]
    assert rasa.messages == []


async def test_a_100_kb_message_is_too_large():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    status, answer = await send(request(sender="ann", message="my hips ache " * 8000), rasa)
    assert status == 413 and "larger than" in answer["error"]
    assert rasa.messages == []


@pytest.mark.parametrize("message", ["", "   ", "\n\t "])
async def test_an_empty_message_gets_a_polite_reply_without_touching_the_conversation(message):
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    status, answer = await send(request(sender="ann", message=message), rasa)
    assert status == 200
    [reply] = answer
    assert reply["recipient_id"] == "ann" and "Tell me in words" in reply["text"]
    assert rasa.messages == []


async def test_the_health_route_is_unchanged():
    async with webhook_server(GuardedRestInput(), ScriptedRasa()) as server:
        assert await get(f"{server}/webhooks/rest/") == (200, '{"status":"ok"}')


def test_a_body_of_exactly_the_size_limit_is_read_one_byte_more_is_refused():
    """Found by `make mutate` (docs/mutation.md): a body of exactly the limit was refused."""
    start = b'{"sender": "ann", "message": "my hips ache", "metadata": {}, "pad": "'
    at_limit = start + b"x" * (MAX_BODY_BYTES - len(start) - 2) + b'"}'
    assert len(at_limit) == MAX_BODY_BYTES
    payload, refusal = check_request(at_limit)
    assert refusal is None and payload is not None and payload["message"] == "my hips ache"
    payload, refusal = check_request(at_limit[:-2] + b'x"}')
    assert payload is None and refusal is not None and refusal.status == 413


def test_json_nested_too_deeply_to_parse_is_refused_with_a_reason():
    deep = b"[" * 10_000 + b"]" * 10_000
    _, refusal = check_request(b'{"sender": "ann", "metadata": ' + deep + b"}")
    assert refusal is not None and refusal.status == 400
    assert b"nested too deeply" in refusal.body


def test_an_input_channel_that_is_not_text_is_refused():
    for value in (5, ["rest"], {"name": "rest"}):
        body = json.dumps({"sender": "ann", "message": "hi", "input_channel": value}).encode()
        payload, refusal = check_request(body)
        assert payload is None and refusal is not None and refusal.status == 400, value
        assert b"'input_channel' must be a string" in refusal.body
    payload, refusal = check_request(
        json.dumps({"sender": "ann", "message": "hi", "input_channel": "rest"}).encode()
    )
    assert refusal is None and payload is not None
