import asyncio


async def producer(queue, count):
    for item in range(count):
        await queue.put(item)
        print(f"put {item} (size {queue.qsize()})")
    print("producer done")


async def consumer(name, queue, seen):
    while True:
        item = await queue.get()
        print(f"{name} got {item}")
        seen.append(item)
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=2)
    seen = []
    consumers = [asyncio.create_task(consumer(f"c{i}", queue, seen)) for i in range(2)]
    await producer(queue, 5)
    await queue.join()
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print("handled", sorted(seen))


asyncio.run(main())
