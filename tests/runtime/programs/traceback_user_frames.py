import asyncio


def parse(value):
    return int(value)


async def handle(value):
    await asyncio.sleep(0)
    return parse(value)


async def main():
    print("parsing")
    await handle("forty-two")


asyncio.run(main())
