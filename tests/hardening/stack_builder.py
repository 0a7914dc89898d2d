"""The hardening suite's scaled stack, built in a background thread (one per test process).

A module of its own (not the conftest) so that tests/xdist_groups.py can start it too: under
pytest-xdist it starts when the worker that runs the shared group reaches the group's first test.
"""

import shutil
import tempfile
import threading
from pathlib import Path

STACK_START_SECONDS = 420


class _BackgroundStack:
    def __init__(self):
        self.thread = None
        self.stack = None
        self.error = None
        self.workdir = None

    def start(self):
        from deploy.stack import Stack

        self.workdir = Path(tempfile.mkdtemp(prefix="zongzhi-hardening-"))
        self.stack = Stack(self.workdir, workers=2)

        def run():
            try:
                self.stack.start()
            except BaseException as exc:  # reported by the fixture
                self.error = exc

        self.thread = threading.Thread(target=run, name="hardening-stack", daemon=True)
        self.thread.start()

    def wait(self):
        self.thread.join(STACK_START_SECONDS)
        if self.thread.is_alive():
            raise TimeoutError(f"the stack did not start within {STACK_START_SECONDS}s")
        if self.error is not None:
            raise self.error
        return self.stack

    def stop(self):
        if self.stack is not None:
            if self.thread is not None:
                self.thread.join(STACK_START_SECONDS)
            self.stack.stop()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


background = _BackgroundStack()


def stack_unavailable():
    from deploy.stack import missing_binaries

    missing = missing_binaries()
    return f"缺少 {', '.join(missing)}：无法启动扩展部署栈" if missing else None
