# SPDX-License-Identifier: GPL-2.0-or-later
"""The command reference (docs/commands.rst) lists exactly the commands of erpolicyd.

Every command string defined in erpolicyd/erpolicy_vty.c (the first string argument of
DEFPY, DEFPY_YANG, DEFPY_YANG_NOSH, DEFPY_NOSH, DEFUN, DEFUN_NOSH, DEFUN_YANG, ALIAS, ...;
hidden and deprecated ones excepted) and every `.. clicmd::` directive of docs/commands.rst
are expanded into the concrete forms they accept: "[no] <a|b> X" gives "a X", "b X",
"no a X" and "no b X". The test fails, naming each form, if the two sets differ in
either direction. Argument names ("$vrf") are ignored; value tokens (NAME, PREFIX,
(1-4294967295)) must match.

Run: /usr/bin/python3 -m pytest tests/unit/test_docs_commands.py
"""
import itertools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VTY_C = ROOT / "erpolicyd" / "erpolicy_vty.c"
COMMANDS_RST = ROOT / "docs" / "commands.rst"

# Command-defining macros of FRR's lib/command.h: DEFPY, DEFUN, ALIAS and their _YANG,
# _NOSH, _YANG_NOSH, ... variants. Hidden and deprecated commands are not documented.
CMD_MACRO = re.compile(r"^(DEFPY|DEFUN|ALIAS)(_[A-Z0-9_]+)?$")
UNDOCUMENTED_MACRO = re.compile(r"HIDDEN|DEPRECATED")

MAX_FORMS = 100000


# --------------------------------------------------------------------------------------
# C source: a small lexer (comments out, string literals joined, preprocessor lines kept
# apart), enough to read command definitions however clang-format lays them out.


class CToken:
    def __init__(self, kind, value, line):
        self.kind = kind  # "str", "ident", "punct", "other"
        self.value = value
        self.line = line

    def __repr__(self):
        return "CToken(%s, %r, %d)" % (self.kind, self.value, self.line)


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0", "r": "\r"}


def _unescape(body):
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def c_lex(text):
    """Return (tokens, defines): code tokens, and {NAME: [tokens]} of object-like #defines."""
    tokens = []
    defines = {}
    i, line, n = 0, 1, len(text)
    at_line_start = True
    directive = None  # tokens of the preprocessor line being read, or None

    def emit(tok):
        if directive is not None:
            directive.append(tok)
        else:
            tokens.append(tok)

    def end_directive():
        nonlocal directive
        d = directive
        directive = None
        if len(d) >= 2 and d[0].value == "define" and d[1].kind == "ident":
            # Object-like macros only: "#define NAME(" with no space is function-like.
            defines.setdefault(d[1].value, d[2:])

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            if directive is not None:
                end_directive()
            at_line_start = True
            continue
        if c == "\\" and text.startswith("\n", i + 1):  # line continuation
            line += 1
            i += 2
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#" and at_line_start and directive is None:
            directive = []
            i += 1
            continue
        at_line_start = False
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            body = text[i + 1 : j]
            line_here = line
            line += body.count("\n")
            i = j + 1
            if c == '"':
                emit(CToken("str", _unescape(body), line_here))
            else:
                emit(CToken("other", c + body + c, line_here))
            continue
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(text, i)
        if m:
            emit(CToken("ident", m.group(0), line))
            # "#define NAME(" is a function-like macro: mark it so it is not used.
            if (
                directive is not None
                and len(directive) == 2
                and directive[0].value == "define"
                and text.startswith("(", m.end())
            ):
                directive[0] = CToken("ident", "define-function", line)
            i = m.end()
            continue
        m = re.compile(r"[0-9][0-9A-Za-z_.]*").match(text, i)
        if m:
            emit(CToken("other", m.group(0), line))
            i = m.end()
            continue
        emit(CToken("punct", c, line))
        i += 1
    if directive is not None:
        end_directive()
    return tokens, defines


