"""The child-process runner turns a native crash into one failed test naming the signal."""

from __future__ import annotations

import pytest
from isolated import run_isolated


def test_output_of_a_clean_child() -> None:
    assert run_isolated("import sys; print(sys.argv[1])", "hello") == "hello\n"


def test_a_segfault_fails_the_test_and_names_the_signal() -> None:
    with pytest.raises(pytest.fail.Exception, match="killed by SIGSEGV"):
        run_isolated("import ctypes; ctypes.string_at(0)")


def test_an_error_exit_shows_stderr() -> None:
    with pytest.raises(pytest.fail.Exception, match="exited 3: boom"):
        run_isolated("import sys; sys.stderr.write('boom'); sys.exit(3)")
