r"""The text of the LaTeX in a ``.bib`` field, with pylatexenc (for the BibTeX reader).

pylatexenc turns accents, dashes, quotes and most text commands into Unicode;
on top of it a field's text is made one line (``\\``, ``\newline``, ``\par``, a
blank line, tabs and runs of spaces are one space; ``~`` is a no-break space),
control characters are dropped, ``\url{...}`` and a bare ``%`` are kept as
written, and the biblatex commands of real files (``\mkbibquote``,
``\hyphen``...) are known. A command pylatexenc would silently drop (an
unknown one, or ``\input``) is reported instead, and so are braces nested
deeper than pylatexenc can follow. The result is plain text, never markup:
``<b>`` stays the text ``<b>``, which the renderers escape.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from typing import Any

from pylatexenc import latex2text, latexwalker  # type: ignore[import-untyped]
from pylatexenc.macrospec import std_macro  # type: ignore[import-untyped]

from ..languages import language

Issues = list[tuple[str, str]]
"""What is wrong with a value, and what to do: (message, hint)."""

_QUOTES = {"ru": ("«", "»"), "uk": ("«", "»"), "be": ("«", "»"), "de": ("„", "“"), "fr": ("«", "»")}
"""The quotation marks of ``\\mkbibquote`` and ``\\enquote`` by language; other languages have “...”."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters: C0 but tab and line feed, DEL, and C1. No field keeps one."""
_DELIMITERS = re.compile(r"[{}]")
_LATEX = re.compile(r"[\\{}$~]|--|``|''|[!?]`")
"""What pylatexenc would change in a text; a value without it is read as it is."""
_SPACE = re.compile(r"[ \t\n\r\f\v\u2028\u2029]+")
_URL = re.compile(r"\\url\s*\{([^{}]*)\}")
_HREF = re.compile(r"\\href\s*\{[^{}]*\}")
_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")
_MAX_DEPTH = 30
"""Braces nested deeper than this are reported (pylatexenc recurses on each)."""
_LATEX_HINT = (
    "write the text itself (UTF-8); the edition knows accents, dashes, quotes, ~, \\\\, \\emph, \\textit, "
    "\\textbf, \\textsc, \\url, \\mkbibquote and the like"
)

_BREAKS = ("\\", "newline", "linebreak", "par", "vspace", "break", "newpage", "smallskip", "medskip", "bigskip")
"""Commands that end a line or a paragraph: in a field, a space."""
_KEPT = (
    "texttt", "textnormal", "textup", "textmd", "textsf", "mbox", "hbox", "textsuperscript", "textsubscript",
    "mkbibemph", "mkbibitalic", "mkbibbold", "mkbibacro", "mkbibsuperscript", "mkbibsubscript", "NoCaseChange", "autocap",
    "textcyrillic", "textrussian", "textenglish", "textgerman", "textfrench", "textlatin", "textgreek",
)
"""Commands whose text is their argument's."""
_DROPPED = (
    "vphantom", "hphantom", "phantom", "protect", "relax", "nopunct", "unskip", "noindent", "allowbreak",
    "em", "it", "bf", "sc", "sl", "rm", "sf", "tt", "itshape", "bfseries", "scshape", "upshape", "slshape",
    "mdseries", "rmfamily", "sffamily", "ttfamily", "normalfont", "small", "footnotesize", "large",
    "/", "null", "isdot", "nocorr", "cyr", "cyrillic", "cyrchar", "left", "right",
)
"""Commands without text (the font declarations among them: ``{\\em ...}``; ``{\\cyr ...}``, whose
text is Cyrillic or its transliteration; ``\\/`` and biblatex's ``\\isdot``)."""
_DROPPED_WITH_ARGUMENT = ("noopsort", "nocite", "index")
"""Commands whose argument is not text to print: BibTeX's ``{\\noopsort{1}}`` sorts."""
_CHARACTERS = {
    "textquotedbl": '"', "textquotesingle": "'", "textless": "<", "textgreater": ">", "textbraceleft": "{",
    "textbraceright": "}", "textbar": "|", "textunderscore": "_", "textasciicircum": "^", "copyright": "©",
    "P": "¶", "S": "§", "TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "hyphen": "-", "slash": "/",
    "glqq": "„", "grqq": "“", "glq": "‚", "grq": "‘", "flqq": "«", "frqq": "»", "flq": "‹", "frq": "›",
    "space": " ", "addspace": " ", "addabbrvspace": " ", "addnbspace": "\u00a0", "addthinspace": "\u202f",
    "adddot": ".", "addperiod": ".", "addcomma": ",", "addsemicolon": ";", "addcolon": ":", "textdoublebarpipe": "ǂ",
}
"""Commands for one character or word that pylatexenc does not know (biblatex's punctuation among them)."""
_COMBINING = {"t": "\u0361", "textcommabelow": "\u0326", "ocirc": "\u030a", "textacutemacron": "\u0304\u0301"}
"""Accents pylatexenc does not know, by the combining character they add: ``\\t{ts}`` is t͡s."""
_BIBSTRINGS = {"nodate": "n.d.", "andothers": "et al.", "and": "and", "editor": "ed.", "translator": "trans.", "volume": "vol.", "page": "p."}
"""biblatex's ``\\bibstring{nodate}``: the words of a few localisation keys (others are printed as their key)."""
_NO_TEXT = frozenset({"input", "include", "cite", "ref", "eqref", "label", "footnote"})
"""Commands pylatexenc knows that have no text in a bibliography field."""


