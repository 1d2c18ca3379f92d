"""A CPython asyncio event loop for Python running in a browser Web Worker.

Pyodide's own WebLoop hands every callback to the browser's event loop and
counts as "always running", so stock asyncio code behaves differently from
CPython: ``asyncio.Runner`` refuses to start, ``asyncio.run`` leaves pending
tasks uncancelled, and ``time.sleep`` lets other tasks run.

This loop is the standard library's ``BaseEventLoop``: the same scheduling,
the same ``run_until_complete``, the same task cancellation on shutdown as
``python3``. Only the wait for the next timer differs: instead of blocking in
``select()``, the loop waits through the JavaScript host, in one of two ways
(the runtime's path, chosen at load by what the browser can do):

- it suspends its WebAssembly stack (JSPI, ``run_sync``) on a JavaScript
  promise. While suspended, the worker's JavaScript event loop runs: awaited
  JavaScript promises settle, and a stop request can wake the loop;
- where WebAssembly cannot suspend (Safari, iOS), the host's functions block
  the worker's thread and return when the wait is over (src/runtime/blocking/).
  Fetches then go through walkthrough_fetch, whose answers the selector hands
  over after each wait.
"""

import asyncio
import gc
import heapq
import itertools
import signal
import sys
import time
from asyncio import base_events, events, tasks, unix_events

import walkthrough_fetch
from pyodide.ffi import run_sync

# Set by the runtime (walkthrough_runner.install), from src/runtime/engine.ts:
#   wait(seconds | None) -> Promise[bool]: resolves after the timeout, or early
#       on wake(); True means "stop requested": raise KeyboardInterrupt.
#   wake(): ends the current wait.
#   block(seconds) -> Promise[bool]: time.sleep's wait; True means stop.
#   readLine(prompt) -> Promise[str | None]: a line for input(), None at EOF.
#   suspendedSeconds() -> float: time this run has spent suspended (not CPU).
#   blocking: True on the blocking path, where wait, block and readLine return
#       their value itself once the wait is over, rather than a promise.
_host = None
_blocking = False

# Pyodide's own loop, kept for one job: settling the promises that suspend()
# waits on (see there).
_webloop = None

# Set while a run records its timeline (walkthrough_timeline): sends what was
# recorded before the program suspends, as the output is flushed, so it shows
# while the program waits.
before_suspend = None

# Whether the reader asked this run to stop (Stop, or the time limit). A KeyboardInterrupt is then
# theirs, reported as "stopped"; one the program raises itself is an error, as in python3.
_stop_requested = False


def reader_stop():
    """The KeyboardInterrupt that ends a run the reader stopped, remembered as theirs."""
    global _stop_requested
    _stop_requested = True
    return KeyboardInterrupt()


def stop_requested():
    return _stop_requested


def _interrupted(signum, frame):
    # Only the reader's Stop sets the interrupt buffer (a program busy in code that never waits).
    raise reader_stop()


def begin_run():
    """Before each run: no stop asked yet, and SIGINT is the reader's Stop (a program may have rebound it)."""
    global _stop_requested
    _stop_requested = False
    signal.signal(signal.SIGINT, _interrupted)


# While the loop is busy (timeout 0), still let the worker hear a stop request this often.
_YIELD_EVERY = 0.05

# On the blocking path nothing but a fetch's answer can reach the loop from outside while it waits:
# a wait with no timer and no fetch in flight would never end (python3 hangs until Ctrl+C).
WAITS_FOR_EVER = (
    "the event loop would wait for ever: every task waits, and no timer or fetch will wake one "
    "(python3 would hang here until Ctrl+C). This browser runs Python without WebAssembly stack "
    "switching, so a JavaScript promise (js.fetch(), a js.Promise) cannot complete inside asyncio "
    "either: use pyodide.http.pyfetch(), or run the example in Chrome, Edge or Firefox."
)

# Advice given when a program needs something a browser cannot provide.
RUN_LOCALLY = "Run this example locally with python3 (3.12 or later) to see it work."


def _task_step_type():
    """The type of C Task's step callable, which asyncio does not export: the callable
    that a throwaway task hands its loop when it is created."""

    class StubLoop:  # as much of a loop as a task needs to schedule its first step
        def get_debug(self):
            return False

        def call_soon(self, callback, *args, context=None):
            self.step = callback

    async def nothing():
        pass

    loop = StubLoop()
    coro = nothing()
    task = tasks.Task(coro, loop=loop)
    task._log_destroy_pending = False  # no "Task was destroyed but it is pending!"
    coro.close()  # no "coroutine was never awaited"
    step_type = type(loop.step)
    del loop.step
    return step_type


TASK_STEP = _task_step_type()

