"""Runs one reader's program the way ``python3 FILE.py`` would.

Called by the worker (src/runtime/engine.ts) through ``callPromising``, so the
program may suspend on JavaScript promises (see walkthrough_loop). Every run
gets a fresh ``__main__``; what a run adds to ``sys.modules``, and what it rebinds
in the modules and classes loaded with the runtime (builtins.print, asyncio.sleep,
this module's own functions), is undone afterwards, so nothing leaks into the next run.
"""

import ast
import asyncio
import builtins
import inspect
import linecache
import operator
import os
import sys
import time
import traceback
import types

import walkthrough_loop
import walkthrough_timeline
from walkthrough_loop import not_available, suspend

_host = None
_RUNTIME_FILES = {__file__, walkthrough_loop.__file__, walkthrough_timeline.__file__}
_PYODIDE_PREFIXES = tuple(f"{p}/{name}" for p in sys.path if p.endswith(".zip") for name in ("_pyodide", "pyodide"))


def _is_runtime_frame(filename):
    return filename in _RUNTIME_FILES or filename == "<exec>" or filename.startswith(_PYODIDE_PREFIXES)


# python3 ends an uncaught KeyboardInterrupt by killing itself with SIGINT: a shell reports 128 + 2.
_EXIT_INTERRUPTED = 130

# The longest wait a JavaScript timer takes (2**31 - 1 ms); a longer one fires at once.
_LONGEST_TIMER_SECONDS = 2_147_483.647


def _sleep_length(secs):
    """time.sleep's argument in seconds, refused as CPython refuses it (Python/pytime.c):
    a float within PyTime_t's nanoseconds, else an integer (or __index__) number of seconds."""
    if isinstance(secs, float):
        if secs != secs:
            raise ValueError("Invalid value NaN (not a number)")
        if not -(2.0**63) <= secs * 1e9 < 2.0**63:
            raise OverflowError("timestamp out of range for platform time_t")
    else:
        secs = operator.index(secs)
        if not -(2**63) <= secs * 10**9 < 2**63:
            raise OverflowError("timestamp too large to convert to C PyTime_t")
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    return secs


def _blocking_sleep(secs):
    """time.sleep that blocks the event loop, as in CPython.

    Pyodide's own time.sleep lets other asyncio tasks run meanwhile. This one
    suspends the whole Python stack (nothing else in Python runs), while the
    worker stays responsive to a stop request.
    """
    # Longer than a timer can wait is, to a reader, forever: the page's time limit ends the run first.
    secs = min(_sleep_length(secs), _LONGEST_TIMER_SECONDS)
    if secs > 0:
        if suspend(_host.block, float(secs)):
            raise walkthrough_loop.reader_stop()


_original_process_time = time.process_time
_original_process_time_ns = time.process_time_ns


def _process_time():
    """CPU time, as CPython counts it: WebAssembly's clock also counts the time this
    runtime spends suspended (sleeping, waiting for timers), which uses no CPU."""
    return _original_process_time() - _host.suspendedSeconds()


def _process_time_ns():
    return _original_process_time_ns() - int(_host.suspendedSeconds() * 1e9)


def _input(prompt=""):
    """input() asks the page for a line; EOFError when the page has none to give, as with no stdin."""
    sys.stdout.write(str(prompt))
    sys.stdout.flush()
    line = suspend(_host.readLine, str(prompt))
    if line is None:
        raise EOFError("EOF when reading a line")
    sys.stdout.write(line + "\n")
    return line


def _no_threads(*args, **kwargs):
    raise not_available(
        "Starting a thread",
        "Python in the browser runs on a single thread (asyncio.to_thread, run_in_executor and threading all need more)",
    )


def _install_replacements():
    """The functions this runtime replaces, put in place as it loads (and so in every run's baseline)."""
    time.sleep = _blocking_sleep
    time.process_time = _process_time
    time.process_time_ns = _process_time_ns
    builtins.input = _input


# Type flags (Include/object.h): a class that cannot be changed, or is not made at run time, is left alone.
_IMMUTABLE_TYPE = 1 << 8
_HEAP_TYPE = 1 << 9
_MISSING = object()


class _Pristine:
    """The namespaces of every module loaded with the runtime, and of the classes they hold, as they
    were once it had loaded: the baseline each run returns to. A program can rebind anything in them
    (``builtins.print = spy``, ``asyncio.sleep = None``, ``walkthrough_runner.run = wrapped``); a
    linked program could so rewrite every later run. Compared by identity, never by ``==``, which
    would run the program's code."""

    def __init__(self):
        self.modules = {}
        self.classes = {}

    def capture(self):
        for name, module in list(sys.modules.items()):
            namespace = getattr(module, "__dict__", None)
            if name == "__main__" or type(namespace) is not dict:
                continue
            self.modules[name] = (module, dict(namespace))
            for value in namespace.values():
                if isinstance(value, type) and value.__flags__ & _HEAP_TYPE and not value.__flags__ & _IMMUTABLE_TYPE:
                    self.classes[value] = dict(value.__dict__)

    def restore(self):
        for name in set(sys.modules) - self.modules.keys():
            del sys.modules[name]
        for name, (module, saved) in self.modules.items():
            sys.modules[name] = module
            _restore_namespace(module.__dict__, saved)
        for cls, saved in self.classes.items():
            current = cls.__dict__
            if _unchanged(current, saved):
                continue
            for key in current.keys() - saved.keys():
                delattr(cls, key)
            for key, value in saved.items():
                if current.get(key, _MISSING) is not value:
                    type.__setattr__(cls, key, value)


