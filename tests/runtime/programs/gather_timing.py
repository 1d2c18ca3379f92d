import asyncio
import time


async def step(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} after {delay:.1f} s")
    return name


async def main():
    started = time.perf_counter()
    print("start")
    names = await asyncio.gather(step("a", 0.3), step("b", 0.1), step("c", 0.2))
    print(names, f"{time.perf_counter() - started:.1f} s")


asyncio.run(main())
