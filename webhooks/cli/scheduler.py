"""``journeyops scheduler``: the background jobs in a process of their own."""

import logging

import click

from webhooks.cli.context import CliContext, exits_cleanly, pass_context
from webhooks.cli.stopping import stop_on_signals
from webhooks.runtime import Runtime
from webhooks.scheduler import build_scheduler

logger = logging.getLogger(__name__)


@click.command("scheduler")
@pass_context
@exits_cleanly
def scheduler(ctx: CliContext) -> None:
    """Run the background jobs, and no HTTP, until Ctrl-C or SIGTERM: for when `journeyops
    serve --workers N` runs several web workers (which run no jobs).

    The jobs: publishing dirty Confluence pages, Slack alerts, asking shipped fixes'
    threads, digests, review reminders and ticket pulls, each as its settings enable it.
    Each workspace's run of a period is claimed in the database first, so two schedulers
    on one PostgreSQL (or a restart mid-run) never run it twice.
    """
    ctx.store.ensure_ready()
    jobs = build_scheduler(Runtime(ctx.settings, ctx.store))
    stop = stop_on_signals()
    jobs.start()
    names = ", ".join(job.id for job in jobs.get_jobs()) or "none configured"
    ctx.console.print(f"journeyops scheduler running (workspace {ctx.settings.workspace})")
    ctx.console.print(f"background jobs: {names}")
    ctx.console.print("Ctrl-C stops.")
    logger.info("scheduler.started", extra={"jobs": names})
    stop.wait()
    jobs.shutdown(wait=True)
    logger.info("scheduler.stopped")


def register(group: click.Group) -> None:
    group.add_command(scheduler)
