import asyncio
import time

started = time.perf_counter()


def stamp(text):
    print(f"{time.perf_counter() - started:.1f} {text}")


async def ticker():
    for _ in range(3):
        stamp("tick")
        await asyncio.sleep(0.1)


async def blocker():
    stamp("blocking for 0.3 s")
    time.sleep(0.3)
    stamp("unblocked")


async def main():
    await asyncio.gather(ticker(), blocker())


asyncio.run(main())
