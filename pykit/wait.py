# SPDX-License-Identifier: GPL-2.0-or-later
"""
Waiting for a condition, with a deadline: the one polling loop of the topotests, the lab,
the demo and the benchmarks.

A check is called, then called again every `interval` seconds until its answer says done or
`timeout` seconds have passed since the first call; the answer of the last call is kept for
the error. poll() is the topotests' form (the check returns None when what it checks holds,
else what it sees instead); until() the general one (any answer, any test of it).
"""

import time


class WaitTimeout(AssertionError):
    """The deadline passed; `last` is the check's last answer. An AssertionError, so that a
    test shows its message."""

    def __init__(self, message, last=None):
        super().__init__(message)
        self.last = last


def until(check, what, timeout, interval=0.05, done=lambda answer: answer is None, errors=()):
    """Call check() until done(its answer), for at most timeout seconds, interval seconds
    apart. Returns (the answer, time.monotonic() right after the call that gave it).
    An exception of a type in errors counts as an answer not done (its text is the answer).
    At the deadline raises WaitTimeout: "WHAT (after T s): LAST ANSWER"."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            answer = check()
        except errors as e:  # pylint: disable=catching-non-exception
            answer = "{}: {}".format(type(e).__name__, e)
            ok = False
        else:
            ok = done(answer)
        now = time.monotonic()
        if ok:
            return answer, now
        if now > deadline:
            raise WaitTimeout("{} (after {:.1f} s): {}".format(what, timeout, answer), answer)
        time.sleep(interval)


def poll(check, what, timeout=15.0, interval=0.05):
    """Call check() until it returns None; fail with its last answer after timeout seconds.
    Returns the seconds it took (fine-grained: the failover times are measured with it)."""
    start = time.monotonic()
    _, now = until(check, what, timeout, interval)
    return now - start