def _resolve_string(toks, defines, depth=0):
    """The string an argument denotes if it is only string literals and string macros."""
    if not toks or depth > 20:
        return None
    parts = []
    for t in toks:
        if t.kind == "str":
            parts.append(t.value)
        elif t.kind == "ident" and t.value in defines:
            s = _resolve_string(defines[t.value], defines, depth + 1)
            if s is None:
                return None
            parts.append(s)
        else:
            return None
    return "".join(parts)


def _split_args(tokens, start):
    """Arguments of the call whose "(" is tokens[start]: (list of token lists, end index)."""
    depth = 0
    args, cur = [], []
    for k in range(start, len(tokens)):
        t = tokens[k]
        if t.kind == "punct" and t.value in "([{":
            depth += 1
            if depth == 1:
                continue
        elif t.kind == "punct" and t.value in ")]}":
            depth -= 1
            if depth == 0:
                args.append(cur)
                return args, k
        elif t.kind == "punct" and t.value == "," and depth == 1:
            args.append(cur)
            cur = []
            continue
        cur.append(t)
    raise ValueError("unbalanced parentheses after line %d" % tokens[start].line)


def extract_c_commands(text):
    """[(macro, name, command string, line)] for every command defined in C source text."""
    tokens, defines = c_lex(text)
    found = []
    for k, t in enumerate(tokens):
        if t.kind != "ident" or not CMD_MACRO.match(t.value):
            continue
        if k + 1 >= len(tokens) or tokens[k + 1].value != "(":
            continue
        if UNDOCUMENTED_MACRO.search(t.value):
            continue
        args, _ = _split_args(tokens, k + 1)
        cmd = None
        for a in args:
            cmd = _resolve_string(a, defines)
            if cmd is not None:
                break
        if cmd is None:
            raise AssertionError(
                "line %d: %s(...) has no string argument that can be read as its command"
                % (t.line, t.value)
            )
        names = [a[0].value for a in args[:2] if len(a) == 1 and a[0].kind == "ident"]
        found.append((t.value, names[-1] if names else "?", cmd, t.line))
    return found


# --------------------------------------------------------------------------------------
# Command strings: FRR's syntax, expanded into the set of concrete forms.

_RANGE = re.compile(r"\(\s*-?[0-9]+\s*-\s*-?[0-9]+\s*\)")
_VARNAME = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*")


def cmd_tokens(cmd):
    cmd = _VARNAME.sub("", cmd)
    out = []
    i = 0
    while i < len(cmd):
        c = cmd[i]
        if c.isspace():
            i += 1
            continue
        m = _RANGE.match(cmd, i)
        if m:
            out.append(re.sub(r"\s+", "", m.group(0)))
            i = m.end()
            continue
        if c in "<>[]{}()|":
            out.append(c)
            i += 1
            continue
        if cmd.startswith("![", i):  # FRR's "![X]": X optional in the "no" form only
            out.append("!")
            i += 1
            continue
        j = i
        while j < len(cmd) and not cmd[j].isspace() and cmd[j] not in "<>[]{}()|":
            j += 1
        out.append(cmd[i:j])
        i = j
    return out


_CLOSE = {"<": ">", "[": "]", "{": "}", "(": ")"}


def _parse_seq(toks, pos, stops):
    seq = []
    while pos < len(toks) and toks[pos] not in stops:
        t = toks[pos]
        if t == "!" and pos + 1 < len(toks) and toks[pos + 1] == "[":
            alts, pos = _parse_alts(toks, pos + 2, "]")
            seq.append(("![", alts))
        elif t in _CLOSE:
            alts, pos = _parse_alts(toks, pos + 1, _CLOSE[t])
            seq.append((t, alts))
        elif t in ">]})|":
            raise ValueError("unexpected %r" % t)
        else:
            seq.append(("w", t))
            pos += 1
    return seq, pos


