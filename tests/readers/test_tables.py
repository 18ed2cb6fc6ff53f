"""Tables in the sources: pandoc's pipe and grid tables, their captions, and what is refused at its line."""

from pathlib import Path

from edition.model import Emph, NoteRef, Text
from edition.readers.markdown import read_markdown


def read(text: str):
    result, problems = read_markdown(Path("ru.md"), "ru", text)
    return result.blocks, [(p.line, p.message) for p in problems]


PIPE = """\
Table: Поставки по *годам* {#tbl-deliveries .wide}

| Год  | Винтовки | Примечание  |
|:-----|---------:|:-----------:|
| 1922 | 1 000    | *мало*[^1]  |
| 1923 | 25 000   |             |

[^1]: Примечание.
"""


def test_a_pipe_table_keeps_its_caption_attributes_alignment_and_every_cell():
    (table,), problems = read(PIPE)
    assert problems == []
    assert table.kind == "table" and table.id == "tbl-deliveries" and "wide" in table.classes
    shape = table.table
    assert shape is not None and shape.caption and shape.header == 1 and shape.rows == 3
    assert shape.aligns == ("left", "right", "center")
    assert table.paragraphs[0] == (Text("Поставки по "), Emph((Text("годам"),)))
    rows = shape.cells(table.paragraphs)
    assert [c[0].text for c in rows[0]] == ["Год", "Винтовки", "Примечание"]
    assert rows[1][:2] == ((Text("1922"),), (Text("1 000"),))
    assert rows[1][2] == (Emph((Text("мало"),)), NoteRef("1"))
    assert rows[2][2] == ()


def test_a_caption_may_follow_the_table_and_be_written_with_a_colon_only():
    (table, after), problems = read("| a | b |\n|---|---|\n| 1 | 2 |\n\n: Подпись\n\nАбзац.\n")
    assert problems == []
    assert table.table is not None and table.table.caption and table.paragraphs[0] == (Text("Подпись"),)
    assert after.kind == "paragraph"


def test_a_grid_table_is_read_with_its_header_alignment_and_multi_line_cells():
    source = (
        "+--------+---------+\n"
        "| Школа  | Город   |\n"
        "+:=======+========:+\n"
        "| Кама   | Казань  |\n"
        "| (танки)|         |\n"
        "+--------+---------+\n"
        "| Липецк | Липецк  |\n"
        "+--------+---------+\n"
    )
    (table,), problems = read(source)
    assert problems == []
    assert table.table is not None and table.table.aligns == ("left", "right") and table.table.header == 1 and not table.table.caption
    assert [[c[0].text for c in row] for row in table.table.cells(table.paragraphs)] == [
        ["Школа", "Город"],
        ["Кама (танки)", "Казань"],
        ["Липецк", "Липецк"],
    ]


def test_what_a_table_would_lose_is_refused_at_its_line():
    # more cells than the header: GFM would drop the last one
    _, problems = read("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n")
    assert problems == [(3, "this row of the table has more cells than its header (2)")]
    # a cell across two columns of a grid table
    _, problems = read("+---+---+\n| a | b |\n+===+===+\n| wide  |\n+---+---+\n")
    assert problems == [(4, "a cell of this grid table spans columns")]
    # a list in a grid table's cell would be flattened into its text
    _, problems = read("+-------+\n| - one |\n| - two |\n+-------+\n")
    assert problems == [(2, "a cell of this grid table holds a list or several paragraphs")]
    # a table inside a list
    _, problems = read("- item\n\n  | a |\n  |---|\n  | 1 |\n")
    assert problems == [(3, "a table is not supported inside a list")]


def test_a_figure_is_an_image_alone_in_its_paragraph():
    blocks, problems = read("![Рурская область, *1923*](maps/ruhr.png){#fig-ruhr .wide}\n\nТекст с ![значком](icon.png) внутри.\n")
    assert problems == []
    figure, paragraph = blocks
    assert figure.kind == "figure" and figure.id == "fig-ruhr" and "wide" in figure.classes
    assert figure.image is not None and figure.image.src == "maps/ruhr.png" and figure.image.alt == "Рурская область, 1923"
    assert figure.paragraphs == ((Text("Рурская область, "), Emph((Text("1923"),))),)
    assert paragraph.kind == "paragraph"


def test_a_figure_needs_a_caption_and_may_have_its_own_alt_text():
    _, problems = read("![](map.png)\n")
    assert problems == [(1, "a figure without a caption")]
    (figure,), problems = read('![Карта](map.png){fig-alt="Карта Рура с городами Эссен и Дортмунд"}\n')
    assert problems == [] and figure.image is not None and figure.image.alt == "Карта Рура с городами Эссен и Дортмунд"
