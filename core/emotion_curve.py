"""The emotion curve drawn in text, for terminals, Markdown and Slack code blocks."""

LEVELS = (2, 1, 0, -1, -2)
LABELS = {2: "+2", 1: "+1", 0: " 0", -1: "-1", -2: "-2"}


def emotion_curve_lines(emotions: list[int | None], column_width: int = 3) -> list[str]:
    """Rows from +2 down to -2; each step is a column with ``●`` at its emotion.

    Unknown emotions (None) leave their column empty; the last line numbers the steps
    from 1, so a legend can name them.
    """
    lines = []
    for level in LEVELS:
        cells = "".join(
            ("●" if emotion == level else ("·" if level == 0 else " ")).center(column_width)
            for emotion in emotions
        )
        lines.append(f"{LABELS[level]} │{cells}".rstrip())
    axis = "".join(str(n % 100).center(column_width) for n in range(1, len(emotions) + 1))
    lines.append("   └" + "─" * (column_width * len(emotions)))
    lines.append("    " + axis)
    return lines
