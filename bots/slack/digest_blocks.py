"""The digest as Slack messages: Block Kit, within Slack's limits, people's text escaped.

A message holds at most 50 blocks and a section at most 3,000 characters, so a digest
is cut into as many messages as it needs: between journeys when it can, a journey's
lines into several sections when they are long. Every message but the first says which
part it is. Everything people wrote (titles, names, owners, KPI names) goes through
``escape``: a pain point titled ``<!channel>`` pings nobody.
"""

from collections.abc import Iterable
from typing import Any

from bots.slack.blocks.elements import SECTION_LIMIT, Block, clip, context, section
from bots.slack.blocks.journeys import header
from bots.slack.mrkdwn import escape
from core.services.digest import wording as w
from core.services.digest.data import Counted, Digest, JourneyDigest

MESSAGE_BLOCK_LIMIT = 50
FALLBACK_LIMIT = 3000  # the notification text; Slack truncates far longer ones anyway
Message = dict[str, Any]


def _more(section_: Counted[Any]) -> list[str]:
    return [f"• … and {section_.more} more"] if section_.more else []


def _part(title: str, lines: Iterable[str]) -> list[str]:
    lines = list(lines)
    return [f"*{title}*", *lines] if lines else []


def journey_lines(j: JourneyDigest) -> list[str]:
    """A journey's news as mrkdwn lines, each escaped, grouped by part."""
    lines = []
    if j.new_pain_points.total:
        lines += _part(
            f"New pain points ({j.new_pain_points.total})",
            [
                f"• {escape(n.title)} · `{escape(n.where)}` · {escape(n.impact)}"
                for n in j.new_pain_points.items
            ]
            + _more(j.new_pain_points),
        )
    if j.evidence_added:
        kinds = ", ".join(escape(w.evidence(e)) for e in j.evidence_added)
        praise = f" · {j.praise} positive" if j.praise else ""
        lines.append(f"*Evidence added:* {j.evidence_count}: {kinds}{praise}")
    lines += _part(
        "Confidence moved",
        [f"• {escape(c.title)}: {c.before} → *{c.after}*" for c in j.confidence_moves.items]
        + _more(j.confidence_moves),
    )
    lines += _part(
        "Top pain points",
        [
            f"{t.rank}. {escape(t.title)} · `{escape(t.where)}` · score *{t.score:.2f}*"
            + (f" ({w.score_change(t)})" if w.score_change(t) else "")
            + f" · {w.movement(t)}"
            for t in j.top_pain_points
        ],
    )
    lines += _part(
        "Moved in Jira",
        [
            f"• {escape(o.title)}: {escape(w.opportunity(o))}"
            + (f" ({escape(o.issue)})" if o.issue else "")
            for o in j.opportunity_moves.items
        ]
        + _more(j.opportunity_moves),
    )
    lines += _part(
        "Fixes shipped",
        [f"• {escape(f.title)}: {w.fix_answers(f)}" for f in j.shipped_fixes.items]
        + _more(j.shipped_fixes),
    )
    lines += _part(
        "Gone stale",
        [
            f"• {escape(s.name)} (`{escape(s.where)}`): {w.reasons(s.reasons)}"
            for s in j.stale_steps.items
        ]
        + _more(j.stale_steps),
    )
    lines += _part(
        "Opportunities nobody owns",
        [f"• {escape(o.title)} ({w.status(o.status)})" for o in j.unowned_opportunities.items]
        + _more(j.unowned_opportunities),
    )
    lines += _part("KPIs", [f"• {escape(k.name)}: {escape(w.kpi(k))}" for k in j.kpis])
    if j.tickets and j.tickets_week:
        lines += _part(
            f"Tickets, week of {j.tickets_week.isoformat()}",
            [f"• {escape(s.name)}: {s.tickets}" for s in j.tickets],
        )
    lines += _part(
        "Going well",
        [
            f"• {escape(m.name)} ({m.emotion:+d})" + (f": {escape(m.reason)}" if m.reason else "")
            for m in j.positive_moments
        ],
    )
    return lines


def sections(lines: list[str], limit: int = SECTION_LIMIT) -> list[Block]:
    """``lines`` in as few sections as fit ``limit`` characters each (a line longer than
    that is cut)."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = 0
    for line in (clip(line, limit) for line in lines):
        if chunk and size + 1 + len(line) > limit:
            blocks.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + (1 if size else 0)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return blocks


def _journey_blocks(j: JourneyDigest) -> list[Block]:
    owner = f" · owner {escape(j.owner)}" if j.owner else ""
    title = section(f"*{escape(j.title)}*  `{escape(j.key)}`{owner}")
    return [{"type": "divider"}, title, *sections(journey_lines(j))]


def _period_line(digest: Digest) -> str:
    period = digest.period
    if digest.complete:
        return escape(period.label())
    as_of = digest.as_of.astimezone(period.start.tzinfo).strftime("%a %d %b %H:%M")
    return f"{escape(period.label())} · so far (as of {as_of})"


def digest_text(digest: Digest) -> str:
    """The notification text of the digest's first message."""
    news = len(digest.journeys)
    return clip(
        f"Journey digest for {escape(digest.workspace_name)}, {escape(digest.period.label())}: "
        f"{news} journey{'s' if news != 1 else ''} with news, "
        f"{len(digest.overdue_reviews)} review{'s' if len(digest.overdue_reviews) != 1 else ''}"
        " overdue",
        FALLBACK_LIMIT,
    )


def digest_messages(digest: Digest, *, late: bool = False) -> list[Message]:
    """The digest as ``chat.postMessage`` payloads (``text`` and ``blocks``), in order.

    Args:
        digest: what ``build_digest`` produced.
        late: say at the top that the digest is late and which period it covers (a
            digest sent after its time, e.g. once the scheduler is back).
    """
    opening: list[Block] = [
        header(f"Journey digest: {digest.workspace_name}"),
        context(_period_line(digest)),
    ]
    if late:
        opening.append(
            section(
                f":hourglass: *This digest is late:* it covers {escape(digest.period.label())}."
            )
        )
    if not digest.journeys and not digest.quiet:
        opening.append(section("No active journeys in this workspace."))
    if digest.overdue_reviews:
        opening += sections(
            ["*Reviews overdue*"]
            + [
                f"• *{escape(r.title)}* (`{escape(r.key)}`): {escape(w.review(r))}"
                for r in digest.overdue_reviews
            ]
        )
    groups = [opening] + [_journey_blocks(j) for j in digest.journeys]
    if digest.quiet:
        names = ", ".join(escape(j.title) for j in digest.quiet)
        groups.append([context(f"*Quiet* (nothing new this period): {names}")])
    return _messages(digest, groups)


def _messages(digest: Digest, groups: list[list[Block]]) -> list[Message]:
    """Groups of blocks packed into messages of at most 50 blocks, a group cut only
    when it is longer than a message can hold."""
    pages: list[list[Block]] = [[]]
    room = MESSAGE_BLOCK_LIMIT - 1  # each continued message starts with a context line
    for group in groups:
        for start in range(0, len(group), room):
            piece = group[start : start + room]
            if len(pages[-1]) + len(piece) > room:
                pages.append([])
            pages[-1] += piece
    total = len(pages)
    messages = []
    for n, blocks in enumerate(pages, start=1):
        if n > 1:
            blocks = [context(f"Journey digest, part {n} of {total}"), *blocks]
        text = digest_text(digest) if n == 1 else f"Journey digest, part {n} of {total}"
        messages.append({"text": text, "blocks": blocks})
    return messages
