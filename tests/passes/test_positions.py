"""Positions of cited works, per article and language: first, subsequent, ibid, ibid with locator."""

from test_align import prepare

from edition.model import Cite


def positions(ru_notes: list[str]) -> list[list[tuple[str, str]]]:
    """(key, position) of each work, note by note, for Russian notes given as their text."""
    calls = " ".join(f"Фраза.[^{i}]" for i in range(1, len(ru_notes) + 1))
    defs = "\n\n".join(f"[^{i}]: {text}" for i, text in enumerate(ru_notes, start=1))
    ru = f"{calls}\n\n{defs}\n"
    en = ru.replace("Фраза", "Phrase")
    article, problems = prepare(ru, en)
    assert problems == []
    result = []
    for note in article.notes_of("ru"):
        cites = [c for p in note.paragraphs for c in p if isinstance(c, Cite)]
        result.append([(i.key, i.position) for c in cites for i in c.items])
    # the English side gets the same positions
    english = [[(i.key, i.position) for p in n.paragraphs for c in p if isinstance(c, Cite) for i in c.items] for n in article.notes_of("en")]
    assert english == result
    return result


def test_first_ibid_with_locator_ibid_and_subsequent():
    assert positions(["[@a, с. 5].", "[@a, с. 7].", "[@a, с. 7].", "[@b].", "[@a, с. 9]."]) == [
        [("a", "first")],
        [("a", "ibid-with-locator")],
        [("a", "ibid")],
        [("b", "first")],
        [("a", "subsequent")],
    ]


def test_a_locator_after_none_and_none_after_a_locator():
    assert positions(["[@a].", "[@a, с. 3].", "[@a]."]) == [[("a", "first")], [("a", "ibid-with-locator")], [("a", "subsequent")]]


def test_a_note_without_citations_breaks_ibid():
    assert positions(["[@a, с. 1].", "Пояснение без ссылки.", "[@a, с. 1]."]) == [[("a", "first")], [], [("a", "subsequent")]]


def test_several_works_in_one_note():
    assert positions(["[@a, с. 1; @b, с. 2].", "[@b, с. 2].", "[@a; @b]."]) == [
        [("a", "first"), ("b", "first")],
        [("b", "subsequent")],  # the note before cited two works: not ibid
        [("a", "subsequent"), ("b", "subsequent")],
    ]
    assert positions(["[@a, с. 1; @a, с. 2]."]) == [[("a", "first"), ("a", "ibid-with-locator")]]


def test_prefixes_and_suffixes_do_not_change_positions():
    assert positions(["[Цит. по: @a, с. 1].", "[См.: @a, с. 1, и далее]."]) == [[("a", "first")], [("a", "ibid")]]


def test_each_article_starts_again():
    first = positions(["[@a, с. 1]."])
    second = positions(["[@a, с. 1]."])
    assert first == second == [[("a", "first")]]