def _parse_alts(toks, pos, close):
    alts = []
    while True:
        seq, pos = _parse_seq(toks, pos, {"|", close})
        alts.append(seq)
        if pos >= len(toks):
            raise ValueError("missing %r" % close)
        if toks[pos] == close:
            return alts, pos + 1
        pos += 1  # "|"


# Marks a form that left out a "![X]" part: valid only as a "no" form.
_NO_ONLY = "\0no-only"


def _guard(forms):
    if len(forms) > MAX_FORMS:
        raise ValueError("more than %d forms" % MAX_FORMS)
    return forms


def _expand_seq(seq):
    forms = {()}
    for node in seq:
        nf = _expand_node(node)
        forms = _guard({a + b for a in forms for b in nf})
    return forms


def _expand_node(node):
    kind, val = node
    if kind == "w":
        return {(val,)}
    alts = [_expand_seq(a) for a in val]
    if kind in "<(":
        return set().union(*alts)
    if kind == "[":
        return {()} | set().union(*alts)
    if kind == "![":
        return {(_NO_ONLY,)} | set().union(*alts)
    # "{a|b}": one or more of the alternatives, each at most once, in any order; the
    # order is canonicalised so that "{a|b}" and "{b|a}" give the same forms.
    forms = set()
    for r in range(1, len(alts) + 1):
        for combo in itertools.combinations(alts, r):
            for choice in itertools.product(*combo):
                forms.add(tuple(itertools.chain.from_iterable(sorted(choice))))
    return _guard(forms)


def expand(cmd):
    """The set of concrete forms of a command string, each a string of space-separated tokens."""
    toks = cmd_tokens(cmd)
    seq, pos = _parse_seq(toks, 0, set())
    if pos != len(toks):
        raise ValueError("cannot parse %r" % cmd)
    forms = set()
    for f in _expand_seq(seq):
        if _NO_ONLY in f:
            if not f or f[0] != "no":
                continue
            f = tuple(t for t in f if t != _NO_ONLY)
        if f:
            forms.add(" ".join(f))
    return forms


# --------------------------------------------------------------------------------------
# Documentation: the `.. clicmd::` directives.

_CLICMD = re.compile(r"^\s*\.\.\s+clicmd::\s*(.*?)\s*$")


def extract_doc_commands(text):
    """[(command string, line)] of the clicmd directives of a reStructuredText file."""
    found = []
    lines = text.splitlines()
    for no, line in enumerate(lines, 1):
        m = _CLICMD.match(line)
        if not m:
            continue
        cmd = m.group(1)
        k = no
        while cmd.endswith("\\") and k < len(lines):  # continued signature
            cmd = cmd[:-1] + " " + lines[k].strip()
            k += 1
        if not cmd:
            raise AssertionError("%s:%d: clicmd without a command" % (COMMANDS_RST.name, no))
        found.append((cmd, no))
    return found


# --------------------------------------------------------------------------------------
# The test.


def _forms(entries):
    """{form: [origin, ...]} from [(command string, origin)]."""
    out = {}
    for cmd, origin in entries:
        try:
            forms = expand(cmd)
        except ValueError as e:
            raise AssertionError("%s: cannot expand %r: %s" % (origin, cmd, e))
        for f in forms:
            out.setdefault(f, []).append(origin)
    return out


