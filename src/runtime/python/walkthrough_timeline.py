"""The timeline of a run: for every asyncio task, when it was created, the slices
of time in which it ran, what it waited on between them, and how it ended.

Only a run that asks for a timeline pays for it: its event loops are
RecordingEventLoop, a BrowserEventLoop that times each task step; every other
run uses BrowserEventLoop itself. The hooks are asyncio's own: a task's steps
reach the loop through ``_call_soon`` as a callable bound to the task (C Task's
step and ``task_wakeup``), so the handle that runs one step is timed as that
task's slice. What a task waits on is read when a slice ends, from its
coroutine's ``cr_await`` chain and ``task._fut_waiter``. Tasks are known by
``id()``, never held: recording must not keep a task alive longer than the
program does (its "Task was destroyed but it is pending!" message would move).
Nothing the program can print changes either: handles and loops keep the names
their reprs show, results are described without calling the program's
``__repr__``.

The program's own module-level code is one more row, "main program": it runs
whenever no event loop is running, and waits on the event loop while one is
(``asyncio.run(main())`` shows as the time it spends there).

The recorder sends what it recorded to src/runtime/timeline.ts as JSON,
``{"droppedTasks": n, "droppedSlices": n, "events": [...]}``, each event a list
``[kind, row id, ...]`` (the kinds below), times in nanoseconds of
``time.perf_counter_ns()``, which in Pyodide is JavaScript's ``performance.now()``
(integers: a float takes ten times longer to write as JSON). It sends before
the program suspends (an idle loop, a blocking sleep, input()), so what
happened so far shows while the program waits, and once at the end.
"""

import json
import os
import reprlib
import weakref
from asyncio import base_events, events, tasks
from time import perf_counter_ns
from types import BuiltinMethodType, CoroutineType, GeneratorType

import pyodide
import walkthrough_loop
from walkthrough_loop import TASK_STEP

# Caps per run, so that a program with 10,000 tasks neither floods the page nor
# slows down much: the tasks past the first 200 are counted, not recorded (nor are
# their slices counted), and the slices past the first 10,000 are counted, not
# recorded. Recording a task costs about as much as asyncio's own work for it.
MAX_TASKS = 200
MAX_SLICES = 10_000

TASK = 0  # [TASK, id, name, coroutine, parent id or None, created]
SLICE = 1  # [SLICE, id, start, end, on or None]: the row ran (ending its wait), then waits on `on`
WAIT = 2  # [WAIT, id, start, on]: a wait with no slice before it (an eager task's)
# A wait lasts until the row's next SLICE, RUNNING, RESUMED or END.
END = 3  # [END, id, ended, "done" | "error" | "cancelled", outcome or None]
RUNNING = 4  # [RUNNING, id, start]: a slice still running when the update was sent
RESUMED = 5  # [RESUMED, id, at]: a wait ended by a slice past the cap, which is not recorded

MAIN_PROGRAM = 0  # the id of the "main program" row; tasks count from 1


# Tasks asyncio.run() makes for its own shutdown, after the program's: not the program's.
# Compared by identity: a code object's hash is computed from its contents on every call.
_SHUTDOWN_ASYNCGENS = base_events.BaseEventLoop.shutdown_asyncgens.__code__
_SHUTDOWN_EXECUTOR = base_events.BaseEventLoop.shutdown_default_executor.__code__

_ASYNCIO_DIR = os.path.dirname(tasks.__file__) + os.sep
_FETCH_DIR = os.path.join(os.path.dirname(pyodide.__file__), "http") + os.sep
# asyncio coroutines that only pass a wait on, and the names readers know others by.
_PASS_THROUGH = {"wait_for"}
_ASYNCIO_NAMES = {
    "wait": "asyncio.wait",
    "TaskGroup.__aexit__": "TaskGroup",
    "_AsCompletedIterator.__anext__": "as_completed",
    "_AsCompletedIterator._wait_for_one": "as_completed",
}
_SLEEP = object()  # the label of asyncio.sleep, which says for how long


# The recorder of the run under way, for the loops it creates (RecordingEventLoop).
recorder = None


def record(push, run, *args):
    """Runs ``run(*args)``, the program, recording its timeline; ``push(text)`` receives the updates."""
    global recorder
    recorder = Recorder(push)
    walkthrough_loop.use_loop_class(RecordingEventLoop)
    walkthrough_loop.before_suspend = recorder.push
    try:
        recorder.run_program(run, *args)
    finally:
        walkthrough_loop.use_loop_class(walkthrough_loop.BrowserEventLoop)
        walkthrough_loop.before_suspend = None
        recorder.push()
        recorder = None


