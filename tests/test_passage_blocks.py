"""A cited passage's table lines are drawn as a table, with its header when the passage holds
it, never as "| a | b |" noise; prose stays prose."""

from __future__ import annotations

from assistant.grounding.tables import table_statements
from assistant.passage_blocks import ProseBlock, TableBlock, passage_blocks, stated_table

START = """Table 1 Incidence of Adverse Events in ESPS2
Body System/Preferred Term | AGGRENOX n (%/year) | Placebo n (%/year)
Total Number of Patients | 1650 | 1649
Central and Peripheral Nervous System Disorders
Headache | 647 | 543
The most common adverse reaction was headache."""

CONTINUED = """Abdominal Pain | 289 | (12.62) | 239
Nausea | 264 | (11.53) | 232"""


def test_a_table_with_its_header_becomes_one_table_between_prose() -> None:
    caption, table, after = passage_blocks(START)
    assert caption == ProseBlock(("Table 1 Incidence of Adverse Events in ESPS2",))
    assert isinstance(table, TableBlock)
    assert table.header == (
        "Body System/Preferred Term",
        "AGGRENOX n (%/year)",
        "Placebo n (%/year)",
    )
    assert table.rows[0] == ("Total Number of Patients", "1650", "1649")
    assert table.rows[1] == ("Central and Peripheral Nervous System Disorders",)
    assert table.padded_rows()[1] == ["Central and Peripheral Nervous System Disorders", "", ""]
    assert after == ProseBlock(("The most common adverse reaction was headache.",))


def test_a_passage_starting_inside_a_table_keeps_every_row_as_data() -> None:
    (table,) = passage_blocks(CONTINUED)
    assert isinstance(table, TableBlock) and table.header is None
    assert len(table.rows) == 2 and table.rows[0][0] == "Abdominal Pain"
    assert table.columns() == ["column 1", "column 2", "column 3", "column 4"]


def test_prose_alone_is_one_block() -> None:
    assert passage_blocks("One sentence.\n\nAnother one.") == [
        ProseBlock(("One sentence.", "Another one."))
    ]


def test_a_stated_table_row_is_drawn_as_a_table_under_its_caption() -> None:
    text = "Table 2 Dose Reductions\nLevel | Dose (mg/kg)\nFirst reduction | 4.4\nSecond | 3.2\n"
    text += "Stop if a third reduction is needed.\n"
    row, _, whole = table_statements(text)
    assert row == "Table 2 Dose Reductions (Level | Dose (mg/kg)): First reduction | 4.4."
    caption, table = stated_table(row)
    assert caption == "Table 2 Dose Reductions"
    assert table.header == ("Level", "Dose (mg/kg)") and table.rows == (("First reduction", "4.4"),)
    assert stated_table(whole)[1].rows == (("First reduction", "4.4"), ("Second", "3.2"))
    assert stated_table("The dose is 80 mg (once daily): with food.") is None
