# An asyncio TCP echo pair: `aio.py server PORT` serves one client and exits, `aio.py client PORT` sends
# three lines and reads each echo back.
import asyncio
import sys

role, port = sys.argv[1], int(sys.argv[2])


async def server():
    done = asyncio.Event()

    async def handle(reader, writer):
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()
        await writer.wait_closed()
        done.set()

    srv = await asyncio.start_server(handle, '127.0.0.1', port)
    async with srv:
        await done.wait()


async def client():
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    for line in (b'one\n', b'two\n', b'three\n'):
        writer.write(line)
        await writer.drain()
        assert await reader.readline() == line
    writer.write_eof()
    assert await reader.read() == b''
    writer.close()
    await writer.wait_closed()


asyncio.run(server() if role == 'server' else client())