def latex_text(value: str, quotes: tuple[str, str] = ("“", "”"), issues: Issues | None = None) -> str:
    """The text of a field's LaTeX, on one line: ``\\\\``, ``\\par``, blank lines and runs of
    spaces are one space, ``~`` a no-break space, control characters are dropped, and
    ``\\url{...}`` and a bare ``%`` are kept as written. What cannot be turned into text
    (an unknown command, braces nested too deep) goes to ``issues``."""
    issues = [] if issues is None else issues
    if not _LATEX.search(value):
        return one_line(value)
    text, found = _converted(value, quotes)
    issues.extend(found)
    return text


@functools.lru_cache(maxsize=8192)
def _converted(value: str, quotes: tuple[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """:func:`latex_text` of a value with LaTeX in it, and its issues: once for each value (a
    bibliography repeats its publishers, places, journals and names)."""
    issues: Issues = []
    text = _latex_text(value, quotes, issues)
    return text, tuple(issues)


def _latex_text(value: str, quotes: tuple[str, str], issues: Issues) -> str:
    depth = _depth(value)
    if depth > _MAX_DEPTH:
        issues.append((f"braces nested {depth} deep", f"the edition reads up to {_MAX_DEPTH} levels; remove the braces that do nothing"))
        return one_line(value.replace("{", "").replace("}", ""))
    urls: list[str] = []

    def keep(match: re.Match[str]) -> str:
        urls.append(match.group(1))
        return f"\\editionurl{{{len(urls) - 1}}}"

    latex = _PERCENT.sub(r"\1\\%", _URL.sub(keep, _HREF.sub("", value)))
    converter = _PlainText(quotes, urls)
    try:
        nodes = latexwalker.LatexWalker(latex, latex_context=_WALKER_CONTEXT, tolerant_parsing=True).get_latex_nodes()[0]
        text = str(converter.nodelist_to_text(nodes))
    except Exception as error:  # noqa: BLE001 - pylatexenc fails in its own ways on some broken LaTeX (\href without its arguments)
        issues.append((f"its LaTeX cannot be read ({type(error).__name__})", _LATEX_HINT))
        return one_line(value)
    if converter.unknown:
        commands = ", ".join(sorted(converter.unknown))
        plural = "s" if len(converter.unknown) > 1 else ""
        issues.append((f"LaTeX command{plural} {commands} cannot be turned into text", _LATEX_HINT))
    return one_line(text)


def one_line(text: str) -> str:
    """``text`` on one line: runs of white space (a no-break space aside) one space; no control characters."""
    return _CONTROL.sub("", _SPACE.sub(" ", text)).strip(" ")


def quotation_marks(langid: str) -> tuple[str, str]:
    """The quotation marks of a language, by its BibLaTeX langid (``russian``, ``ngerman``, ``de-DE``)."""
    return _QUOTES.get(language(langid), ("“", "”"))


def _quoted(n: Any, l2tobj: _PlainText) -> str:  # pylatexenc passes the arguments by these names
    text = l2tobj.nodelist_to_text([n.nodeargd.argnlist[-1]])
    return f"{l2tobj.quotes[0]}{text}{l2tobj.quotes[1]}"


def _last_argument(n: Any, l2tobj: _PlainText) -> str:
    """The text of a command's last argument: ``\\foreignlanguage{russian}{...}``, ``\\discretionary{-}{}{}``."""
    return str(l2tobj.nodelist_to_text([n.nodeargd.argnlist[-1]]))


def _combining(n: Any, l2tobj: _PlainText) -> str:
    """An accent on its argument's first letter: ``\\t{ts}`` is t͡s."""
    text = str(l2tobj.nodelist_to_text([n.nodeargd.argnlist[-1]]))
    return unicodedata.normalize("NFC", f"{text[:1]}{_COMBINING[n.macroname]}") + text[1:] if text else ""


def _bibstring(n: Any, l2tobj: _PlainText) -> str:
    key = str(l2tobj.nodelist_to_text([n.nodeargd.argnlist[-1]])).strip()
    return _BIBSTRINGS.get(key, key)


def _url(n: Any, l2tobj: _PlainText) -> str:
    """A ``\\url{...}`` as written (taken out of the LaTeX before it is read)."""
    return l2tobj.urls[int(l2tobj.nodelist_to_text([n.nodeargd.argnlist[0]]))]


def _contexts() -> tuple[Any, Any]:
    """pylatexenc's LaTeX (which commands take which arguments) and text (what they become),
    with what a bibliography field needs on top."""
    walker = latexwalker.get_default_latex_context_db()
    with_argument = (
        *_KEPT, *_DROPPED_WITH_ARGUMENT, *_COMBINING, "vphantom", "hphantom", "phantom", "mkbibquote", "mkbibparens",
        "mkbibbrackets", "editionurl", "bibstring",
    )
    walker.add_context_category(
        "edition",
        prepend=True,
        macros=[
            std_macro("enquote", "*{"),
            std_macro("foreignlanguage", "[{{"),
            std_macro("discretionary", "{{{"),
            *(std_macro(name, False, 1) for name in with_argument),
        ],
    )
    spec = latex2text.MacroTextSpec
    text = latex2text.get_default_latex_context_db()
    text.add_context_category(
        "edition",
        prepend=True,
        macros=[
            *(spec(name, " ") for name in _BREAKS),
            *(spec(name, discard=False) for name in _KEPT),
            *(spec(name, "") for name in _DROPPED),
            *(spec(name, character) for name, character in _CHARACTERS.items()),
            *(spec(name, "") for name in _DROPPED_WITH_ARGUMENT),
            *(spec(name, simplify_repl=_combining) for name in _COMBINING),
            spec("bibstring", simplify_repl=_bibstring),
            spec("foreignlanguage", simplify_repl=_last_argument),
            spec("discretionary", simplify_repl=_last_argument),
            spec("mkbibquote", simplify_repl=_quoted),
            spec("enquote", simplify_repl=_quoted),
            spec("mkbibparens", "(%s)"),
            spec("mkbibbrackets", "[%s]"),
            spec("editionurl", simplify_repl=_url),
            spec("url", "%s"),  # one with braces inside, not taken out before
        ],
        specials=[latex2text.SpecialsTextSpec("&", "&")],
    )
    return walker, text


_WALKER_CONTEXT, _TEXT_CONTEXT = _contexts()

# pylatexenc logs each brace it forgives; what matters is reported as a problem instead
logging.getLogger("pylatexenc").setLevel(logging.ERROR)


class _PlainText(latex2text.LatexNodes2Text):  # type: ignore[misc]
    """pylatexenc's LaTeX to text, noting the commands and environments it has no text for."""

    def __init__(self, quotes: tuple[str, str], urls: list[str]) -> None:
        super().__init__(latex_context=_TEXT_CONTEXT, math_mode="text")
        self.quotes = quotes
        self.urls = urls
        self.unknown: set[str] = set()

    def macro_node_to_text(self, node: Any) -> str:
        if node.macroname in _NO_TEXT or self.latex_context.get_macro_spec(node.macroname) is None:
            self.unknown.add("\\" + node.macroname)
        return str(super().macro_node_to_text(node))

    def environment_node_to_text(self, node: Any) -> str:
        if self.latex_context.get_environment_spec(node.environmentname) is None:
            self.unknown.add(f"\\begin{{{node.environmentname}}}")
        return str(super().environment_node_to_text(node))


def _depth(value: str) -> int:
    depth = deepest = 0
    for match in _DELIMITERS.finditer(value):
        depth += 1 if match.group() == "{" else -1
        deepest = max(deepest, depth)
    return deepest
