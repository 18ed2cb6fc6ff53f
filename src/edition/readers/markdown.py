"""The Markdown reader: one language file of an article -> :class:`LangText`.

Parsing is markdown-it-py with mdit-py-plugins (footnotes, block and span
attributes) and two small plugins of our own registered through the parser's
rule API: Pandoc citations ``[@key, с. 5]`` and heading attributes
``## Title {#id}``. Raw HTML is not enabled, so it stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import Problem
from ..model import (
    Block,
    Cite,
    CiteItem,
    Code,
    Editorial,
    Emph,
    Image,
    Inline,
    Inlines,
    Lang,
    LangText,
    LineBreak,
    Link,
    ListLevel,
    ListPlace,
    Location,
    Note,
    NoteRef,
    SplitPoint,
    Strong,
    Text,
)
from .citations import parse_citation
from .markdown_rules import pandoc_rules_plugin
from .tables import read_table, tables_plugin

UNSUPPORTED = {
    "bullet_list_open": ("a list", "write each item as a paragraph"),
    "ordered_list_open": ("a list", "write each item as a paragraph"),
    "html_block": ("raw HTML", "write it as paragraphs"),
    "table_open": ("a table", "give the table after the list or quote, as a block of its own"),
    "code_block": (
        "text indented by four spaces (code, for pandoc)",
        "remove the indent for a paragraph; for code, fence it with ``` lines; for a transcription whose lines matter, fence it as ```{.document}",
    ),
    "s_open": ("struck-through text (~~…~~)", "mark a deletion in a transcription as [text]{.editorial}, or write it out"),
}
"""Markdown that the edition does not print, what it is called and what to write instead."""
_FLATTENED = (
    (re.compile(r"(?<![\\\w$])\$(?=\S)(?:[^$\n\\]|\\.)+(?<=\S)(?<!\\)\$(?!\w)"), "a formula ($…$)", "write the formula as text (Unicode: x², α ≤ β)"),
    (re.compile(r"(?<![\\^])\^(?=\S)(?:[^\^\s\[\\]|\\.)+\^"), "a superscript (^…^)", "write the character itself (¹, ², ³, ª) or the words"),
    (re.compile(r"(?<![\\~])~(?=[^\s~])(?:[^~\s\\]|\\.)+~(?!~)"), "a subscript (~…~)", "write the character itself (₁, ₂) or the words"),
)
"""Pandoc's inline syntax that CommonMark would print as it is written."""

INLINE_NOTE = "inline note"
"""The label of an inline note ``^[…]``, before its number: a space, which no written label has."""
KNOWN_CLASSES = frozenset({"unpaired", "authors-translation", "abstract", "editorial", "split", "by-item"})
"""Classes that mean something to the edition; others are passed to HTML as is."""


