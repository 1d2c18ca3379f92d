import asyncio


async def fail(kind, delay):
    await asyncio.sleep(delay)
    raise kind(f"{kind.__name__} after {delay}")


async def ok():
    await asyncio.sleep(0.05)
    return "ok"


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            good = group.create_task(ok())
            group.create_task(fail(ValueError, 0.01))
            group.create_task(fail(KeyError, 0.02))
    except* ValueError as errors:
        print("value errors:", [str(e) for e in errors.exceptions])
    except* KeyError as errors:
        print("key errors:", [str(e) for e in errors.exceptions])
    print("good cancelled:", good.cancelled())


asyncio.run(main())
