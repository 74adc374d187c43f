# SPDX-License-Identifier: GPL-2.0-or-later
"""The ``clicmd`` directive and role of FRR's user guide, for erpolicyd's documentation.

FRR defines them in its own doc/user/conf.py (a Sphinx "object type" whose
signature is the command string); this is the same object type, cut down to
what this guide uses, so that the guide builds with Debian's python3-sphinx
alone:

    .. clicmd:: show expressroute-policy [vrf NAME] [json]

       What the command does.

    See :clicmd:`show expressroute-policy [vrf NAME] [json]`.

Every directive adds an index entry "<command>; configuration command", as
FRR's does. tests/unit/test_docs_commands.py reads the directives of
commands.rst and compares them with the commands in erpolicyd/erpolicy_vty.c.
"""


def setup(app):
    app.add_object_type(
        "clicmd",
        "clicmd",
        indextemplate="pair: %s; configuration command",
        objname="CLI command",
    )
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
