"""The Slack part of ``journeyops demo``: against a Slack stand-in on 127.0.0.1, a person
mentions the bot to log a pain point that makes customers give up, another adds a
colleague's thread with the "Add to journey" shortcut, and the demo prints what the bot
posted: the private confirmations and the alert in the alert channel."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sandbox.slack import SEED, RunningSandbox, serve_slack
from webhooks.cli.context import CliContext

T = TypeVar("T")
JOURNEY = "ecommerce-checkout"
MENTION = (
    "pain ecommerce-checkout/card-entry: 3DS check never comes back, I gave up impact: abandon"
)
THREAD = "Delivery cost only shows at the very end, customers keep asking why"
REPLY = "Same here: three tickets about it this morning"
CAPTURE_INTO = "Delivery cost only revealed"  # the pain point the shortcut adds the thread to
WAIT = 10.0


def slack_settings(slack: RunningSandbox) -> dict[str, object]:
    """The settings (as ``load_settings`` keywords) of the one-workspace bot on the stand-in."""
    return {
        "slack_bot_token": SEED.bot_token,
        "slack_signing_secret": slack.state.app.signing_secret,
        "slack_api_url": slack.url,
    }


@contextmanager
def slack_sandbox() -> Iterator[RunningSandbox]:
    with serve_slack() as running:
        yield running


def run_slack_loop(ctx: CliContext, slack: RunningSandbox, url: str) -> None:
    """Send the mention and the shortcut to the app served at ``url``; print the answers."""
    print_ = ctx.console.print
    slack.events.configure(f"{url}/slack/events")
    events = slack.events
    chat = slack.state.chat

    print_(f'\nSlack (sandbox): Alice in #general: "@journeyops {MENTION}"', highlight=False)
    events.send(events.user_message(SEED.alice, SEED.general, f"<@{SEED.bot_user_id}> {MENTION}"))
    _wait(lambda: chat.ephemerals_for(SEED.alice))
    alerts = _wait(lambda: chat.bot_messages(SEED.general))
    for told in chat.ephemerals_for(SEED.alice):
        _show(ctx, "the bot, privately to Alice", told.text, told.blocks)
    for alert in alerts:
        _show(ctx, "the bot, in the alert channel #general", alert.text, alert.blocks)

    parent = _said(slack, SEED.bob, THREAD)
    _said(slack, SEED.alice, REPLY, thread_ts=parent)
    print_(
        f'\nBob uses "Add to journey" on his thread "{THREAD}" and adds it to '
        f'"{CAPTURE_INTO} ...":',
        highlight=False,
    )
    events.send(events.message_shortcut(SEED.bob, SEED.general, parent, "add_to_journey"))
    [view] = _wait(lambda: slack.state.surfaces.modal_stack(SEED.bob))
    shown = view.hash
    events.send(
        events.block_action(SEED.bob, "add_to_journey.journey", view_id=view.id, value=JOURNEY)
    )
    _wait(lambda: view.hash != shown)
    target = view.option_value("target", CAPTURE_INTO)
    events.send(
        events.view_submission(SEED.bob, view.id, {"target": target, "note": "from the demo"})
    )
    for told in _wait(lambda: chat.ephemerals_for(SEED.bob)):
        _show(ctx, "the bot, privately to Bob", told.text, told.blocks)


def _said(slack: RunningSandbox, user: str, text: str, thread_ts: str | None = None) -> str:
    """A person's message in #general (not to the bot: it is not sent to the app); its ts."""
    request = slack.events.user_message(user, SEED.general, text, thread_ts=thread_ts)
    return str(request.payload["event"]["ts"])


def _wait(check: Callable[[], T]) -> T:
    """``check()``'s first truthy answer (the bot works after its ack)."""
    deadline = time.monotonic() + WAIT
    while not (found := check()):
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not answer in the Slack stand-in")
        time.sleep(0.02)
    return found


def _show(ctx: CliContext, who: str, text: str, blocks: list[dict[str, Any]] | None) -> None:
    ctx.console.print(f"  {who}:", highlight=False)
    lines = block_lines(blocks) if blocks else [text]
    for line in lines:
        ctx.console.print(f"    {line}", highlight=False, markup=False)


def block_lines(blocks: list[dict[str, Any]]) -> list[str]:
    """Block Kit as the lines a person reads: texts, context, and [buttons]."""
    lines: list[str] = []
    for block in blocks:
        text = (block.get("text") or {}).get("text")
        if text:
            lines.extend(str(text).splitlines())
        parts = [
            str((e.get("text") or {}).get("text", "") if "action_id" in e else e.get("text", ""))
            for e in block.get("elements", [])
            if isinstance(e, dict)
        ]
        if block.get("type") == "actions":
            lines.append("  ".join(f"[{p}]" for p in parts if p))
        elif block.get("type") == "context":
            lines.append(" ".join(p for p in parts if p))
    return lines
