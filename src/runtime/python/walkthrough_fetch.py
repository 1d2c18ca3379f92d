"""``pyodide.http.pyfetch`` for the blocking runtime path, where asyncio cannot
await a JavaScript promise.

On that path (a browser without WebAssembly stack switching: Safari, every iOS
browser) the whole program runs in one synchronous call into Python, so the
worker's JavaScript event loop never gets a turn and a promise never settles.
Instead, the host starts each request outside Python (a helper in the sandbox
frame where memory can be shared, else a synchronous request) and the event
loop collects the answers whenever it waits (walkthrough_loop's selector calls
``deliver``). The request is concurrent with other tasks wherever the helper
does the fetching, exactly as the browser's fetch is on the other path.

The response offers what ``pyodide.http.FetchResponse`` offers a program that
reads an answer: ``status``, ``status_text``, ``ok``, ``url``, ``headers``,
``redirected``, ``raise_for_status()`` and the awaitable body readers.
"""

import asyncio
import json

from pyodide.http import BodyUsedError, HttpStatusError

# Set by walkthrough_loop.install on the blocking path (see src/runtime/blocking/waits.ts):
#   startFetch(url, options JSON) -> request id; abortFetch(id);
#   takeFetchResults() -> the finished requests, each {meta: JSON text, body: Uint8Array | None}.
_host = None
_pending = {}  # request id -> the future its pyfetch() awaits


class FetchResponse:
    def __init__(self, result, body):
        self._result = result
        self._body = body
        self.body_used = False

    @property
    def status(self):
        return self._result["status"]

    @property
    def status_text(self):
        return self._result["statusText"]

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def url(self):
        return self._result["url"]

    @property
    def redirected(self):
        return self._result["redirected"]

    @property
    def type(self):
        return self._result["type"]

    @property
    def headers(self):
        return dict(self._result["headers"])

    def raise_for_status(self):
        if 400 <= self.status < 600:
            raise HttpStatusError(self.status, self.status_text, self.url)

    def _take_body(self):
        if self.body_used:
            raise BodyUsedError
        self.body_used = True
        return self._body

    async def bytes(self):
        return self._take_body()

    async def memoryview(self):
        return memoryview(self._take_body())

    async def text(self):
        return self._take_body().decode()

    async def string(self):
        return await self.text()

    async def json(self, **kwargs):
        return json.loads(self._take_body(), **kwargs)


async def pyfetch(url, **kwargs):
    """Fetches `url` as the browser's fetch() would; keyword arguments are fetch()'s options."""
    loop = asyncio.get_running_loop()
    body = kwargs.get("body")
    if isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode("latin-1")
    options = {
        "method": kwargs.get("method", "GET"),
        "headers": list(dict(kwargs.get("headers") or {}).items()),
        "body": body,
    }
    request_id = _host.startFetch(str(url), json.dumps(options))
    future = _pending[request_id] = loop.create_future()
    try:
        result, body_bytes = await future
    except asyncio.CancelledError:
        _host.abortFetch(request_id)
        raise
    finally:
        _pending.pop(request_id, None)
    return FetchResponse(result, body_bytes)


def awaiting_answers():
    """Whether a pyfetch() waits for its answer."""
    return bool(_pending)


def deliver():
    """Hands the answers that arrived to the pyfetch() calls awaiting them."""
    if not _pending:
        return
    for finished in _host.takeFetchResults():
        result = json.loads(finished.meta)
        future = _pending.get(result["id"])
        if future is None or future.done():
            continue
        if "error" in result:
            future.set_exception(OSError(f"fetch() of {result['url']} failed: {result['error']}"))
        else:
            future.set_result((result, finished.body.to_bytes()))


def install(host):
    """Makes pyodide.http.pyfetch this one (programs import it from there)."""
    global _host
    _host = host
    import pyodide.http

    pyodide.http.pyfetch = pyfetch
    pyodide.http.FetchResponse = FetchResponse
