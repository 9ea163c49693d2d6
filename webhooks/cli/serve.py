"""``journeyops serve``: the HTTP app and the scheduler in one process."""

import logging
import signal
import threading
from types import FrameType

import click
from werkzeug.serving import make_server

from bots.slack.socket_mode import serve_socket_mode, stop_socket_mode
from core.errors import BadInput
from webhooks.app import create_app
from webhooks.cli.context import CliContext, exits_cleanly, pass_context
from webhooks.runtime import runtime
from webhooks.scheduler import build_scheduler
from webhooks.workers import Workers

logger = logging.getLogger(__name__)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--no-scheduler",
    is_flag=True,
    help="Serve HTTP only; run the background jobs elsewhere (`journeyops scheduler`).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Web worker processes (gunicorn) when above 1; needs PostgreSQL, and runs no "
    "background jobs: run `journeyops scheduler` beside it.",
)
@pass_context
@exits_cleanly
def serve(ctx: CliContext, host: str, port: int, no_scheduler: bool, workers: int) -> None:
    """Serve journeyops over HTTP (/healthz, /readyz and the routes of each part) and run
    the background jobs (see `journeyops scheduler --help`). With SLACK_APP_TOKEN the
    Slack bot also connects over Socket Mode (no public URL).

    Stops cleanly on Ctrl-C or SIGTERM.
    """
    if workers > 1:
        serve_workers(ctx, host, port, workers)
        return
    app = create_app(ctx.settings, ctx.store)
    server = make_server(host, port, app, threaded=True)
    slack_socket = serve_socket_mode(app, ctx.settings)
    scheduler = None if no_scheduler else build_scheduler(runtime(app))
    jobs = "off (--no-scheduler)"
    if scheduler is not None:
        scheduler.start()
        jobs = ", ".join(job.id for job in scheduler.get_jobs()) or "none configured"
    stop = threading.Event()

    def shut_down(_signum: int, _frame: FrameType | None) -> None:
        if not stop.is_set():
            stop.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shut_down)
    url = f"http://{server.host}:{server.port}"
    ctx.console.print(f"journeyops serving {url} (workspace {ctx.settings.workspace})")
    ctx.console.print(f"background jobs: {jobs}")
    if slack_socket is not None:
        ctx.console.print("Slack: connected over Socket Mode")
    ctx.console.print("Ctrl-C stops.")
    logger.info("serve.started", extra={"url": url})
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop_socket_mode(slack_socket)
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        server.server_close()
        logger.info("serve.stopped", extra={"url": url})


def serve_workers(ctx: CliContext, host: str, port: int, workers: int) -> None:
    """Several gunicorn workers; the database migrated first, by this process."""
    if ctx.settings.database_url.startswith("sqlite"):
        raise BadInput(
            "--workers needs PostgreSQL: several processes writing one SQLite file wait on "
            "each other's locks. Set JOURNEYOPS_DATABASE_URL=postgresql+psycopg://... or "
            "serve with one worker"
        )
    ctx.store.ensure_ready()
    ctx.store.dispose()  # the workers open their own connections after the fork

    def ready(url: str) -> None:
        ctx.console.print(
            f"journeyops serving {url} (workspace {ctx.settings.workspace}, {workers} workers)"
        )
        ctx.console.print("background jobs: none here; run `journeyops scheduler` beside it")
        if ctx.settings.slack_app_token is not None:
            ctx.console.print(
                "Slack: Socket Mode is not used with --workers; events come over HTTP"
            )
        ctx.console.print("Ctrl-C stops.")

    Workers(ctx.settings, host=host, port=port, workers=workers, on_ready=ready).run()


def register(group: click.Group) -> None:
    group.add_command(serve)
