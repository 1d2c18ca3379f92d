import asyncio


async def slow():
    try:
        await asyncio.sleep(10)
    finally:
        print("slow cleaned up")


async def main():
    try:
        async with asyncio.timeout(0.05):
            await slow()
    except TimeoutError:
        print("timeout() raised TimeoutError")
    try:
        await asyncio.wait_for(slow(), timeout=0.05)
    except TimeoutError:
        print("wait_for raised TimeoutError")
    print(await asyncio.wait_for(asyncio.sleep(0.01, "in time"), timeout=1))


asyncio.run(main())