def read_markdown(path: Path, lang: Lang, text: str) -> tuple[LangText, list[Problem]]:
    """Read one language file. Returns what could be read and every problem found."""
    reader = _Reader(path, lang, text.splitlines())
    if text.startswith("% "):
        reader.problem(1, "pandoc's title block (% title) is not supported", "the article's title and authors go in article.toml; delete these lines")
    tokens = _parser().parse(text, reader.env)
    reader.read(tokens)
    reader.check_notes()
    result = LangText(
        lang=lang,
        file=path,
        blocks=tuple(reader.blocks),
        notes=tuple(reader.notes.values()),
        calls=tuple(reader.calls),
    )
    return result, reader.problems


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        md = MarkdownIt("commonmark", {"html": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        # every link and image is kept, so that the resource check can report
        # a file: or http: image instead of the parser turning it into text
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        md.use(footnote_plugin, inline=True, move_to_end=False)
        md.use(tables_plugin)
        md.use(attrs_block_plugin, allowed=("id", "class"))
        md.use(attrs_plugin, spans=True, allowed=("id", "class", "fig-alt"))
        md.use(pandoc_rules_plugin)
        _PARSER = md
    return _PARSER


# --- tokens -> model ----------------------------------------------------------


@dataclass
class _Reader:
    path: Path
    lang: Lang
    source: list[str]
    """The file's lines."""
    blocks: list[Block] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    calls: list[tuple[str, Location]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)
    """The parser's environment: the inline notes' tokens."""
    _line: int = 1

    def problem(self, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(message, self.path, line, hint))

    def location(self, token: Token) -> Location:
        line = token.map[0] + 1 if token.map else self._line
        self._line = line
        return Location(self.path, line)

    def read(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.read_block(tokens, index)

    def read_block(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "footnote_reference_open":
            return self.read_note(tokens, index)
        location = self.location(token)
        attrs = _block_attrs(token)
        if kind == "paragraph_open" and (token.meta or {}).get("caption"):
            return index + 3  # a table's caption, read with its table
        if kind == "table_open":
            return self.read_table(tokens, index, location, attrs)
        if kind == "paragraph_open" and _figure_image(tokens[index + 1]) is not None:
            return self.read_figure(tokens, index, location, attrs)
        if kind == "paragraph_open":
            if re.search(r"\n:[ \t]", tokens[index + 1].content):
                self.problem(location.line, "a definition list (Term / : definition) is not supported", "write the term in **bold** at the start of its paragraph, or make a list")
            if fancy := _fancy_list(tokens[index + 1].content):
                hint = "number the items 1., 2., 3. (a list keeps its first number), or write them as paragraphs"
                self.problem(location.line + fancy[0], f"{fancy[1]} is not supported: it would print as one paragraph", hint + ("; a citation is [@key]" if "(@" in fancy[1] else ""))
            verse = _line_block(tokens[index + 1])
            content = self.inlines(tokens[index + 1], location.line)
            self.blocks.append(Block("verse" if verse else "paragraph", self.lang, (content,), location, **attrs))
            return index + 3
        if kind == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                self.problem(
                    location.line,
                    "a level-1 heading (#) in the text",
                    "the article's title comes from article.toml; use ## for sections",
                )
            content = self.inlines(tokens[index + 1], location.line)
            self.blocks.append(Block("heading", self.lang, (content,), location, level=level, **attrs))
            return index + 3
        if kind == "hr":
            self.blocks.append(Block("rule", self.lang, (), location, **attrs))
            return index + 1
        if kind == "blockquote_open":
            close = _closing(tokens, index)
            paragraphs = self.paragraphs(tokens, index + 1, close, "inside a block quote")
            self.blocks.append(Block("quote", self.lang, paragraphs, location, **attrs))
            return close + 1
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.read_list(tokens, index, location, attrs)
        if kind == "fence":
            classes = attrs["classes"] | _fence_classes(token.info)
            if "document" in classes:
                self.blocks.append(Block("verse", self.lang, (_transcription(token.content),), location, **{**attrs, "classes": classes}))
            else:
                self.blocks.append(Block("code", self.lang, ((Code(token.content.rstrip("\n")),),), location, **{**attrs, "classes": classes}))
            return index + 1
        self.unsupported(token)
        return _closing(tokens, index) + 1

    def read_table(self, tokens: list[Token], index: int, location: Location, attrs: dict[str, Any]) -> int:
        """A table (pipe or grid), its caption first if it has one."""
        close = _closing(tokens, index)
        table = read_table(tokens, index, close, self.source, self.inlines)
        for line, message, hint in table.problems:
            self.problem(line, message, hint)
        caption = tokens[index].meta.get("caption")
        paragraphs = table.cells
        if caption is not None:
            paragraphs = (self.inlines(caption, caption.map[0] + 1 if caption.map else location.line), *paragraphs)
        shape = replace(table.shape, caption=caption is not None)
        self.blocks.append(Block("table", self.lang, paragraphs, location, table=shape, **attrs))
        return close + 1

    def read_figure(self, tokens: list[Token], index: int, location: Location, attrs: dict[str, Any]) -> int:
        """An image alone in its paragraph: a figure, its caption the image's description
        (pandoc's implicit figure), its attributes the image's (``{#fig-ruhr .wide}``)."""
        image = _figure_image(tokens[index + 1])
        assert image is not None
        self._line = location.line
        caption, _ = self.convert(image.children or [], 0, None)
        figure_attrs = _block_attrs(image)
        alt = str(image.attrGet("fig-alt") or "") or "".join(c.content for c in image.children or []).strip()
        if not alt:
            self.problem(location.line, "a figure without a caption", "describe the image between the brackets: ![Map of the Ruhr, 1923](map.png); it is its caption and its text for readers who cannot see it")
        block_attrs = {"id": figure_attrs["id"] or attrs["id"], "classes": attrs["classes"] | figure_attrs["classes"]}
        src = str(image.attrGet("src") or "")
        self.blocks.append(Block("figure", self.lang, (_merge_text(caption),), location, image=Image(src, alt), **block_attrs))
        return index + 3

    def read_list(self, tokens: list[Token], index: int, location: Location, attrs: dict[str, Any]) -> int:
        """A list, nested lists and all, as one block; with ``{.by-item}``, a block per item,
        so that the items pair one by one with the other language's."""
        close = _closing(tokens, index)
        paragraphs: list[Inlines] = []
        places: list[ListPlace] = []
        self.list_items(tokens, index, close, (), (), paragraphs, places)
        if "by-item" not in attrs["classes"]:
            self.blocks.append(Block("list", self.lang, tuple(paragraphs), location, places=tuple(places), **attrs))
            return close + 1
        items = [t for t in tokens[index:close] if t.type == "list_item_open" and t.level == tokens[index].level + 1]
        for item in dict.fromkeys(place.path[0] for place in places):
            chosen = [n for n, place in enumerate(places) if place.path[0] == item]
            where = location if item == 0 else self.location(items[item])
            block_attrs = {**attrs, "id": attrs["id"] if item == 0 else None}
            self.blocks.append(
                Block("list", self.lang, tuple(paragraphs[n] for n in chosen), where, places=tuple(places[n] for n in chosen), **block_attrs)
            )
        return close + 1

    def list_items(
        self, tokens: list[Token], index: int, close: int, path: tuple[int, ...], lists: tuple[ListLevel, ...],
        paragraphs: list[Inlines], places: list[ListPlace],
    ) -> None:
        """The paragraphs of the list opened at ``index``, each with its place, nested lists in order."""
        token = tokens[index]
        inner = [t for t in tokens[index:close] if t.type == "paragraph_open" and t.level == token.level + 2]
        level = ListLevel(token.type == "ordered_list_open", int(token.attrGet("start") or 1), all(t.hidden for t in inner))
        item = -1
        position = index + 1
        while position < close:
            if tokens[position].type != "list_item_open":
                position += 1
                continue
            item += 1
            end = _closing(tokens, position)
            place = ListPlace((*path, item), (*lists, level))
            count = len(paragraphs)
            inside = position + 1
            while inside < end:
                kind = tokens[inside].type
                if kind == "paragraph_open":
                    paragraphs.append(self.inlines(tokens[inside + 1], self.location(tokens[inside]).line))
                    places.append(place)
                    inside += 3
                    continue
                if kind in ("bullet_list_open", "ordered_list_open"):
                    if len(paragraphs) == count:  # an item that opens with a list
                        paragraphs.append(())
                        places.append(place)
                    nested = _closing(tokens, inside)
                    self.list_items(tokens, inside, nested, place.path, place.lists, paragraphs, places)
                    inside = nested + 1
                    continue
                self.unsupported(tokens[inside], "inside a list")
                inside = _closing(tokens, inside) + 1
            if len(paragraphs) == count:  # an empty item
                paragraphs.append(())
                places.append(place)
            position = end + 1

    def paragraphs(self, tokens: list[Token], start: int, stop: int, where: str) -> tuple[Inlines, ...]:
        """The paragraphs between ``start`` and ``stop``; anything else is reported."""
        paragraphs: list[Inlines] = []
        inner = start
        while inner < stop:
            if tokens[inner].type == "paragraph_open":
                line = self.location(tokens[inner]).line
                paragraphs.append(self.inlines(tokens[inner + 1], line))
                inner += 3
            else:
                self.unsupported(tokens[inner], where)
                inner = _closing(tokens, inner) + 1
        return tuple(paragraphs)

    def unsupported(self, token: Token, where: str = "") -> None:
        what, hint = UNSUPPORTED.get(token.type, (token.type.removesuffix("_open"), "write it as paragraphs"))
        if token.type in ("bullet_list_open", "ordered_list_open"):
            what = "a list"
        self.problem(self.location(token).line, f"{what} is not supported {where}".strip(), hint)

    def read_note(self, tokens: list[Token], index: int) -> int:
        open_token = tokens[index]
        label = open_token.meta["label"]
        location = self.location(open_token)
        close = _closing(tokens, index, "footnote_reference")
        paragraphs = self.paragraphs(tokens, index + 1, close, "inside a footnote")
        if label in self.notes:
            first = self.notes[label].location.line
            self.problem(
                location.line,
                f"footnote [^{label}] is defined twice (first at line {first})",
                "give each note its own label",
            )
        elif not paragraphs:
            self.problem(location.line, f"footnote [^{label}] is empty", "write the note's text after the colon")
        else:
            self.notes[label] = Note(label, self.lang, paragraphs, location)
        return close + 1

    def check_notes(self) -> None:
        called = {label for label, _ in self.calls}
        for label, note in self.notes.items():
            if label not in called:
                self.problem(
                    note.location.line,
                    f"footnote [^{label}] is defined but never called",
                    f"put [^{label}] in the text where the note belongs, or delete the definition",
                )

    # --- inlines --------------------------------------------------------------

    def inlines(self, token: Token, line: int) -> Inlines:
        self._line = line
        source = re.sub(r"(`+).*?\1", "", token.content)  # as written, escapes and all; code spans are text
        for pattern, what, hint in _FLATTENED:
            if match := pattern.search(source):
                where = line + source.count("\n", 0, match.start())
                self.problem(where, f"{what} is not supported: it would print as written", hint)
        children = token.children or []
        result, _ = self.convert(children, 0, None)
        return _merge_text(result)

    def convert(self, tokens: list[Token], index: int, until: str | None) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if until is not None and kind == until:
                return out, index + 1
            index += 1
            if kind == "text":
                out.extend(self.text(token.content))
            elif kind == "softbreak":
                self._line += 1
                out.append(Text(" "))
            elif kind == "hardbreak":
                self._line += 1
                out.append(LineBreak())
            elif kind == "code_inline":
                out.append(Code(token.content))
            elif kind == "s_open":
                self.unsupported(token)
                children, index = self.convert(tokens, index, "s_close")
                out.extend(children)
            elif kind in ("em_open", "strong_open", "link_open", "span_open"):
                children, index = self.convert(tokens, index, kind.replace("_open", "_close"))
                out.extend(self.wrap(token, _merge_text(children)))
            elif kind == "image":
                alt = "".join(c.content for c in token.children or [])
                out.append(Image(str(token.attrGet("src") or ""), alt))
            elif kind == "footnote_ref" and "label" not in token.meta:
                out.append(self.inline_note(token.meta["id"]))
            elif kind == "footnote_ref":
                label = token.meta["label"]
                self.calls.append((label, Location(self.path, self._line)))
                out.append(NoteRef(label))
            elif kind == "citation":
                cite = self.citation(token.content)
                out.append(replace(cite, mode="narrative") if (token.meta or {}).get("narrative") else cite)
            else:
                out.append(Text(token.content))
        return out, index

    def inline_note(self, number: int) -> NoteRef:
        """An inline note ``^[text]``: a note of its own, labelled by its place among the
        file's inline notes, so that the n-th of ru.md pairs with the n-th of en.md."""
        label = f"{INLINE_NOTE} {sum(1 for n in self.notes if n.startswith(INLINE_NOTE)) + 1}"
        location = Location(self.path, self._line)
        line = self._line
        content, _ = self.convert(self.env["footnotes"]["list"][number]["tokens"], 0, None)
        self._line = line
        self.notes[label] = Note(label, self.lang, (_merge_text(content),), location)
        self.calls.append((label, location))
        return NoteRef(label)

    def wrap(self, token: Token, children: Inlines) -> list[Inline]:
        if token.type == "em_open":
            return [Emph(children)]
        if token.type == "strong_open":
            return [Strong(children)]
        if token.type == "link_open":
            return [Link(children, str(token.attrGet("href") or ""))]
        classes = str(token.attrGet("class") or "").split()
        if "split" in classes:
            if children:
                self.problem(self._line, "a split marker must be empty", "write []{.split}")
            return [SplitPoint(), *children]
        if "editorial" in classes:
            return [Editorial(children)]
        self.problem(
            self._line,
            f"a span with unknown classes: {' '.join(classes) or '(none)'}",
            "spans may be [text]{.editorial} or the split marker []{.split}",
        )
        return list(children)

    def text(self, content: str) -> list[Inline]:
        for match in re.finditer(r"\[\^([^\]\s]+)\]", content):
            self.problem(
                self._line,
                f"footnote call [^{match.group(1)}] has no definition",
                f"add a line '[^{match.group(1)}]: text of the note' to this file",
            )
        return [Text(content)]

    def citation(self, content: str) -> Cite:
        items, problems = parse_citation(content)
        for message, hint in problems:
            self.problem(self._line, message, hint)
        return Cite(tuple(self.affixes(item) for item in items), content)

    def affixes(self, item: CiteItem) -> CiteItem:
        """A citation's prefix and suffix with their Markdown (``[*see* @key, p. **32**]``) read as markup."""
        marked = {}
        for name in ("prefix", "suffix"):
            text = getattr(item, name)
            if re.search(r"[*_`\\]", text):
                line = self._line
                tokens = _parser().parseInline(text, {})[0].children or []
                inlines, _ = self.convert(tokens, 0, None)
                self._line = line
                marked[f"{name}_inlines"] = _merge_text(inlines)
        return replace(item, **marked) if marked else item


_LINE = re.compile(r"^\|(?: |$)")


def _line_block(inline: Token) -> bool:
    """Whether a paragraph is a pandoc line block (``| line``, verse or an address): then its
    tokens are rewritten so that each ``|`` line is a line, its leading spaces kept as
    no-break spaces; a line that starts with a space goes on the line before."""
    lines = inline.content.split("\n")
    if not lines or not _LINE.match(lines[0]) or not all(_LINE.match(line) or line[:1] in (" ", "\t") for line in lines):
        return False
    children: list[Token] = []
    line = 0
    start = True
    for token in inline.children or []:
        if token.type == "softbreak":
            line += 1
            if _LINE.match(lines[line]):
                children.append(Token("hardbreak", "br", 0))
                start = True
                continue
            children.append(token)
            continue
        if start and token.type == "text":
            text = re.sub(r"^\| ?", "", token.content)
            indent = len(text) - len(text.lstrip(" "))
            token = token.copy(content="\u00a0" * indent + text[indent:])
        start = False
        if token.type != "text" or token.content:
            children.append(token)
    inline.children = children
    return True


def _fence_classes(info: str) -> frozenset[str]:
    """A fence's classes: its info string's language (```python) or attributes (```{.document})."""
    info = info.strip()
    if info.startswith("{"):
        try:
            _, attrs = parse_attrs(info)
        except ParseError:
            return frozenset()
        return frozenset(str(attrs.get("class", "")).split())
    return frozenset(info.split()[:1])


def _transcription(content: str) -> Inlines:
    """A document's text as transcribed: its lines and their indents, no markup."""
    lines = content.rstrip("\n").split("\n")
    out: list[Inline] = []
    for number, line in enumerate(lines):
        if number:
            out.append(LineBreak())
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            out.append(Text("\u00a0" * indent + line.strip()))
    return tuple(out)


_LETTERED = re.compile(
    r"\s{0,3}(?:(?:[a-z]|[ivxlcdm]+)[.)]\s+\S|[A-Z][.]\s{2,}\S|[A-Z]\)\s+\S|\((?:[a-zA-Z]|[ivxlcdmIVXLCDM]+|\d+)\)\s+\S|#\.\s+\S)"
)
_EXAMPLE = re.compile(r"\(@[\w-]*\)\s")


def _fancy_list(content: str) -> tuple[int, str] | None:
    """Where a paragraph holds a list CommonMark does not read but pandoc does (its line
    in the paragraph, and what it is): items lettered or in Roman numerals (``a.``,
    ``ii)``, ``(B)``, ``(2)``, ``#.``) from its first line or on two lines, or example items ``(@)``."""
    lines = content.split("\n")
    for number, line in enumerate(lines):
        if _EXAMPLE.match(line):
            return number, "a numbered example ((@) …)"
    lettered = [n for n, line in enumerate(lines) if _LETTERED.match(line)]
    if lettered and (lettered[0] == 0 or len(lettered) > 1):
        return lettered[0], "a list numbered with letters, Roman numerals, (1) or #."
    return None


def _figure_image(inline: Token) -> Token | None:
    """The image a paragraph holds alone (pandoc's implicit figure), if it does."""
    content = [c for c in inline.children or [] if c.type != "softbreak" and not (c.type == "text" and not c.content.strip())]
    return content[0] if len(content) == 1 and content[0].type == "image" else None


def _block_attrs(token: Token) -> dict[str, Any]:
    classes = frozenset(str(token.attrGet("class") or "").split())
    ident = token.attrGet("id")
    return {"id": str(ident) if ident else None, "classes": classes}


def _closing(tokens: list[Token], index: int, kind: str | None = None) -> int:
    """Index of the token that closes ``tokens[index]`` (itself if it opens nothing)."""
    token = tokens[index]
    if token.nesting != 1:
        return index
    base = kind or token.type.removesuffix("_open")
    depth = 0
    for position in range(index, len(tokens)):
        if tokens[position].type == f"{base}_open":
            depth += 1
        elif tokens[position].type == f"{base}_close":
            depth -= 1
            if depth == 0:
                return position
    return len(tokens) - 1


def _merge_text(items: list[Inline] | Inlines) -> Inlines:
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        elif not (isinstance(item, Text) and item.text == ""):
            out.append(item)
    return tuple(out)
