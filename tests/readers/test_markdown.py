"""The Markdown reader: what users write becomes the model, or a problem with its line."""

from pathlib import Path

from edition.model import Cite, Code, Editorial, Emph, NoteRef, SplitPoint, Text
from edition.readers.markdown import read_markdown

FILE = Path("ru.md")


def read(text: str):
    return read_markdown(FILE, "ru", text)


def test_blocks_of_every_kind_with_their_lines():
    text = "## Введение {#intro .abstract}\n\nАбзац.\n\n> Цитата.\n>\n> Второй абзац цитаты.\n\n***\n"
    result, problems = read(text)
    assert problems == []
    kinds = [(b.kind, b.location.line) for b in result.blocks]
    assert kinds == [("heading", 1), ("paragraph", 3), ("quote", 5), ("rule", 9)]
    heading = result.blocks[0]
    assert heading.id == "intro" and "abstract" in heading.classes and heading.level == 2
    assert heading.paragraphs[0] == (Text("Введение"),)
    assert len(result.blocks[2].paragraphs) == 2


def test_attribute_line_before_a_paragraph():
    result, problems = read("{#p7 .unpaired}\nТолько по-русски.\n")
    assert problems == []
    block = result.blocks[0]
    assert block.id == "p7" and block.unpaired


def test_footnotes_with_several_paragraphs():
    text = "Текст.[^a]\n\n[^a]: Первый абзац.\n\n    Второй абзац.\n"
    result, problems = read(text)
    assert problems == []
    assert result.blocks[0].paragraphs[0] == (Text("Текст."), NoteRef("a"))
    (note,) = result.notes
    assert note.label == "a" and note.location.line == 3
    assert [p[0] for p in note.paragraphs] == [Text("Первый абзац."), Text("Второй абзац.")]


def test_citations_with_prefix_locator_and_several_works():
    result, problems = read("См.[Цит. по: @gorlov2001, с. 76; @zeidler1993, S. 5–7].\n")
    assert problems == []
    cite = result.blocks[0].paragraphs[0][1]
    assert isinstance(cite, Cite)
    first, second = cite.items
    assert (first.key, first.prefix, first.locator_label, first.locator) == ("gorlov2001", "Цит. по:", "page", "76")
    assert (second.key, second.locator_label, second.locator, second.label_as_written) == ("zeidler1993", "page", "5–7", "S.")


def test_numbered_references_stay_text():
    result, _ = read("Как писал он [1, с. 384].\n")
    assert result.blocks[0].paragraphs[0] == (Text("Как писал он [1, с. 384]."),)


def test_emphasis_editorial_span_and_split_marker():
    result, problems = read("*Курсив* и [слова редактора]{.editorial} []{.split}дальше.\n")
    assert problems == []
    content = result.blocks[0].paragraphs[0]
    assert content[0] == Emph((Text("Курсив"),))
    assert Editorial((Text("слова редактора"),)) in content
    assert any(isinstance(i, SplitPoint) for i in content)


def test_raw_html_is_text():
    result, problems = read("Текст <script>alert(1)</script> и <b>жирный</b>.\n\n<div>блок</div>\n")
    assert problems == []
    assert result.blocks[0].paragraphs[0] == (Text("Текст <script>alert(1)</script> и <b>жирный</b>."),)
    assert result.blocks[1].paragraphs[0] == (Text("<div>блок</div>"),)


def test_footnote_problems_name_their_lines():
    text = "Первый.[^1]\n\nВторой.[^2]\nТретий.[^3]\n\n[^1]: Есть.\n\n[^9]: Никто не зовёт.\n"
    _, problems = read(text)
    messages = {(p.line, p.message) for p in problems}
    assert (3, "footnote call [^2] has no definition") in messages
    assert (4, "footnote call [^3] has no definition") in messages
    assert (8, "footnote [^9] is defined but never called") in messages
    assert all(p.file == FILE and p.hint for p in problems)


def test_unsupported_blocks_are_reported_not_dropped():
    _, problems = read("Абзац.\n\n- пункт\n\n  > цитата\n\n# Заголовок\n")
    messages = [(p.line, p.message) for p in problems]
    assert messages == [(5, "blockquote is not supported inside a list"), (7, "a level-1 heading (#) in the text")]


def test_indented_text_is_refused_and_a_fence_is_code():
    # pandoc reads text indented by four spaces as code; text pasted from a PDF often is indented
    result, problems = read("Абзац.\n\n    Отступ, как в тексте из PDF.\n")
    assert [(p.line, p.message) for p in problems] == [(3, "text indented by four spaces (code, for pandoc) is not supported")]
    assert "remove the indent for a paragraph" in problems[0].hint
    result, problems = read('```python\nprint("Договор")\n    return 1\n```\n')
    assert problems == []
    (code,) = result.blocks
    assert code.kind == "code" and code.classes == frozenset({"python"})
    assert code.paragraphs == ((Code('print("Договор")\n    return 1'),),)


