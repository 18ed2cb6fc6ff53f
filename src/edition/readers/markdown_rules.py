"""Pandoc's syntax that CommonMark lacks, as rules of markdown-it-py's parser.

Citations ``[prefix @key, locator suffix; @key2]`` and narrative ``@key says``
become ``citation`` tokens; attributes at the end of a heading
(``## Title {#id .class}``) go to the heading.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs


def pandoc_rules_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("text", "narrative_citation", _narrative_rule)
    md.core.ruler.before("inline", "heading_attrs", _heading_attrs_rule)


_KEY = r"@[\w][\w:.#$%&+?<>~/-]*"


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """``[prefix @key, locator suffix; @key2]`` -> a ``citation`` token."""
    start = state.pos
    if state.src[start] != "[" or state.src.startswith("[^", start):
        return False
    end = state.md.helpers.parseLinkLabel(state, start, False)
    if end < 0:
        return False
    after = state.src[end + 1 : end + 2]
    if after in ("(", "{", "["):  # a link or a span, not a citation
        return False
    content = state.src[start + 1 : end]
    items = content.split(";")
    if not all(re.search(rf"(?:^|[\s\-(]){_KEY}", item) for item in items):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = content
    state.pos = end + 1
    return True


_NARRATIVE = re.compile(rf"({_KEY}[\w]?)(?:\s?\[([^\[\]]*)\])?")


def _narrative_rule(state: StateInline, silent: bool) -> bool:
    """``@key says`` or ``@key [p. 30] says`` (pandoc's author-in-text citation) -> a
    ``citation`` token marked narrative; not a word's ``@`` (an e-mail address)."""
    start = state.pos
    if state.src[start] != "@" or (start > 0 and re.match(r"[\w.+-]", state.src[start - 1])):
        return False
    match = _NARRATIVE.match(state.src, start)
    if match is None:
        return False
    key = match.group(1).rstrip(".:,;!?/")
    if not re.search(r"\w$", key):
        return False
    end = start + len(key)
    locator = match.group(2) if match.group(0)[len(key) :].lstrip().startswith("[") and match.end() > end else None
    if not silent:
        token = state.push("citation", "", 0)
        token.content = key + (f", {locator}" if locator else "")
        token.meta = {"narrative": True}
    state.pos = match.end() if locator is not None else end
    return True


_TRAILING_ATTRS = re.compile(r"\s*(\{[^{}]*\})\s*$")


def _heading_attrs_rule(state: StateCore) -> None:
    """``## Heading {#id .class}``: move the trailing attributes to the heading."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            move_trailing_attrs(tokens[index + 1], token)


def move_trailing_attrs(inline: Token, to: Token) -> None:
    """Attributes at the end of an inline's text (``… {#id .class}``), moved to the block token ``to``."""
    match = _TRAILING_ATTRS.search(inline.content)
    if not match:
        return
    try:
        _, attrs = parse_attrs(match.group(1))
    except ParseError:
        return
    inline.content = inline.content[: match.start()]
    if "id" in attrs:
        to.attrSet("id", attrs["id"])
    if "class" in attrs:
        to.attrSet("class", f"{to.attrGet('class') or ''} {attrs['class']}".strip())