class _Row:
    __slots__ = ("id", "waiting", "alive")

    def __init__(self, row_id):
        self.id = row_id
        # A wait was sent and may still be open: a slice past the cap must end it.
        self.waiting = False
        # Keeps the weak reference to the task, and so its callback, alive (see Recorder._add_task).
        self.alive = None


class Recorder:
    def __init__(self, push):
        self._push = push
        self._events = []
        self.rows = {}  # id(task) -> _Row, for the recorded tasks that still exist and have not ended
        self.tasks_left = MAX_TASKS
        self.dropped_tasks = 0
        self._slices_left = MAX_SLICES
        self._dropped_slices = 0
        # The row whose slice is running now, and since when: the main program
        # outside the loop, a task during its step, None in the loop's own work.
        self._current = None
        self._since = 0
        self._main = _Row(MAIN_PROGRAM)
        # id(code) -> what a coroutine running that code waits on. By id, as a code
        # object's hash is computed afresh each time; the codes are kept, so ids stay theirs.
        self._labels = {}
        self._labelled_codes = []
        self._sleeps = {}  # delay -> "sleep 0.5 s": formatting a float takes longer than the rest of a wait

    def push(self):
        """Sends what was recorded since the last push."""
        events = self._events
        if self._current is not None:
            events.append((RUNNING, self._current.id, self._since))
        elif not events:
            return
        self._events = []
        update = {"droppedTasks": self.dropped_tasks, "droppedSlices": self._dropped_slices, "events": events}
        self._push(json.dumps(update, separators=(",", ":")))

    # ---- the main program ----

    def run_program(self, run, *args):
        started = perf_counter_ns()
        self._events.append((TASK, MAIN_PROGRAM, "main program", "<module>", None, started))
        self._slices_left -= 1
        self._current = self._main
        self._since = started
        try:
            run(*args)
        except BaseException as exc:
            self._program_ended(exc)
            raise
        self._program_ended(None)

    def _program_ended(self, exc):
        ended = perf_counter_ns()
        if self._current is self._main:
            self._events.append((SLICE, MAIN_PROGRAM, self._since, ended, None))
            self._current = None
        if exc is None or isinstance(exc, SystemExit) and exc.code in (0, None):
            state, outcome = "done", None
        elif isinstance(exc, KeyboardInterrupt):  # the reader stopped it
            state, outcome = "cancelled", "KeyboardInterrupt"
        else:
            state, outcome = "error", describe_exception(exc)
        self._events.append((END, MAIN_PROGRAM, ended, state, outcome))

    def loop_started(self):
        now = perf_counter_ns()
        if self._current is self._main:
            self._events.append((SLICE, MAIN_PROGRAM, self._since, now, "event loop"))
            self._main.waiting = True
        self._current = None

    def loop_stopped(self):
        if self._slices_left:
            self._slices_left -= 1
            self._current = self._main
            self._since = perf_counter_ns()
        else:
            self._drop_slice(self._main)

    # ---- tasks ----

    def task_scheduled(self, task):
        """A task not recorded yet scheduled its first step, while tasks_left; True when it is now recorded."""
        coro = task.get_coro()
        if _is_shutdown(coro):
            return False
        self._add_task(task, coro)
        return True

    def eager_task_created(self, task, coro):
        """A task that ran its first step in create_task(), and may have ended there."""
        if _is_shutdown(coro):
            return
        row = self._add_task(task, coro)
        if task.done():
            self._task_ended(task, row, perf_counter_ns())
        else:
            self._events.append((WAIT, row.id, perf_counter_ns(), self._waiting_on(task)))
            row.waiting = True

    def _add_task(self, task, coro):
        self.tasks_left -= 1
        row = _Row(MAX_TASKS - self.tasks_left)
        key = id(task)
        rows = self.rows
        rows[key] = row
        # A task freed while pending leaves no END behind; its id may then be
        # reused by a new task, which must not inherit its row.
        row.alive = weakref.ref(task, lambda _, key=key: rows.pop(key, None))
        parent = self._current.id if self._current is not None else None
        name = getattr(coro, "__qualname__", type(coro).__name__)
        # An eager task of a task factory gets here from its first step, before create_task() could name it.
        walkthrough_loop.name_if_numbered(task)
        self._events.append((TASK, row.id, short_name(task.get_name()), short_name(name), parent, perf_counter_ns()))
        return row

    def run_step(self, handle):
        """Runs one step of a recorded task (the handle's callback) as a slice of its row.

        The step's frames outlive it in a failed task's traceback, which reaches this
        one: its locals let go of the task and the handle before it returns, as
        Handle._run does, or the task would live on in a cycle and its "Task exception
        was never retrieved" come at the next garbage collection, not when CPython says it.
        """
        task = handle._callback.__self__
        row = self.rows[id(task)]
        if not self._slices_left:
            self._drop_slice(row)
            try:
                events.Handle._run(handle)
            finally:
                if task.done():
                    self._task_ended(task, row, perf_counter_ns())
                task = handle = None
            return
        self._slices_left -= 1
        self._current = row
        self._since = started = perf_counter_ns()
        try:
            events.Handle._run(handle)
        finally:
            ended = perf_counter_ns()
            self._current = None
            if task.done():
                self._events.append((SLICE, row.id, started, ended, None))
                self._task_ended(task, row, ended)
            else:
                self._events.append((SLICE, row.id, started, ended, self._waiting_on(task)))
                row.waiting = True
            task = handle = None

    def _drop_slice(self, row):
        """A slice of `row` starts now, past the cap: counted, not recorded."""
        self._dropped_slices += 1
        if row.waiting:
            row.waiting = False
            self._events.append((RESUMED, row.id, perf_counter_ns()))

    def _task_ended(self, task, row, ended):
        del self.rows[id(task)]
        if task.cancelled():
            state, outcome = "cancelled", None
        elif task._exception is not None:  # not exception(): that would mark it retrieved
            state, outcome = "error", describe_exception(task._exception)
        else:
            result = task._result
            state, outcome = "done", None if result is None else short_repr(result)
        self._events.append((END, row.id, ended, state, outcome))

    def _waiting_on(self, task):
        """What a suspended task waits on: the first asyncio (or fetch) coroutine down
        its await chain, else the future it waits for."""
        awaited = task.get_coro()
        labels = self._labels
        while True:
            kind = type(awaited)
            if kind is CoroutineType:
                code = awaited.cr_code
            elif kind is GeneratorType:
                code = awaited.gi_code
            else:
                break
            label = labels.get(id(code))
            if label is None:
                label = labels[id(code)] = _label(code)
                self._labelled_codes.append(code)
            if label is _SLEEP:
                delay = awaited.cr_frame.f_locals.get("delay")
                if type(delay) not in (int, float):
                    return f"sleep {short_repr(delay)} s"
                label = self._sleeps.get(delay)
                if label is None:
                    label = self._sleeps[delay] = f"sleep {delay:g} s"
                return label
            if label:
                return label
            awaited = awaited.cr_await if kind is CoroutineType else awaited.gi_yieldfrom
        waiter = task._fut_waiter
        if waiter is None:
            return "yield"
        if isinstance(waiter, tasks.Task):
            return short_name(waiter.get_name())
        if isinstance(waiter, tasks._GatheringFuture):
            return "gather"
        return "Future"


