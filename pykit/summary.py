# SPDX-License-Identifier: GPL-2.0-or-later
"""
A section of lines at the end of a pytest run: the summary of the suites that keep one (the
adoption drill, tests/adoption; the containerised lab, tests/containers). Their tests append
lines to a list on pytest's config; their conftest's pytest_terminal_summary writes it.
"""


def write_section(terminalreporter, title, lines):
    "Write LINES under a section TITLE of pytest's terminal summary; nothing without lines."
    if lines:
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)
