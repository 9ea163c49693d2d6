"""The emotion curve drawn in text."""

from core.emotion_curve import emotion_curve_lines

ROW_LABELS = ["+2", "+1", " 0", "-1", "-2"]
PREFIX = len("+2 │")


def cell(line: str, column: int, width: int = 3) -> str:
    """The text of one step's column in one row (blank past the end of the line)."""
    start = PREFIX + column * width
    return line[start : start + width].ljust(width)


def test_rows_are_labelled_plus_two_down_to_minus_two():
    lines = emotion_curve_lines([0])
    assert [line[:2] for line in lines[:5]] == ROW_LABELS
    assert all(line[2:4] == " │" for line in lines[:5])


def test_the_dot_sits_on_the_row_of_each_emotion():
    emotions = [2, 1, 0, -1, -2, 1]
    lines = emotion_curve_lines(emotions)
    for column, emotion in enumerate(emotions):
        row = ROW_LABELS.index(f"{emotion:+d}" if emotion else " 0")
        dots = [r for r in range(5) if "●" in cell(lines[r], column)]
        assert dots == [row], (column, emotion, lines)
    assert sum(line.count("●") for line in lines) == len(emotions)


def test_an_unknown_emotion_leaves_its_column_without_a_dot():
    lines = emotion_curve_lines([2, None, -2])
    assert all("●" not in cell(line, 1) for line in lines[:5])
    # Only the zero baseline runs through the empty column.
    assert cell(lines[2], 1).strip() == "·"
    assert sum(line.count("●") for line in lines) == 2


def test_the_axis_numbers_the_steps_from_one_under_their_columns():
    lines = emotion_curve_lines([1, None, -1, 0, 2])
    assert lines[5] == "   └" + "─" * 15
    assert lines[6].split() == ["1", "2", "3", "4", "5"]
    for column in range(5):
        assert cell(lines[6], column).strip() == str(column + 1)


def test_more_than_nine_steps_keep_their_numbers():
    lines = emotion_curve_lines([0] * 12)
    assert lines[6].split() == [str(n) for n in range(1, 13)]


def test_an_empty_curve_draws_just_the_axes():
    lines = emotion_curve_lines([])
    assert len(lines) == 7
    assert [line[:2] for line in lines[:5]] == ROW_LABELS
    assert "●" not in "".join(lines)
    assert lines[5] == "   └"
    assert lines[6].strip() == ""