def _is_shutdown(coro):
    code = getattr(coro, "cr_code", None)
    return code is _SHUTDOWN_ASYNCGENS or code is _SHUTDOWN_EXECUTOR


def _label(code):
    """What a coroutine running `code` waits on; "" for the program's own code, which says nothing."""
    if code.co_filename.startswith(_FETCH_DIR):
        return "fetch"
    if not code.co_filename.startswith(_ASYNCIO_DIR):
        return ""
    name = code.co_qualname
    if name == "sleep":
        return _SLEEP
    if name in _PASS_THROUGH or name.endswith(".__aenter__"):
        return ""
    return _ASYNCIO_NAMES.get(name, name)


class _OutcomeRepr(reprlib.Repr):
    """A short repr that runs none of the program's code: its __repr__ might print, fail, or take long."""

    def repr_instance(self, x, level):
        if type(x).__module__ == "builtins":
            return super().repr_instance(x, level)
        return f"<{type(x).__qualname__} object>"


_outcome_repr = _OutcomeRepr(maxlevel=2, maxstring=60, maxother=60)
_PLAIN_ARGS = (str, int, float, bool, type(None))
_PLAIN_TYPES = frozenset(_PLAIN_ARGS)


def short_name(name):
    """A task's or a coroutine's name as the timeline shows it: a program may name a task with a megabyte."""
    return name if len(name) <= 100 else name[:99] + "…"


