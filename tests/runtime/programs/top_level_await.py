import asyncio

value = await asyncio.sleep(0.01, "awaited at top level")
print(value)
