"""Long pairs that call notes are printed as several rows, cut where both sides agree."""

import re

import pytest
from test_align import prepare

from edition.model import Layout, SplitPoint, Text
from edition.passes.inlines import note_labels, plain_text
from edition.passes.split import DEFAULT_SPLIT_CHARS

RU_SENTENCE = "Это предложение о переговорах в Берлине и Москве, длиной в несколько десятков знаков."
EN_SENTENCE = "This sentence is about the negotiations in Berlin and Moscow, several dozen characters long."


def long_pair(sentences: int, note_at: int = 0) -> tuple[str, str]:
    ru = [RU_SENTENCE] * sentences
    en = [EN_SENTENCE] * sentences
    ru[note_at] += "[^1]"
    en[note_at] += "[^1]"
    return " ".join(ru) + "\n\n[^1]: Прим.\n", " ".join(en) + "\n\n[^1]: Note.\n"


def test_a_short_pair_is_one_row():
    article, _ = prepare(*long_pair(3))
    assert len(article.segments[0].rows) == 1


def test_a_long_pair_with_notes_is_cut_at_sentences_both_sides_agree_on():
    article, problems = prepare(*long_pair(30, note_at=12))
    assert problems == []
    rows = article.segments[0].rows
    assert len(rows) > 1
    for row in rows:
        ru, en = plain_text(row.ru.paragraphs[0]), plain_text(row.en.paragraphs[0])
        # each row holds whole sentences, the same number on both sides
        assert ru.count(".") == en.count(".")
        assert ru.endswith(".") and en.endswith(".")
        assert len(ru) <= DEFAULT_SPLIT_CHARS["A4"] and len(en) <= DEFAULT_SPLIT_CHARS["A4"]
        assert note_labels(row.ru) == note_labels(row.en)
    assert [r.ru.continued for r in rows] == [False] + [True] * (len(rows) - 1)
    joined = " ".join(plain_text(r.ru.paragraphs[0]) for r in rows)
    assert joined == " ".join([RU_SENTENCE] * 30)


def test_a_long_pair_without_notes_is_not_cut():
    ru, en = long_pair(30)
    ru, en = ru.replace("[^1]", "").split("\n\n")[0], en.replace("[^1]", "").split("\n\n")[0]
    article, _ = prepare(ru + "\n", en + "\n")
    assert len(article.segments[0].rows) == 1


def test_the_editors_markers_decide_where_to_cut():
    ru = "Первая часть.[^1] []{.split}Вторая часть.\n\n[^1]: Прим.\n"
    en = "First part.[^1] []{.split}Second part.\n\n[^1]: Note.\n"
    article, problems = prepare(ru, en)
    assert problems == []
    rows = article.segments[0].rows
    assert [plain_text(r.ru.paragraphs[0]) for r in rows] == ["Первая часть.", "Вторая часть."]
    assert [plain_text(r.en.paragraphs[0]) for r in rows] == ["First part.", "Second part."]


def test_initials_and_abbreviations_are_not_sentence_ends():
    from edition.model import Text
    from edition.passes.split import _sentence_bounds

    text = "Встреча Х. фон Зекта и ген. В. Хассе прошла в 1923 г. в Берлине. Затем Н. Н. Крестинский уехал."
    bounds = _sentence_bounds((Text(text),))
    assert [text[b[1]:][:5] for b in bounds] == ["Затем"]


def test_split_chars_from_the_layout():
    article, _ = prepare_with_layout(*long_pair(30, note_at=3), Layout(split_chars=400))
    assert all(len(plain_text(r.ru.paragraphs[0])) <= 400 for r in article.segments[0].rows)


def prepare_with_layout(ru, en, layout):
    from test_align import source

    from edition.passes import prepare_article

    return prepare_article(source(ru, en), 1, layout)


def places(block) -> list[str]:
    """The text before each place where the row may be cut later, its last 12 characters."""
    items = block.paragraphs[0]
    return [plain_text(items[:n])[-12:] for n, item in enumerate(items) if isinstance(item, SplitPoint)]