def short_repr(value):
    if type(value) in _PLAIN_TYPES:  # the common case, without reprlib's dispatch
        text = repr(value)
        return text if len(text) <= 60 else text[:59] + "…"
    return _outcome_repr.repr(value)


def describe_exception(exc):
    """"ValueError: bad input", as a traceback's last line says it, without running the program's code."""
    name = type(exc).__qualname__
    builtin_str = getattr(type(exc).__str__, "__objclass__", None) is not None
    if builtin_str and (isinstance(exc, BaseExceptionGroup) or all(isinstance(arg, _PLAIN_ARGS) for arg in exc.args)):
        text = str(exc)
    else:
        text = ", ".join(short_repr(arg) for arg in exc.args)
    if len(text) > 100:
        text = text[:99] + "…"
    return f"{name}: {text}" if text else name


class _TimedStep(events.Handle):
    """The handle of one step of a recorded task: a Handle like any other (same
    callback, arguments, context and repr), whose run is timed."""

    __slots__ = ()

    def _run(self):
        self._loop._timeline.run_step(self)
        self = None  # as in Handle._run: see Recorder.run_step


class RecordingEventLoop(walkthrough_loop.BrowserEventLoop):
    """The loop of a run that records its timeline, which asyncio.EventLoop() then makes too."""

    def __init__(self, selector=None):
        super().__init__()
        self._timeline = recorder
        self._timeline_rows = recorder.rows

    def _call_soon(self, callback, args, context):
        # BaseEventLoop._call_soon and BrowserEventLoop._call_soon in one, rather than
        # a call to them, which every callback would pay for: so the check below costs
        # about what that call would. A recorded task's step gets a timed handle.
        kind = type(callback)
        if kind is TASK_STEP or kind is BuiltinMethodType and callback.__name__ == "task_wakeup":
            task = callback.__self__
            # BrowserEventLoop._call_soon's naming, before the recorder reads the name.
            if kind is TASK_STEP:
                coro = task.get_coro()
                if coro is not self._coro_in_create_task and not getattr(coro, "cr_suspended", False):
                    walkthrough_loop.name_if_numbered(task)
            timeline = self._timeline
            # A task not recorded yet schedules its first step from Task(), in create_task().
            if id(task) in self._timeline_rows or kind is TASK_STEP and timeline.tasks_left and timeline.task_scheduled(task):
                handle = _TimedStep(callback, args, self, context)
            else:
                handle = events.Handle(callback, args, self, context)
        else:
            handle = events.Handle(callback, args, self, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]  # this frame: debug mode shows the caller's
        self._ready.append(handle)
        if self._selector.waiting:
            walkthrough_loop.wake()
        return handle

    def create_task(self, coro, **kwargs):
        # BrowserEventLoop.create_task's naming around BaseEventLoop.create_task, rather
        # than a call to the former, for the same reason as in _call_soon.
        if self._task_factory is None:
            if kwargs.get("name") is None:
                kwargs["name"] = next(walkthrough_loop.task_names)
            outer, self._coro_in_create_task = self._coro_in_create_task, coro
            try:
                task = base_events.BaseEventLoop.create_task(self, coro, **kwargs)
            finally:
                self._coro_in_create_task = outer
        else:
            task = base_events.BaseEventLoop.create_task(self, coro, **kwargs)
            if isinstance(task, tasks.Task) and (task.done() or getattr(task.get_coro(), "cr_suspended", True)):
                walkthrough_loop.name_if_numbered(task)
        walkthrough_loop.drop_frame(task, __file__)
        if id(task) not in self._timeline_rows:
            # Not recorded when its first step was scheduled: past the cap, or an eager
            # task, one that ran its first step here (and may have ended).
            timeline = self._timeline
            if timeline.tasks_left:
                timeline.eager_task_created(task, coro)
            else:
                code = getattr(coro, "cr_code", None)  # _is_shutdown(), without the cost of a call
                if code is not _SHUTDOWN_ASYNCGENS and code is not _SHUTDOWN_EXECUTOR:
                    timeline.dropped_tasks += 1
        try:
            return task
        finally:
            del task  # see BrowserEventLoop.create_task

    def _run_forever_setup(self):
        super()._run_forever_setup()
        self._timeline.loop_started()

    def _run_forever_cleanup(self):
        super()._run_forever_cleanup()
        self._timeline.loop_stopped()


# Reprs start with the class name (a loop's, a handle's): keep the ones a run without a timeline shows.
RecordingEventLoop.__name__ = walkthrough_loop.BrowserEventLoop.__name__
_TimedStep.__name__ = events.Handle.__name__
