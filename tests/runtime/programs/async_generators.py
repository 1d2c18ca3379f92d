import asyncio


async def ticks(count):
    try:
        for i in range(count):
            await asyncio.sleep(0.01)
            yield i
    finally:
        print("generator closed")


class Resource:
    async def __aenter__(self):
        print("open")
        return self

    async def __aexit__(self, *exc):
        print("close")


async def main():
    async with Resource():
        squares = [i * i async for i in ticks(4)]
        print(squares)
    gen = ticks(100)
    print("first", await anext(gen))
    # Left unfinished: asyncio.run closes it at shutdown.


asyncio.run(main())
