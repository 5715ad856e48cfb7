"""A minimal socket.io client over a WebSocket, as the page's socket.io-client talks
(Engine.IO 4 text packets): python-socketio's AsyncClient needs a newer aiohttp than Rasa 3.6
allows. Used by tests/channels/test_channel_socketio.py (in-process) and
tests/live/test_web_security_live.py (against the running stack).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

# The page's origin, as credentials.yml allows it.
PAGE = "http://127.0.0.1:8480"


class Browser:
    """One browser's socket.io connection over a WebSocket, as socket.io-client makes it
    (Engine.IO 4 text packets), recording what the server sends."""

    def __init__(self) -> None:
        self.confirmed: list[str] = []
        self.bot: list[Any] = []
        self.connected = False
        self._acks: dict[int, asyncio.Future] = {}
        self._next_ack = 0
        self.reply_timeout = 10.0  # how long `call` waits for the server to finish the event

    async def open(self, server: str, origin: str = PAGE) -> Browser:
        self._http = aiohttp.ClientSession()
        self.ws = await self._http.ws_connect(
            f"{server}/socket.io/?EIO=4&transport=websocket", headers={"Origin": origin}
        )
        opening = await self.ws.receive()
        if opening.type != aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            return self
        await self.ws.send_str("40")
        answer = await self.ws.receive()
        self.connected = answer.type == aiohttp.WSMsgType.TEXT and answer.data.startswith("40")
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        async for frame in self.ws:
            if frame.type != aiohttp.WSMsgType.TEXT:
                break
            data = frame.data
            if data == "2":
                await self.ws.send_str("3")  # Engine.IO ping -> pong
            elif data.startswith("41"):
                break  # the server disconnected this socket
            elif data.startswith("42"):
                event, *args = json.loads(data[2:])
                if event == "session_confirm":
                    self.confirmed.append(args[0])
                elif event == "bot_uttered":
                    self.bot.append(args[0])
            elif data.startswith("43"):
                ack_id, _, rest = data[2:].partition("[")
                future = self._acks.pop(int(ack_id), None)
                if future is not None and not future.done():
                    future.set_result(json.loads("[" + rest))
        self.connected = False

    async def emit(self, event: str, data: Any) -> None:
        try:
            await self.ws.send_str("42" + json.dumps([event, data]))
        except ConnectionError:
            self.connected = False  # the server closed the connection

    async def call(self, event: str, data: Any) -> None:
        """Emit with an acknowledgement, as the page's Start over does: returns once the
        server has handled the event."""
        self._next_ack += 1
        future = asyncio.get_running_loop().create_future()
        self._acks[self._next_ack] = future
        await self.ws.send_str(f"42{self._next_ack}" + json.dumps([event, data]))
        await asyncio.wait_for(future, self.reply_timeout)

    async def session(self, session_id: Any = None) -> str:
        count = len(self.confirmed)
        await self.emit("session_request", {"session_id": session_id})
        await until(lambda: len(self.confirmed) > count)
        return self.confirmed[-1]

    async def say(self, message: str, session_id: Any, **extra: Any) -> None:
        await self.call("user_uttered", {"message": message, "session_id": session_id, **extra})

    async def close(self) -> None:
        await self.ws.close()
        await self._http.close()


async def until(condition: Any, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")