def test_a_locator_that_cannot_be_parsed():
    _, problems = read("Текст [@gorlov2001, с. много].\n")
    assert len(problems) == 1
    assert "@gorlov2001" in problems[0].message and problems[0].line == 1


def test_a_note_defined_twice():
    _, problems = read("А.[^1]\n\n[^1]: Раз.\n\n[^1]: Два.\n")
    assert [p.line for p in problems] == [5]
    assert "defined twice" in problems[0].message


def test_a_locator_may_follow_the_key_without_a_comma_as_in_pandoc():
    from edition.readers.citations import parse_citation

    items, problems = parse_citation("see @gorlov2001 p. 33-35, and passim; @zeidler1993 chap. 3")
    assert problems == []
    assert [(i.key, i.prefix, i.locator_label, i.locator, i.suffix) for i in items] == [
        ("gorlov2001", "see", "page", "33-35", ", and passim"),
        ("zeidler1993", "", "chapter", "3", ""),
    ]


def test_inline_notes_are_notes_that_pair_in_their_order():
    import tempfile

    from testing_utils import make_project, run

    with tempfile.TemporaryDirectory() as folder:
        ru = "Текст^[Первое *внутреннее* примечание.] и ещё^[Второе.].\n\nАбзац.[^a]\n\n[^a]: Обычное.\n"
        en = "Text^[The first *inline* note.] and more^[The second.].\n\nParagraph.[^a]\n\n[^a]: An ordinary one.\n"
        config = make_project(Path(folder), {"one": (ru, en)})
        result = run("build", "html", "--config", config)
        assert result.exit_code == 0, result.output
        page = (Path(folder) / "build" / "html" / "one.html").read_text(encoding="utf-8")
        assert '<p><a class="back" href="#a1-fnref-en-1" role="doc-backlink" title="Back to the text">1</a> The first <em>inline</em> note.</p>' in page
        assert 'title="Back to the text">3</a> An ordinary one.' in page
        # the second Russian inline note has no English partner
        (Path(folder) / "sources" / "one" / "en.md").write_text(en.replace(" and more^[The second.]", ""), encoding="utf-8")
        result = run("check", "--config", config)
        assert result.exit_code == 3
        assert "inline note 2 (^[…]) is called in ru.md:1 but not in the paired block of en.md" in result.output


def test_pandoc_constructs_the_edition_does_not_print_are_refused_where_they_are():
    source = (
        "% Заглавие\n% Автор\n\n"  # 1
        "Формула $E = mc^2$ в тексте.\n\n"  # 4
        "Вода H~2~O и 2^10^ байт.\n\n"  # 6
        "Слово ~~зачёркнуто~~ здесь.\n\n"  # 8
        "    отступ\n\n"  # 10
        "Термин\n: определение\n"  # 12
    )
    _, problems = read(source)
    assert [(p.line, p.message.split(" is not supported")[0]) for p in problems] == [
        (1, "pandoc's title block (% title)"),
        (4, "a formula ($…$)"),
        (6, "a superscript (^…^)"),
        (6, "a subscript (~…~)"),
        (8, "struck-through text (~~…~~)"),
        (10, "text indented by four spaces (code, for pandoc)"),
        (12, "a definition list (Term / : definition)"),
    ]
    assert all(p.hint for p in problems)


def test_dollars_tildes_and_carets_of_ordinary_text_are_text():
    _, problems = read("Цена 5 $ и 10 $ за тонну; около ~100 т; a^b.\n")
    assert problems == []


def test_lists_pandoc_reads_and_commonmark_does_not_are_refused_not_flattened():
    source = (
        "Абзац.\n\n"  # 1
        "a. первый\nb. второй\n\n"  # 3
        "Текст, затем:\ni. один\nii. два\n\n"  # 6
        "(@) пример\n\n"  # 10
        "#. пункт\n\n"  # 12
        "A. Smith wrote it, and (a) was signed.\n\n"  # 14: initials and a letter in the text are text
        "(2) второй\n(3) третий\n\n"  # 16
        "Цена $20, а не $5; 23\\$ и a^b c^d.\n\n"  # 19: dollars, an escaped one, spaced carets are text
        "a^hello\\ there^\n"  # 21: an escaped space does not end a superscript
    )
    _, problems = read(source)
    assert [(p.line, p.message.split(" is not supported")[0]) for p in problems] == [
        (3, "a list numbered with letters, Roman numerals, (1) or #."),
        (7, "a list numbered with letters, Roman numerals, (1) or #."),
        (10, "a numbered example ((@) …)"),
        (12, "a list numbered with letters, Roman numerals, (1) or #."),
        (16, "a list numbered with letters, Roman numerals, (1) or #."),
        (21, "a superscript (^…^)"),
    ]
