# SPDX-License-Identifier: GPL-2.0-or-later
# Sphinx configuration of erpolicyd's user guide (make -C docs html).
# Builds with Debian's python3-sphinx and nothing else: no PyPI extensions, no network.
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))


def _version():
    # One place for the version: configure.ac's AC_INIT.
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "configure.ac")
    try:
        with open(path, encoding="utf-8") as f:
            m = re.search(r"AC_INIT\(\[[^]]*\],\s*\[([^]]*)\]", f.read())
        return m.group(1) if m else "unknown"
    except OSError:
        return "unknown"


project = "erpolicyd"
author = "erpolicyd developers"
copyright = "erpolicyd developers"
version = release = _version()

extensions = ["clicmd"]

root_doc = master_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
# FRR configuration snippets are shown as they are, without a lexer.
highlight_language = "none"
# Warnings fail the build (the Makefile passes -W); check cross-references too.
nitpicky = True

html_theme = "alabaster"
html_title = "erpolicyd %s" % release
html_show_sourcelink = False
html_theme_options = {
    "description": "ExpressRoute and site-to-site VPN coexistence policy for FRRouting",
    "fixed_sidebar": False,
}

# The man page (erpolicyd.8) is written in troff by hand, like FRR's installed pages;
# Sphinx's man builder is not used.
man_pages = []
