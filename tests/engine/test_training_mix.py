"""The default model's training mix (scripts/make_training_mix.py): which part of train.txt it keeps."""

import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "scripts"))

from make_training_mix import SPEECHES_FIRST_LINE, SPEECHES_LAST_LINE, state_of_the_union  # noqa: E402


def test_the_speeches_are_cut_from_their_first_line_to_their_last():
    older = "A novel.\nThe END\n" + SPEECHES_FIRST_LINE + " century.\nMore.\n" + SPEECHES_LAST_LINE + "Debian.\n"
    speeches = state_of_the_union(older)
    assert speeches.startswith(SPEECHES_FIRST_LINE) and speeches.endswith(SPEECHES_LAST_LINE)
    assert "novel" not in speeches and "Debian" not in speeches


def test_a_text_without_the_speeches_is_refused():
    with pytest.raises(ValueError, match="State of the Union"):
        state_of_the_union("Emma Woodhouse, handsome, clever, and rich.\n" + SPEECHES_LAST_LINE)


def test_the_shared_train_txt_gives_the_addresses_of_1900_to_2020_and_nothing_else(shared_corpus):
    speeches = state_of_the_union((shared_corpus / "train.txt").read_text(encoding="utf-8"))
    assert 5_000_000 < len(speeches) < 7_000_000
    assert "Nautilus" not in speeches and "dpkg" not in speeches  # Verne's novel before, the Debian handbook after
    assert "Fifty-sixth Congress" in speeches[:300]  # 1900's address
