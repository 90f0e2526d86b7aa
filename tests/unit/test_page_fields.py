"""API field names in messages become the labels people see on the pages (issue 17)."""

from __future__ import annotations

from dialogue.pages.fields import readable


def test_a_backticked_or_snake_case_field_reads_as_its_label() -> None:
    assert readable("doit suivre ou égaler `from`") == "doit suivre ou égaler « Du »"
    assert readable("motif obligatoire avec acknowledge_late") == (
        "motif obligatoire avec « Convoquer malgré le délai non respecté »"
    )


def test_plain_words_and_unknown_names_are_left_alone() -> None:
    assert readable("envoyé to the secretary") == "envoyé to the secretary"
    assert readable("colonne some_internal_name") == "colonne some_internal_name"


def test_labels_follow_the_page_language() -> None:
    assert readable("au plus 20 ans après `from`", t={"Du": "From"}.get) == "au plus 20 ans après « From »"
