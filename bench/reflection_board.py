"""Benchmark: the live reflection board with 50 participants, from a card posted to everyone receiving it.

Starts real uvicorn servers on a SQLite file of their own (reflection/tests/board_servers.py), opens a
retrospective for a team of 50 and connects 50 WebSocket clients, each logged in as a different member.
Then, N times in turn, one participant posts a card (`card.add` over its socket) and the benchmark waits
until all 50 clients received the `card.added` event. It prints, per set-up, the p50/p95/max of:

- "all received": from sending the card until the last of the 50 participants has it (the number that
  matters in a meeting; target p95 < 100 ms);
- "each delivery": from sending until one participant has it (all 50 × N deliveries).

Set-ups: one process with the in-memory channel layer (as ./run serves), and two processes sharing a
Redis channel layer (participants spread over both), as production runs with several web processes.
The time includes the write (SQLite, one transaction per card), the personalisation per participant
(hidden text) and the clients' own JSON parsing, all on this one machine.

    .venv/bin/python bench/reflection_board.py [-n 200] [--participants 50] [--redis redis://127.0.0.1:6379/14]
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from leerritme.reflection.tests.board_servers import BoardServers  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


async def run_board(servers: BoardServers, participants: int, rounds: int) -> tuple[list[float], list[float]]:
    board = servers.seed_board()
    emails = sorted(board["cookies"])[:participants]
    sockets, queues = [], []
    for i, email in enumerate(emails):
        index = i % len(servers.ports)
        ws = await connect(servers.ws_url(index, "vonk", board["session"]), origin=servers.url(index),
                           additional_headers={"Cookie": f"sessionid={board['cookies'][email]}"},
                           max_size=2**22)
        sockets.append(ws)
        queues.append(asyncio.Queue())

    async def receive(ws, queue):
        try:
            async for raw in ws:
                arrived = time.perf_counter()
                message = json.loads(raw)
                if message["type"] in ("card.added", "state"):
                    await queue.put((arrived, message))
        except ConnectionClosed as closed:
            await queue.put((time.perf_counter(), {"type": "closed", "why": repr(closed)}))

    readers = [asyncio.create_task(receive(ws, q)) for ws, q in zip(sockets, queues, strict=True)]
    for queue in queues:  # everyone has the board before the first card
        while (await asyncio.wait_for(queue.get(), 30))[1]["type"] != "state":
            pass
    await asyncio.sleep(1.0)  # presence announcements settle
    for queue in queues:
        while not queue.empty():
            queue.get_nowait()

    all_received, deliveries = [], []
    for n in range(rounds + 5):
        poster = sockets[n % len(sockets)]
        sent = time.perf_counter()
        await poster.send(json.dumps({"op": "card.add", "ref": n, "column": "went_well", "text": f"Card {n}"}))
        arrivals = []
        for queue in queues:
            while True:
                arrived, message = await asyncio.wait_for(queue.get(), 30)
                if message["type"] == "closed":
                    raise RuntimeError(f"a participant lost its connection: {message['why']} "
                                       f"(server logs in {servers.directory})")
                if message["type"] == "card.added":
                    break
            arrivals.append((arrived - sent) * 1000)
        if n >= 5:  # the first few warm up connections and caches
            all_received.append(max(arrivals))
            deliveries.extend(arrivals)
    for task in readers:
        task.cancel()
    for ws in sockets:
        await ws.close()
    return all_received, deliveries


def report(label: str, all_received: list[float], deliveries: list[float]) -> None:
    for name, values in (("all received", all_received), ("each delivery", deliveries)):
        print(f"  {label:<38} {name:<14} p50 {statistics.median(values):7.1f} ms   "
              f"p95 {percentile(values, 0.95):7.1f} ms   max {max(values):7.1f} ms   (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="cards posted per set-up (default 200)")
    parser.add_argument("--participants", type=int, default=50)
    # socket_timeout: see SOCKET_TIMEOUT in reflection/tests/test_live_redis.py (redis-py 8 and channels_redis).
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14?socket_timeout=15",
                        help="Redis for the two-process set-up (flushed first; default db 14)")
    args = parser.parse_args()
    print(f"Live board: {args.participants} participants, {args.n} cards, from posting to received "
          f"(uvicorn, SQLite file, this machine)")
    import redis

    redis.Redis.from_url(args.redis).flushdb()
    for label, processes, redis_url in (("1 process, in-memory channel layer", 1, None),
                                        ("2 processes, Redis channel layer", 2, args.redis)):
        directory = Path(tempfile.mkdtemp(prefix="reflection-board-"))
        servers = BoardServers(directory, processes=processes, redis_url=redis_url, members=args.participants)
        try:
            all_received, deliveries = asyncio.run(run_board(servers, args.participants, args.n))
        except BaseException:
            print(f"  {label}: failed; the servers' logs are in {directory}", file=sys.stderr)
            raise
        finally:
            servers.close()
        shutil.rmtree(directory, ignore_errors=True)
        report(label, all_received, deliveries)
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