def test_a_pair_with_notes_marks_the_end_of_each_sentence_it_may_be_cut_after():
    article, _ = prepare(*long_pair(3, note_at=1))
    (row,) = article.segments[0].rows
    assert places(row.ru) == ["тков знаков.", "тков знаков."]
    assert places(row.en) == ["acters long."] * 2
    # after the sentence's last character, before the space (a mark after the space makes
    # WeasyPrint set the first part of a word alone on a line)
    ru = row.ru.paragraphs[0]
    at = ru.index(next(i for i in ru if isinstance(i, SplitPoint)))
    assert ru[at - 1].text.endswith("знаков.") and isinstance(ru[at + 1], Text) and ru[at + 1].text == " "
    # nothing lost: the text is the authors'
    assert plain_text(ru) == " ".join([RU_SENTENCE] * 3)


def test_sides_of_different_sentence_counts_get_places_at_the_same_fraction_of_each():
    ru = " ".join([RU_SENTENCE] * 12) + "[^1]\n\n[^1]: Прим.\n"
    en = " ".join([EN_SENTENCE.replace(".", ",") + " " + EN_SENTENCE] * 6) + "[^1]\n\n[^1]: Note.\n"  # six long sentences
    article, _ = prepare(ru, en)
    (row,) = article.segments[0].rows
    assert len(places(row.ru)) == len(places(row.en)) >= 3
    assert places(row.en) == ["acters long."] * len(places(row.en))
    # the n-th place of each side at about the same share of its text
    ru_items, en_items = row.ru.paragraphs[0], row.en.paragraphs[0]
    ru_at = [len(plain_text(ru_items[:n])) / len(plain_text(ru_items)) for n, i in enumerate(ru_items) if isinstance(i, SplitPoint)]
    en_at = [len(plain_text(en_items[:n])) / len(plain_text(en_items)) for n, i in enumerate(en_items) if isinstance(i, SplitPoint)]
    assert all(abs(a - b) < 0.1 for a, b in zip(ru_at, en_at, strict=True))


def test_a_pair_on_facing_pages_has_no_places():
    article, _ = prepare_with_layout(*long_pair(3, note_at=1), Layout(mode="facing"))
    assert places(article.segments[0].rows[0].ru) == []


def cut_on_facing_pages(ru: str, en: str, limit: int = 400):
    """The single segment of a pair on facing pages, cut into rows at ``limit`` characters."""
    article, problems = prepare_with_layout(ru, en, Layout(mode="facing", split_chars=limit))
    assert problems == []
    (segment,) = article.segments
    return segment


def joined_again(blocks):
    from functools import reduce

    from edition.passes.split import join_parts

    return reduce(join_parts, blocks)


def without_marks(block):
    """``block`` without the marks where it may be cut, its runs of text merged."""
    from dataclasses import replace

    def merged(paragraph):
        out = []
        for item in paragraph:
            if isinstance(item, SplitPoint):
                continue
            if isinstance(item, Text) and out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + item.text)
            else:
                out.append(item)
        return tuple(out)

    return replace(block, paragraphs=tuple(merged(p) for p in block.paragraphs))


CLAUSE_RU = "делегация {n} обсуждала условия соглашения"
CLAUSE_EN = "delegation {n} discussed the terms of the agreement"


def clauses(text: str, count: int) -> str:
    return ", ".join(text.format(n=n) for n in range(count))


def test_on_facing_pages_a_sentence_longer_than_a_page_is_cut_between_words_at_the_same_share_of_each_side():
    segment = cut_on_facing_pages(f"Согласно статье {clauses(CLAUSE_RU, 60)}.\n", f"Under the article {clauses(CLAUSE_EN, 60)}.\n")
    rows = segment.rows
    assert len(rows) >= 5
    for row in rows:
        ru, en = plain_text(row.ru.paragraphs[0]), plain_text(row.en.paragraphs[0])
        assert len(ru) <= 400 and len(en) <= 400
        assert not ru.startswith(" ") and not ru.endswith(" ")
        # the same clauses on both sides, give or take the one a cut falls in
        ru_n = {int(n) for n in re.findall(r"делегация (\d+)", ru)}
        en_n = {int(n) for n in re.findall(r"delegation (\d+)", en)}
        assert len(ru_n ^ en_n) <= 2, (ru_n, en_n)
    assert " ".join(plain_text(r.ru.paragraphs[0]) for r in rows) == f"Согласно статье {clauses(CLAUSE_RU, 60)}."
    assert [r.ru.continued for r in rows] == [False] + [True] * (len(rows) - 1)


