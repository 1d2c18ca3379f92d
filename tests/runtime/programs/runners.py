import asyncio


async def double(x):
    await asyncio.sleep(0.01)
    return 2 * x


with asyncio.Runner() as runner:
    print("Runner:", runner.run(double(1)), runner.run(double(2)))

loop = asyncio.new_event_loop()
try:
    print("run_until_complete:", loop.run_until_complete(double(3)))
finally:
    loop.close()
print("closed:", loop.is_closed())

print("asyncio.run:", asyncio.run(double(4)))

try:
    asyncio.get_running_loop()
except RuntimeError as error:
    print("no running loop:", error)
