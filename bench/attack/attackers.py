#!/usr/bin/env python3
"""The attackers of bench/attack.sh: runs one attack against 127.0.0.1:PORT for SECONDS and prints one JSON line of
what it saw (connections made, refused with 421, bytes sent, replies that ended the attack's sessions)."""
import asyncio, json, sys, time

port, attack, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
stats = {"connections": 0, "refused_421": 0, "bytes_sent": 0, "cut_off": 0, "errors": 0, "final_replies": {}}
deadline = time.monotonic() + seconds


def note(reply: bytes):
    key = reply.decode("ascii", "replace").strip()[:60]
    stats["final_replies"][key] = stats["final_replies"].get(key, 0) + 1


async def connect(source):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    stats["connections"] += 1
    greeting = await reader.readline()
    if greeting.startswith(b"421"):
        stats["refused_421"] += 1
        writer.close()
        return None, None
    return reader, writer


async def send(writer, data: bytes):
    writer.write(data)
    stats["bytes_sent"] += len(data)
    await writer.drain()


async def last_reply(reader):
    """Reads replies until the server closes; notes the last one."""
    last = b""
    try:
        while True:
            line = await asyncio.wait_for(reader.readline(), max(0.1, deadline - time.monotonic()))
            if not line:
                break
            last = line
    except (asyncio.TimeoutError, ConnectionError):
        return
    stats["cut_off"] += 1
    note(last)


async def loop(source, session):
    """Runs SESSION again and again from SOURCE until the deadline (a session cut off by the server starts over)."""
    while time.monotonic() < deadline:
        try:
            reader, writer = await connect(source)
            if reader is None:
                await asyncio.sleep(0.01)
                continue
            try:
                await session(reader, writer)
            finally:
                writer.close()
        except (ConnectionError, OSError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            stats["errors"] += 1
            await asyncio.sleep(0.05)


async def transaction(reader, writer, recipients=1):
    await send(writer, b"EHLO attacker.example\r\nMAIL FROM:<a@attacker.example>\r\n" + b"RCPT TO:<alice@localhost>\r\n" * recipients)


async def slowloris(reader, writer):
    await send(writer, b"EHLO slow.example\r\n")
    while time.monotonic() < deadline:
        await send(writer, b"N")
        await asyncio.sleep(5)


async def unread(reader, writer):
    chunk = b"NOOP\r\n" * 20000
    while time.monotonic() < deadline:
        await asyncio.wait_for(send(writer, chunk), max(0.1, deadline - time.monotonic()))


async def endless(reader, writer):
    await transaction(reader, writer)
    await send(writer, b"DATA\r\n")
    chunk = (b"x" * 78 + b"\r\n") * 800
    try:
        while time.monotonic() < deadline:
            await send(writer, chunk)
    except ConnectionError:
        pass
    await last_reply(reader)


async def rcptflood(reader, writer):
    await transaction(reader, writer, recipients=2020)
    await last_reply(reader)


async def bigauth(reader, writer):
    await send(writer, b"EHLO big.example\r\nAUTH PLAIN " + b"A" * 1_000_000 + b"\r\nQUIT\r\n")
    await last_reply(reader)


async def hugebdat(reader, writer):
    await transaction(reader, writer)
    await send(writer, b"BDAT 999999999999 LAST\r\n")
    await last_reply(reader)


async def tlsstall(reader, writer):
    await send(writer, b"EHLO tls.example\r\nSTARTTLS\r\n")
    await last_reply(reader)


async def connflood(reader, writer):
    await send(writer, b"QUIT\r\n")


def sources(count):
    return [f"127.0.1.{i + 1}" for i in range(count)]


async def main():
    if attack == "baseline":
        await asyncio.sleep(seconds)
        tasks = []
    elif attack == "connflood":      # one address, 50 loops connecting as fast as they can
        tasks = [loop("127.0.0.2", connflood) for _ in range(50)]
    elif attack == "slowloris":      # 2,000 sessions from 40 addresses (50 each: the per-client limit), a byte per 5 s
        tasks = [loop(s, slowloris) for s in sources(40) for _ in range(50)]
    elif attack == "unread":         # 50 sessions pipelining NOOPs and never reading a reply
        tasks = [loop(s, unread) for s in sources(5) for _ in range(10)]
    elif attack == "tlsstall":       # 1,000 sessions that say STARTTLS and never start the handshake
        tasks = [loop(s, tlsstall) for s in sources(20) for _ in range(50)]
    else:                            # 8 loops of one oversize input each
        session = {"endless": endless, "rcptflood": rcptflood, "bigauth": bigauth, "hugebdat": hugebdat}[attack]
        tasks = [loop(s, session) for s in sources(8)]
    await asyncio.gather(*tasks)


asyncio.run(main())
print(json.dumps(stats))
