"""``journeyops journeys`` and ``journeyops show``: looking at journeys in a terminal."""

import click
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from core.emotion_curve import emotion_curve_lines
from core.services.journey_view import JourneyView, journey_view
from core.services.journeys import list_journeys
from core.services.lookup import journey_by_key
from core.services.ticket_volume import StepVolume, step_volumes
from templates import environment
from webhooks.cli.context import CliContext, exits_cleanly, pass_context

CONFIDENCE_STYLE = {"assumption": "red", "evidenced": "yellow", "validated": "green"}
IMPACT_STYLE = {"abandon": "bold red", "workaround": "yellow", "trivial": "dim"}
TICKET_WEEKS = 4  # the weeks `show` counts tickets over, this one included


@click.command("journeys")
@pass_context
@exits_cleanly
def journeys(ctx: CliContext) -> None:
    """List the journeys of the workspace."""
    with ctx.unit_of_work() as uow:
        found = list_journeys(uow)
        if not found:
            ctx.console.print("No journeys yet: `journeyops import examples/` adds three.")
            return
        table = Table(box=None)
        table.add_column("key", no_wrap=True, overflow="ignore")  # people copy keys whole
        for name in ("title", "type", "status", "owner", "version"):
            table.add_column(name)
        for j in found:
            table.add_row(j.key, j.title, j.type, j.status, j.owner or "-", str(j.version))
        ctx.console.print(table)


@click.command("show")
@click.argument("key")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown to paste into a document.",
)
@click.option("--limit", default=5, show_default=True, help="How many top pain points.")
@pass_context
@exits_cleanly
def show(ctx: CliContext, key: str, fmt: str, limit: int) -> None:
    """Show one journey: lens, stages and steps, emotion curve, top pain points."""
    with ctx.unit_of_work() as uow:
        view = journey_view(uow, journey_by_key(uow, key))
        curve = emotion_curve_lines([t.emotion for s in view.journey.stages for t in s.touchpoints])
        tickets = step_volumes(uow, view.journey, weeks=TICKET_WEEKS)
        if fmt == "markdown":
            template = environment().get_template("text/journey.md.j2")
            text = template.render(view=view, curve=curve, limit=limit, tickets=tickets)
            click.echo(text, nl=False)
            return
        ctx.console.print(_render(view, curve, limit, tickets))


def _tickets(tickets: list[StepVolume]) -> Panel:
    table = Table("step", "this week", f"last {TICKET_WEEKS} weeks", "rule", box=None)
    for step in tickets:
        table.add_row(
            step.where,
            str(step.volume.this_week),
            str(step.volume.total),
            Text("\n".join(step.rules)),  # a rule is text, not markup: cf[10010] stays
        )
    return Panel(table, title="tickets per step, by rule", title_align="left")


def _render(view: JourneyView, curve: list[str], limit: int, tickets: list[StepVolume]) -> Group:
    j = view.journey
    lens = Text()
    lens.append(f"{j.title}\n", style="bold")
    lens.append(f"{j.key} · {j.type.replace('_', ' ')} · {j.status} · v{j.version} · ")
    lens.append(f"confidence {view.confidence}\n", style=CONFIDENCE_STYLE[view.confidence])
    if j.persona:
        lens.append(
            f"Persona: {j.persona.name}" + (f" ({j.persona.role})" if j.persona.role else "")
        )
        lens.append("\n")
    for label, value in (("Scenario", j.scenario), ("Goal", j.goal), ("Owner", j.owner)):
        if value:
            lens.append(f"{label}: {value}\n")
    if j.last_reviewed:
        lens.append(f"Last reviewed: {j.last_reviewed}\n")

    steps = Table("#", "stage", "step", "channel", "emotion", "confidence", "stale", box=None)
    number = 0
    for stage in j.stages:
        for tp in stage.touchpoints:
            number += 1
            tv = view.touchpoints[tp.id]
            emotion = "?" if tp.emotion is None else (f"{tp.emotion:+d}" if tp.emotion else "0")
            steps.add_row(
                str(number),
                stage.name,
                tp.name + (" ★" if tp.moment_of_truth else ""),
                tp.channel,
                emotion,
                Text(str(tv.confidence), style=CONFIDENCE_STYLE[tv.confidence]),
                ", ".join(tv.staleness.reasons) or "-",
            )

    pains = Table(box=None)
    for name in ("score", "pain point", "where", "impact", "confidence", "evidence"):
        # A key folds onto the next line rather than losing its end: people copy it.
        pains.add_column(name, overflow="fold" if name == "where" else "ellipsis")
    for pv in view.pain_points[:limit]:
        p = pv.pain_point
        pains.add_row(
            f"{pv.score:.2f}",
            p.title,
            pv.where,
            Text(p.impact, style=IMPACT_STYLE[p.impact]),
            Text(str(pv.confidence), style=CONFIDENCE_STYLE[pv.confidence]),
            str(len(pv.evidence)),
        )
    return Group(
        Panel(lens, title="lens", title_align="left"),
        Panel(steps, title="stages and steps (★ moment of truth)", title_align="left"),
        Panel(Text("\n".join(curve)), title="emotion curve", title_align="left"),
        Panel(pains, title=f"top {limit} pain points by score", title_align="left"),
        *([_tickets(tickets)] if tickets else []),
    )


def register(group: click.Group) -> None:
    group.add_command(journeys)
    group.add_command(show)
