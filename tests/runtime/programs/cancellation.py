import asyncio


async def worker(name):
    try:
        while True:
            await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
    finally:
        print(f"{name} finally")


async def forgotten():
    try:
        await asyncio.sleep(60)
    finally:
        print("forgotten task cleaned up at exit")


async def main():
    task = asyncio.create_task(worker("w1"))
    await asyncio.sleep(0.03)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main saw the cancellation:", task.cancelled())
    shielded = asyncio.shield(asyncio.sleep(0.01, "shielded result"))
    print(await shielded)
    asyncio.create_task(forgotten())
    await asyncio.sleep(0)
    print("main returns with a task still pending")


asyncio.run(main())