# Default task names count from Task-1 in each python3 process. C's counter lives as
# long as the runtime, so each run counts afresh with this one, which names every task
# (see BrowserEventLoop.create_task and _call_soon).
task_names = map("Task-{}".format, itertools.count(1))


def reset_task_names():
    global task_names
    task_names = map("Task-{}".format, itertools.count(1))


def name_if_numbered(task):
    """Gives the next name to a task that C numbered: one made by the program
    (asyncio.Task(coro)) or by a task factory rather than by create_task().

    C keeps the number itself as the name until get_name() first turns it into
    text, so a task whose referents include an int (besides its result) still has
    C's number; a name the program chose, or one given here, is text.
    """
    numbers = [referent for referent in gc.get_referents(task) if type(referent) is int]
    if numbers and type(getattr(task, "_result", None)) is int:
        numbers.remove(task._result)
    if numbers:
        task.set_name(next(task_names))


def drop_frame(task, filename):
    """Debug mode keeps where a task was created: the caller of create_task(), not an override's frame in `filename`."""
    source = getattr(task, "_source_traceback", None)
    if source:
        for i in range(len(source) - 1, -1, -1):
            if source[i].filename == filename:
                del source[i]
                return


# Timers that fall due at the same microsecond run in the order they were scheduled.
_timers_scheduled = itertools.count()


class SequencedTimerHandle(events.TimerHandle):
    """A TimerHandle ordered by its time to the microsecond, then by when it was scheduled.

    CPython's clock moves on between two calls, so two timers set for the same
    delay one after the other fall due one after the other. A browser's clock moves
    in 0.1 ms steps: timers set in the same step share their `when` exactly (or to
    within a float's rounding), and the heap alone would run them in any order.
    """

    __slots__ = ("_due",)

    def __lt__(self, other):
        if isinstance(other, SequencedTimerHandle):
            return self._due < other._due
        return super().__lt__(other)


# Reprs start with the class name: keep asyncio's.
SequencedTimerHandle.__name__ = events.TimerHandle.__name__


class NotAvailableInBrowser(RuntimeError):
    """Raised for features (threads, subprocesses, sockets) that Python in a browser lacks."""


def not_available(feature, why):
    return NotAvailableInBrowser(f"{feature} is not available here: {why}. {RUN_LOCALLY}")


def wake():
    """Ends the loop's wait for its next timer: something was scheduled from outside a running callback."""
    _host.wake()


def suspend(js_function, *args):
    """Calls a JavaScript function that returns a promise, and suspends the whole
    Python stack until the promise settles; returns its value.

    A promise that reaches Python becomes a future of the *current* event loop,
    and ``run_sync`` waits for that future's callbacks. Ours cannot run callbacks
    while it is the one suspended, so for the call and the wait Pyodide's
    WebLoop, which runs callbacks from JavaScript timers, stands in as the
    current loop.
    """
    # Whatever the program printed so far shows while it waits, partial lines
    # included (print(..., end="") before an await), as a notebook would show it.
    sys.stdout.flush()
    sys.stderr.flush()
    if before_suspend is not None:
        before_suspend()
    if _blocking:
        return js_function(*args)
    previous = events._get_running_loop()
    events._set_running_loop(_webloop)
    try:
        return run_sync(js_function(*args))
    finally:
        events._set_running_loop(previous)


class _PromiseSelector:
    """Stands where a selector would: waits for time to pass, never for file descriptors."""

    def __init__(self):
        self.waiting = False
        self._last_yield = time.monotonic()

    def select(self, timeout):
        # timeout: None = until woken, 0 = poll. Nothing to poll without descriptors,
        # but a busy loop still yields now and then so a stop request can arrive.
        if timeout is not None and timeout <= 0:
            if time.monotonic() - self._last_yield < _YIELD_EVERY:
                return []
            timeout = 0
        if _blocking and timeout is None and not walkthrough_fetch.awaiting_answers():
            raise RuntimeError(WAITS_FOR_EVER)
        self.waiting = True
        try:
            stop = suspend(_host.wait, timeout)
        finally:
            self.waiting = False
            self._last_yield = time.monotonic()
        if stop:
            raise reader_stop()
        if _blocking:
            walkthrough_fetch.deliver()
        return []

    def close(self):
        pass


