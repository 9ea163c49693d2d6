"""What ``/journey`` and the App Home show of journeys: lists, a map summary, search hits
and ranked pain points. Builders take plain rows (``JourneyRow``, ``PainRow``) so they
need no store; every text people typed is escaped here."""

from collections.abc import Sequence
from dataclasses import dataclass

from bots.slack.blocks.elements import Block, context, section
from bots.slack.mrkdwn import escape

SEP = " \u203a "  # between journey, stage and step, as places.Place.label has it
LIST_LIMIT = 40  # journeys listed per answer (a message holds at most 50 blocks)


@dataclass(frozen=True)
class JourneyRow:
    key: str
    title: str
    status: str
    pain_points: int


@dataclass(frozen=True)
class PainRow:
    """A pain point ranked by ``score``; ``where``: journey, stage, step joined by ``SEP``."""

    title: str
    where: str
    impact: str
    score: float
    evidence: int


@dataclass(frozen=True)
class StageRow:
    name: str
    steps: int


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def journey_line(row: JourneyRow) -> str:
    count = f"{row.pain_points} pain point" + ("" if row.pain_points == 1 else "s")
    return f"`{escape(row.key)}` *{escape(row.title)}* · {escape(row.status)} · {count}"


def pain_line(rank: int, row: PainRow) -> str:
    evidence = f"{row.evidence} evidence"
    return (
        f"{rank}. *{escape(row.title)}* ({escape(row.where)})\n"
        f"      impact {escape(row.impact)} · score {row.score:.1f} · {evidence}"
    )


def journeys_blocks(rows: Sequence[JourneyRow], empty: str) -> list[Block]:
    """One line per journey; ``empty`` (escaped mrkdwn) when there are none."""
    if not rows:
        return [section(empty)]
    lines = [journey_line(row) for row in rows[:LIST_LIMIT]]
    blocks = [section("\n".join(lines[i : i + 20])) for i in range(0, len(lines), 20)]
    if len(rows) > LIST_LIMIT:
        blocks.append(context(f"… and {len(rows) - LIST_LIMIT} more"))
    return blocks


def pain_points_blocks(rows: Sequence[PainRow], empty: str) -> list[Block]:
    """Ranked pain points, best first; ``empty`` (escaped mrkdwn) when there are none."""
    if not rows:
        return [context(empty)]
    return [section("\n".join(pain_line(rank, row) for rank, row in enumerate(rows, 1)))]


def summary_blocks(
    row: JourneyRow, lens: str, stages: Sequence[StageRow], top: Sequence[PainRow]
) -> list[Block]:
    """The map summary of ``/journey show``: title, lens line, stages, top pain points."""
    stage_text = " → ".join(
        f"{escape(s.name)} ({s.steps} step{'' if s.steps == 1 else 's'})" for s in stages
    )
    return [
        header(row.title),
        context(f"`{escape(row.key)}` · {escape(lens)}"),
        section(f"*Stages*\n{stage_text or '_none yet_'}"),
        section(f"*Top pain points* ({row.pain_points} in all)"),
        *pain_points_blocks(top, "No pain points logged yet."),
    ]
