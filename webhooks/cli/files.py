"""``journeyops import`` and ``journeyops export``: journeys as files."""

from pathlib import Path

import click
from rich.progress import Progress

from core.enums import Origin
from core.errors import BadInput
from core.files.serialize import Format, dump_journey
from core.services.journey_files import export_journeys, import_journey_files
from webhooks.cli.context import CliContext, exits_cleanly, pass_context


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_context
@exits_cleanly
def import_(ctx: CliContext, paths: tuple[Path, ...]) -> None:
    """Create or update journeys from YAML or JSON files (or folders of them).

    Journeys are matched by key; the same file imported twice changes nothing. Every file
    is checked before anything is written: one bad journey imports none of them, and
    each problem is reported with its file, line and field (exit code 2).

    Import never deletes stages, steps or pain points that are missing from a file.
    """
    with ctx.unit_of_work(Origin.IMPORT) as uow:
        if ctx.interactive:
            with Progress(console=ctx.console, transient=True) as bar:
                task = bar.add_task("importing", total=None)
                outcomes = import_journey_files(
                    uow, paths, progress=lambda item: bar.update(task, advance=1, description=item)
                )
        else:
            outcomes = import_journey_files(uow, paths)
    for outcome in outcomes:
        detail = f" ({len(outcome.changes)} change(s))" if outcome.action == "updated" else ""
        ctx.console.print(f"{outcome.action:>9}  {outcome.key}{detail}", highlight=False)
    counts = {a: sum(o.action == a for o in outcomes) for a in ("created", "updated", "unchanged")}
    ctx.console.print(
        f"{len(outcomes)} journey(s): {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged (workspace {ctx.settings.workspace!r})",
        highlight=False,
    )


@click.command("export")
@click.argument("keys", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="File format.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write <key>.yaml / <key>.json into (created if missing). "
    "Without it, the journeys are printed.",
)
@pass_context
@exits_cleanly
def export(ctx: CliContext, keys: tuple[str, ...], fmt: Format, output: Path | None) -> None:
    """Write journeys (all of them, or the KEYS given) as files.

    The output imports back without loss: export, import into an empty database and
    export again gives the same bytes.
    """
    with ctx.unit_of_work() as uow:
        documents = export_journeys(uow, keys)
    if not documents:
        ctx.errors.print("no journeys in this workspace yet: `journeyops import FILE` adds some")
        return
    if output is None:
        if fmt == "json" and len(documents) > 1:
            raise BadInput("several journeys as JSON need a folder: add -o DIR")
        click.echo("---\n".join(dump_journey(doc, fmt) for doc in documents), nl=False)
        return
    output.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        target = output / f"{doc['key']}.{fmt}"
        target.write_text(dump_journey(doc, fmt), encoding="utf-8")
        ctx.console.print(f"wrote {target}", highlight=False)


def register(group: click.Group) -> None:
    group.add_command(import_)
    group.add_command(export)