# Bound before the capture, so that the baseline holds it too.
_pristine = _Pristine()

def _unchanged(current, saved):
    """Whether a namespace holds the very keys and values it held, in order: a rebinding keeps its
    key's place, so this catches it. Compared in C, by identity: none of the program's code runs."""
    return (
        len(current) == len(saved)
        and all(map(operator.is_, current, saved))
        and all(map(operator.is_, current.values(), saved.values()))
    )


def _restore_namespace(namespace, saved):
    if _unchanged(namespace, saved):
        return
    for key in namespace.keys() - saved.keys():
        del namespace[key]
    for key, value in saved.items():
        if namespace.get(key, _MISSING) is not value:
            namespace[key] = value


def install(host):
    """Called once after Pyodide loads."""
    global _host
    _host = host
    walkthrough_loop.install(host)
    import _thread
    import subprocess
    import threading

    _install_replacements()
    # threading keeps its own references to _thread's functions.
    for module, name in (
        (_thread, "start_new_thread"),
        (_thread, "start_joinable_thread"),
        (threading, "_start_joinable_thread"),
        (threading, "_start_new_thread"),
    ):
        if hasattr(module, name):
            setattr(module, name, _no_threads)

    def _no_subprocess(*args, **kwargs):
        raise not_available("Starting a subprocess", "a browser page has no processes to start")

    subprocess.Popen.__init__ = _no_subprocess
    _pristine.capture()


def _print_exception(exc):
    """A traceback as CPython prints it, minus the frames of this runtime."""
    te = traceback.TracebackException.from_exception(exc, capture_locals=False)
    _drop_runtime_frames(te, set())
    sys.stderr.write("".join(te.format()))


def _drop_runtime_frames(te, seen):
    if id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if not _is_runtime_frame(f.filename)])
    for child in (te.__cause__, te.__context__, *(te.exceptions or ())):
        if child is not None:
            _drop_runtime_frames(child, seen)


def _exit_status(exc):
    """What CPython does with SystemExit: print non-integer codes, exit with 0/1/code."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _finalize(main):
    """What CPython does when the interpreter exits: the program's globals go away,
    and with them objects such as never-awaited coroutines, whose warnings then
    show as CPython 3.13+ shows warnings raised at shutdown ("<sys>:0: ...")."""
    import gc
    import warnings

    def show_at_exit(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, "<sys>", 0, line=""))

    previous = warnings.showwarning
    warnings.showwarning = show_at_exit
    try:
        main.__dict__.clear()
        gc.collect()
    finally:
        warnings.showwarning = previous


def _reset():
    """Undo what a program may have changed, so the next one starts clean."""
    _pristine.restore()
    asyncio.events._set_running_loop(None)
    # A program may set another policy (CPython's test modules set None in their teardown).
    walkthrough_loop.use_browser_loops()
    asyncio.set_event_loop(None)
    sys.stdout.flush()
    sys.stderr.flush()


def _execute(code, main):
    if code.co_flags & inspect.CO_COROUTINE:
        # Top-level await, as the asyncio REPL (python -m asyncio) allows it.
        asyncio.run(eval(code, main.__dict__))
    else:
        exec(code, main.__dict__)


def run(source, filename, env=None, timeline=False):
    """Runs `source` as the program `filename`; returns its exit status (0 when all went well).

    `env` adds environment variables for this run (the page passes SITE_URL, the
    address of this site). With `timeline`, the run's timeline goes to the page
    as it is recorded (walkthrough_timeline). KeyboardInterrupt from the reader's
    Stop propagates to the caller after cleanup; one the program raises itself is
    its own error, with python3's traceback and exit status (130: killed by SIGINT).
    """
    environ_before = dict(os.environ)
    os.environ.update(env or {})
    walkthrough_loop.reset_task_names()
    walkthrough_loop.begin_run()
    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    sys.argv = [filename]
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        try:
            code = compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            _print_exception(exc)
            return 1
        try:
            if timeline:
                walkthrough_timeline.record(_host.timeline, _execute, code, main)
            else:
                _execute(code, main)
        except SystemExit as exc:
            return _exit_status(exc)
        except KeyboardInterrupt as exc:
            if walkthrough_loop.stop_requested():
                raise
            _print_exception(exc)
            return _EXIT_INTERRUPTED
        except BaseException as exc:
            _print_exception(exc)
            return 1
        return 0
    finally:
        try:
            _finalize(main)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os.environ.clear()
            os.environ.update(environ_before)
            _reset()
