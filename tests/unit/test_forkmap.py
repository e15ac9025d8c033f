"""map_split: the results of a plain loop, in order, with the work shared by two processes."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from catalogue import forkmap
from catalogue.forkmap import map_split
from tests.isolated import run_isolated

pytestmark = pytest.mark.skipif(forkmap.cores() < 2, reason="needs a second core")


@pytest.mark.parametrize(
    "check",
    [
        "check_results_in_order_and_both_processes_worked",
        "check_a_long_item_does_not_leave_the_other_process_idle",
        "check_what_the_child_learned_comes_back_and_a_failed_child_is_redone_here",
        "check_a_pipe_too_small_for_the_queue_means_one_process",
    ],
)
def test_forked(check):
    run_isolated("tests.unit.test_forkmap", check)


def test_the_checks_run_where_forking_is_possible():
    run_isolated("tests.unit.test_forkmap", "check_can_fork")


def check_can_fork():
    assert forkmap.can_fork()


def check_results_in_order_and_both_processes_worked():
    parent = os.getpid()

    def work(n):
        time.sleep(0.001)  # else the parent may take them all before the child starts
        return n * n, os.getpid() == parent

    results = map_split(work, range(500))
    assert [square for square, _ in results] == [n * n for n in range(500)]
    by_parent = sum(mine for _, mine in results)
    assert 0 < by_parent < 500  # the child took some


def check_a_long_item_does_not_leave_the_other_process_idle():
    """The long item lasts until the other process has done 150 items (at most 20 s).

    Waiting for the other process, not for a fixed time, keeps a slow start of the child on
    a busy machine from deciding the result: with a fixed split (every second item) the
    other process gets only 99, so the long item times out and its process takes 99 more.
    """
    parent = os.getpid()
    with tempfile.TemporaryDirectory() as folder:
        done = Path(folder) / "done"
        done.touch()

        def work(n):
            me = str(os.getpid())
            if n == 0:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    if sum(line != me for line in done.read_text().split()) >= 150:
                        break
                    time.sleep(0.01)
            else:
                with done.open("a") as log:
                    log.write(me + "\n")
            return os.getpid() == parent

        mine = map_split(work, range(200))
    # whoever took the long item 0 took few of the others: the queue balanced the load
    took_long = mine[0]
    others = [m == took_long for m in mine[1:]]
    assert sum(others) < 30  # a fixed split (every second item) would give it 99


def check_what_the_child_learned_comes_back_and_a_failed_child_is_redone_here():
    parent = os.getpid()
    learned: list = []

    def work(n):
        time.sleep(0.001)
        if os.getpid() != parent:
            raise RuntimeError("the child fails on whatever it takes")
        return n

    assert map_split(work, range(300), gather=lambda: "x", merge=learned.append) == list(range(300))
    assert learned == []  # a failed child sends nothing

    def slow(n):
        time.sleep(0.001)
        return n

    assert map_split(slow, range(300), gather=lambda: "x", merge=learned.append) == list(range(300))
    assert learned == ["x"]


def check_a_pipe_too_small_for_the_queue_means_one_process():
    real_write = forkmap.os.write
    forkmap.os.write = lambda fd, data: len(data) // 2
    parent = os.getpid()
    assert map_split(lambda n: os.getpid() == parent, range(100)) == [True] * 100
    forkmap.os.write = real_write
