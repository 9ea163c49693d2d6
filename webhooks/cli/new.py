"""``journeyops new``: start a journey file from a stage preset."""

from pathlib import Path

import click

from core.enums import JourneyType
from core.errors import BadInput
from core.files.scaffold import HEADER, scaffold_journey
from core.files.serialize import dump_journey
from core.presets import PRESETS
from webhooks.cli.context import CliContext, exits_cleanly, pass_context

PRESET_HELP = "; ".join(f"{key}: {p.description}" for key, p in PRESETS.items())


@click.command("new")
@click.argument("key")
@click.option("--title", help="The map's title (default: from the key).")
@click.option(
    "--preset",
    type=click.Choice(list(PRESETS)),
    default="lifecycle",
    show_default=True,
    help=f"Stages to start with. {PRESET_HELP}.",
)
@click.option(
    "--type",
    "journey_type",
    type=click.Choice([t.value for t in JourneyType]),
    default=JourneyType.CURRENT_STATE.value,
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: KEY.yaml here). An existing file is never overwritten.",
)
@pass_context
@exits_cleanly
def new(
    ctx: CliContext,
    key: str,
    title: str | None,
    preset: str,
    journey_type: str,
    output: Path | None,
) -> None:
    """Write a new journey file KEY.yaml with the stages of a preset, to fill in and import."""
    document = scaffold_journey(key, title, JourneyType(journey_type), preset)
    target = output or Path(f"{key}.yaml")
    if target.exists():
        raise BadInput(f"{target} exists already; choose another file with -o")
    text = HEADER.format(file=target, key=key) + dump_journey(document, "yaml")
    target.write_text(text, encoding="utf-8")
    ctx.console.print(
        f"wrote {target}: {len(document['stages'])} stages from the {preset} preset. "
        f"Add steps, then `journeyops import {target}`.",
        highlight=False,
    )


def register(group: click.Group) -> None:
    group.add_command(new)