class BrowserEventLoop(base_events.BaseEventLoop):
    # A selector given (asyncio.SelectorEventLoop(selector)) has nothing to do: this loop waits on promises.
    def __init__(self, selector=None):
        super().__init__()
        self._selector = _PromiseSelector()
        # The coroutine create_task() is making a task for, named there already.
        self._coro_in_create_task = None

    # The loop sleeps in a promise: anything scheduled from outside a running
    # callback (a settled JavaScript promise) must wake it, as the self-pipe
    # does in CPython.
    def _call_soon(self, callback, args, context):
        handle = super()._call_soon(callback, args, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]  # this override's frame: debug mode shows the caller's
        if self._selector.waiting:
            wake()
        # Every task schedules its first step from Task(), before its coroutine starts:
        # one that create_task() did not name has C's number.
        if type(callback) is TASK_STEP:
            coro = callback.__self__.get_coro()
            if coro is not self._coro_in_create_task and not getattr(coro, "cr_suspended", False):
                name_if_numbered(callback.__self__)
        return handle

    def create_task(self, coro, **kwargs):
        if self._task_factory is None:
            if kwargs.get("name") is None:
                kwargs["name"] = next(task_names)
            outer, self._coro_in_create_task = self._coro_in_create_task, coro
            try:
                task = super().create_task(coro, **kwargs)
            finally:
                self._coro_in_create_task = outer
        else:
            # A factory gets the arguments the program gave, as in CPython: no name it did not ask for.
            task = super().create_task(coro, **kwargs)
            # An eager task ran its first step in Task() and scheduled none; it may have ended
            # there. (If that step read the task's name, it read C's number.)
            if isinstance(task, tasks.Task) and (task.done() or getattr(task.get_coro(), "cr_suspended", True)):
                name_if_numbered(task)
        drop_frame(task, __file__)
        try:
            return task
        finally:
            # As in BaseEventLoop.create_task (gh-128552): a failed eager task's traceback
            # reaches this frame, which must not keep the task alive in a cycle.
            del task

    def call_at(self, when, callback, *args, context=None):
        # BaseEventLoop.call_at, with timers that keep their order when they fall due together.
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, "call_at")
        timer = SequencedTimerHandle(when, callback, args, self, context)
        timer._due = (round(when, 6), next(_timers_scheduled))
        if timer._source_traceback:
            del timer._source_traceback[-1]
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def _write_to_self(self):
        wake()

    def _process_events(self, event_list):
        pass

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self.is_closed():
            return
        super().close()
        self._selector.close()

    # What a browser cannot do, said plainly instead of failing deep inside asyncio.
    def run_in_executor(self, executor, func, *args):
        raise not_available(
            "run_in_executor()",
            "it runs the function in a thread or process, and Python in the browser cannot start either",
        )

    async def _make_subprocess_transport(self, *args, **kwargs):
        raise not_available("Starting a subprocess", "a browser page has no processes to start")

    async def create_connection(self, *args, **kwargs):
        raise not_available(
            "Opening a network connection",
            "browsers do not give pages raw sockets; use the fetch-based examples instead",
        )

    async def create_server(self, *args, **kwargs):
        raise not_available("Starting a server", "a browser page cannot listen on a port")

    async def create_datagram_endpoint(self, *args, **kwargs):
        raise not_available("Opening a UDP socket", "browsers do not give pages raw sockets")

    async def getaddrinfo(self, *args, **kwargs):
        raise not_available("DNS lookups", "browsers do not give pages raw sockets")

    def add_signal_handler(self, sig, callback, *args):
        raise not_available("Signal handlers", "a browser page has no POSIX signals")

    def remove_signal_handler(self, sig):
        return False


class BrowserEventLoopPolicy(events._BaseDefaultEventLoopPolicy):
    def new_event_loop(self):
        return loop_class()


# What asyncio creates (see use_loop_class): BrowserEventLoop, or the timeline's subclass.
loop_class = BrowserEventLoop


def use_loop_class(cls):
    """Makes `cls` the loop asyncio creates: new_event_loop(), asyncio.run(), and the
    classes programs name, asyncio.EventLoop (3.14's loop_factory for asyncio.run)
    and SelectorEventLoop, which are otherwise the selector loop, one that needs sockets."""
    global loop_class
    loop_class = cls
    asyncio.EventLoop = asyncio.SelectorEventLoop = cls
    unix_events.EventLoop = unix_events.SelectorEventLoop = cls


def use_browser_loops():
    """Puts back this runtime's loop and policy, whatever a program changed."""
    use_loop_class(BrowserEventLoop)
    events._set_event_loop_policy(_policy)


# set_event_loop_policy(None) restores "the default policy": this one, whose loops work here.
unix_events._DefaultEventLoopPolicy = BrowserEventLoopPolicy
_policy = BrowserEventLoopPolicy()
use_loop_class(BrowserEventLoop)


def install(host):
    """Makes BrowserEventLoop what asyncio creates, and clears Pyodide's always-running loop."""
    global _host, _webloop, _blocking
    _host = host
    _blocking = bool(host.blocking)
    if _blocking:
        walkthrough_fetch.install(host)
    _webloop = asyncio.get_event_loop()
    import warnings

    with warnings.catch_warnings():
        # The policy system is deprecated in 3.14 but is still how new_event_loop() picks a class.
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.set_event_loop_policy(_policy)
    events._set_running_loop(None)