def test_on_facing_pages_a_long_block_of_one_language_is_cut_too():
    article, problems = prepare_with_layout(
        f"Абзац.\n\n{{.unpaired}}\nТолько по-русски: {clauses(CLAUSE_RU, 40)}.\n", "A paragraph.\n", Layout(mode="facing", split_chars=400)
    )
    assert problems == []
    (only,) = [s for s in article.segments if s.unpaired]
    assert len(only.rows) >= 4 and all(r.en is None for r in only.rows)
    assert " ".join(plain_text(r.ru.paragraphs[0]) for r in only.rows) == f"Только по-русски: {clauses(CLAUSE_RU, 40)}."


def test_on_facing_pages_a_paragraph_set_whole_in_one_span_is_cut_inside_it():
    from edition.model import Editorial
    from edition.passes.split import join_parts

    long = clauses(CLAUSE_RU, 40)
    article, problems = prepare_with_layout(f"Абзац.\n\n{{.unpaired}}\n[Примечание редакции: {long}.]{{.editorial}}\n", "A paragraph.\n", Layout(mode="facing", split_chars=400))
    assert problems == []
    (only,) = [s for s in article.segments if s.unpaired]
    parts = [r.ru for r in only.rows]
    assert len(parts) >= 4
    for part in parts:  # each part an editorial addition of its own, within the limit
        (span,) = part.paragraphs[0]
        assert isinstance(span, Editorial) and len(plain_text(span.children)) <= 400
    # on one spread, the parts make one span again, the authors' text whole
    (whole,) = joined_again(parts).paragraphs[0]
    assert isinstance(whole, Editorial) and plain_text(whole.children) == f"Примечание редакции: {long}."
    assert not isinstance(whole.children[-1], SplitPoint)  # (only a part that goes on ends with the mark)
    assert isinstance(join_parts(parts[0], parts[1]).paragraphs[0][0].children[-1], SplitPoint)


@pytest.mark.parametrize(
    ("ru", "en", "kind"),
    [
        # a block quote of many paragraphs: between paragraphs
        ("\n>\n".join(f"> Абзац {k}: {clauses(CLAUSE_RU, 4)}." for k in range(12)), "\n>\n".join(f"> Paragraph {k}: {clauses(CLAUSE_EN, 4)}." for k in range(12)), "quote"),
        # a block quote of one long paragraph: at sentences, then between words
        (f"> Первое. {clauses(CLAUSE_RU, 50)}. Последнее.", f"> The first. {clauses(CLAUSE_EN, 50)}. The last.", "quote"),
        # a list: before its items
        ("\n".join(f"{k}. Пункт {k}: {clauses(CLAUSE_RU, 3)}." for k in range(1, 16)), "\n".join(f"{k}. Item {k}: {clauses(CLAUSE_EN, 3)}." for k in range(1, 16)), "list"),
        # verse: between lines
        ("\n".join(f"| Строка {k}, {CLAUSE_RU.format(n=k)}" for k in range(40)), "\n".join(f"| Line {k}, {CLAUSE_EN.format(n=k)}" for k in range(36)), "verse"),
        # code: between lines
        ("```\n" + "\n".join(f"line {k} = {'x' * 40}" for k in range(40)) + "\n```", "```\n" + "\n".join(f"line {k} = {'x' * 40}" for k in range(40)) + "\n```", "code"),
    ],
    ids=["quote", "quote-paragraph", "list", "verse", "code"],
)
def test_on_facing_pages_a_long_quote_list_verse_or_code_is_cut_into_rows_that_join_back_whole(ru: str, en: str, kind: str):
    segment = cut_on_facing_pages(ru + "\n", en + "\n")
    assert segment.kind == kind
    rows = segment.rows
    assert len(rows) >= 3
    for row in rows:
        for block in (row.ru, row.en):
            assert block.kind == kind
            assert sum(len(plain_text(p)) for p in block.paragraphs) <= 480  # a part is about the limit at most
    for lang in ("ru", "en"):
        parts = [getattr(r, lang) for r in rows]
        assert [p.continued for p in parts] == [False] + [True] * (len(parts) - 1)
        # the parts, joined again, are the block the author wrote
        original = getattr(segment, lang)
        assert without_marks(joined_again([replace_continued(p) for p in parts])) == without_marks(original)
    if kind == "list":  # each part begins with an item, the same on both sides
        for row in rows:
            assert row.ru.places[0].path == row.en.places[0].path
            assert plain_text(row.ru.paragraphs[0]).startswith("Пункт")


def replace_continued(block):
    from dataclasses import replace

    return replace(block, continued=False)