def test_docs_list_exactly_the_commands_of_erpolicy_vty_c():
    code = extract_c_commands(VTY_C.read_text(encoding="utf-8"))
    docs = extract_doc_commands(COMMANDS_RST.read_text(encoding="utf-8"))
    # A parser that finds nothing would make the comparison vacuous.
    assert len(code) >= 5, "found only %d commands in %s" % (len(code), VTY_C)
    assert len(docs) >= 5, "found only %d clicmd directives in %s" % (len(docs), COMMANDS_RST)

    code_forms = _forms(
        (cmd, '%s:%d %s(%s) "%s"' % (VTY_C.name, line, macro, name, cmd))
        for macro, name, cmd, line in code
    )
    doc_forms = _forms(
        (cmd, '%s:%d ".. clicmd:: %s"' % (COMMANDS_RST.name, line, cmd)) for cmd, line in docs
    )

    problems = []
    undocumented = {}
    for form in sorted(set(code_forms) - set(doc_forms)):
        for origin in code_forms[form]:
            undocumented.setdefault(origin, []).append(form)
    for origin, forms in undocumented.items():
        problems.append(
            "not documented in docs/commands.rst (from %s):\n      %s"
            % (origin, "\n      ".join(forms))
        )
    unknown = {}
    for form in sorted(set(doc_forms) - set(code_forms)):
        for origin in doc_forms[form]:
            unknown.setdefault(origin, []).append(form)
    for origin, forms in unknown.items():
        problems.append(
            "documented but not a command of erpolicyd/erpolicy_vty.c (%s):\n      %s"
            % (origin, "\n      ".join(forms))
        )
    assert not problems, "docs/commands.rst and erpolicy_vty.c differ:\n  " + "\n  ".join(
        problems
    )


# The parser itself, on the layouts clang-format and FRR's style produce.


def test_c_parser_reads_split_strings_macros_and_skips_comments():
    src = r'''
#define ER_STR "expressroute-policy"
#define VRF_STR "Specify the VRF\n" \
	"VRF name\n"
/* DEFPY(fake, fake_cmd, "in a comment", "x\n") */
// DEFUN(fake2, fake2_cmd, "in a line comment", "x\n")
DEFPY_YANG(erpolicy_prefix_item, erpolicy_prefix_item_cmd,
	   "[no] <azure-prefix$item|gateway-subnet$item>"
	   " PREFIX$prefix",
	   NO_STR "a\n" "b\n" "c\n")
{
	vty_out(vty, "DEFPY(x, y, \"not a command\", \"\")\n");
}
DEFUN_NOSH (show_debugging_x,
	    show_debugging_x_cmd,
	    "show debugging [" ER_STR "]",
	    SHOW_STR DEBUG_STR)
{
}
DEFPY_HIDDEN(hidden, hidden_cmd, "secret", "x\n")
{
}
DEFUNSH(VTYSH_ERPOLICYD, router_x, router_x_cmd, "router x [vrf NAME]", "x\n")
'''
    got = [(m, n, c) for m, n, c, _ in extract_c_commands(src)]
    assert got == [
        ("DEFPY_YANG", "erpolicy_prefix_item_cmd", "[no] <azure-prefix$item|gateway-subnet$item> PREFIX$prefix"),
        ("DEFUN_NOSH", "show_debugging_x_cmd", "show debugging [expressroute-policy]"),
    ]


@pytest.mark.parametrize(
    "cmd, forms",
    [
        ("[no] <a$x|b$x> PREFIX$p", {"a PREFIX", "b PREFIX", "no a PREFIX", "no b PREFIX"}),
        ("show x [vrf NAME$vrf] [json$json]", {"show x", "show x vrf NAME", "show x json",
                                               "show x vrf NAME json"}),
        ("no lp <vpn|er> [(1-4294967295)]", {"no lp vpn", "no lp er",
                                             "no lp vpn (1-4294967295)",
                                             "no lp er (1-4294967295)"}),
        ("debug x [{apply$a|verify$v}]", {"debug x", "debug x apply", "debug x verify",
                                          "debug x apply verify"}),
        ("debug x [{verify|apply}]", {"debug x", "debug x apply", "debug x verify",
                                      "debug x apply verify"}),
        ("mode (prefer-vpn|require-encryption)", {"mode prefer-vpn", "mode require-encryption"}),
        ("[no] p interval ![(1-9)$v]", {"p interval (1-9)", "no p interval", "no p interval (1-9)"}),
        ("[no] p n WORD$n ![t WORD$t]", {"p n WORD t WORD", "no p n WORD", "no p n WORD t WORD"}),
    ],
)
def test_expand(cmd, forms):
    assert expand(cmd) == forms
