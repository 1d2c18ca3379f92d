"""A program that raises KeyboardInterrupt itself: Python prints its traceback and exits with status 130."""

import asyncio


async def tick(times):
    for n in range(times):
        print("tick", n)
        await asyncio.sleep(0.01)


async def main():
    await asyncio.create_task(tick(3))
    try:
        raise KeyboardInterrupt
    finally:
        print("cleaning up")


asyncio.run(main())
print("never printed")
