"""The "Add to journey" message shortcut end to end: the shortcut, the journey chosen in
the modal, its submission, all really signed from the stand-in; what was stored, what
the person was told and what (only when asked) the thread was told."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from core.model import PainPoint
from sandbox.slack import SEED
from sandbox.slack.model import View
from tests.bots.slack.conftest import Bot
from tests.sandbox.slack.conftest import eventually

JOURNEY = "ecommerce-checkout"


@pytest.fixture(autouse=True)
def no_listener_fails(bot: Bot) -> Iterator[None]:
    """A listener that failed after its ack would go unseen by the person: fail the test."""
    yield
    assert "slack.listener.failed" not in bot.caplog.messages


def open_modal(bot: Bot, ts: str, user: str = SEED.alice) -> View:
    request = bot.slack.events.message_shortcut(user, SEED.general, ts, "add_to_journey")
    delivery = bot.slack.events.send(request)
    assert delivery.status == 200 and delivery.acked
    assert eventually(lambda: bot.slack.state.surfaces.modal_stack(user))
    [view] = bot.slack.state.surfaces.modal_stack(user)
    return view


def choose_journey(bot: Bot, view: View, key: str = JOURNEY, user: str = SEED.alice) -> View:
    old_hash = view.hash
    request = bot.slack.events.block_action(
        user, "add_to_journey.journey", view_id=view.id, value=key
    )
    assert bot.slack.events.send(request).acked
    assert eventually(lambda: view.hash != old_hash)
    return view


def submit(bot: Bot, view: View, answers: dict[str, Any], user: str = SEED.alice) -> Any:
    delivery = bot.slack.events.send(bot.slack.events.view_submission(user, view.id, answers))
    assert delivery.status == 200
    return delivery


def existing_pain_point(bot: Bot) -> PainPoint:
    with bot.store.unit_of_work(bot.workspace) as uow:
        uow.session.expire_on_commit = False
        query = select(PainPoint).where(PainPoint.key == "hidden-delivery-cost")
        found = uow.session.scalar(query)
        assert found is not None
        return found


def test_a_thread_is_added_to_an_existing_pain_point_and_again_merges(bot: Bot) -> None:
    parent = bot.say("Delivery cost only shows at the end &lt;!channel&gt;")
    bot.say("Same for me, I left", user=SEED.alice, thread_ts=parent)
    target = existing_pain_point(bot)

    view = open_modal(bot, parent)
    assert "Capturing Bob" in str(view.payload["blocks"][0])
    assert "&lt;!channel&gt;" in str(view.payload["blocks"][0])
    assert "submit" not in view.payload  # nothing to submit before a journey is chosen
    choose_journey(bot, view)
    pain = view.option_value("target", "Delivery cost only revealed")
    delivery = submit(bot, view, {"target": pain, "note": "from #general"})

    assert delivery.effect == "view closed"
    assert bot.logged("slack.capture.added")
    [told] = bot.ephemerals()
    assert told.via != "response_url" and "Added to *Delivery cost only revealed" in told.text
    [evidence] = bot.evidence()
    assert evidence.pain_point_id == target.id
    assert (evidence.kind, evidence.external_id) == ("slack_thread", f"{SEED.general}:{parent}")
    assert "Same for me, I left" in evidence.text and evidence.note == "from #general"
    assert evidence.captured_by == SEED.alice and evidence.content_sha256
    assert evidence.permalink == bot.slack.state.chat.permalink(SEED.general, parent)
    assert bot.slack.state.chat.bot_messages() == []  # nothing public

    view = open_modal(bot, parent)
    choose_journey(bot, view)
    submit(bot, view, {"target": pain})

    assert bot.logged("slack.capture.added", 2)
    [again] = bot.ephemerals(2)[1:]
    assert "already has this" in again.text
    assert [e.id for e in bot.evidence()] == [evidence.id]  # merged, never doubled


def test_a_new_pain_point_at_a_step_from_one_message_posts_in_the_thread_when_ticked(
    bot: Bot,
) -> None:
    parent = bot.say("Checkout")
    reply = bot.say("The card form rejects spaces", thread_ts=parent)

    view = open_modal(bot, reply)
    choose_journey(bot, view)
    step = view.option_value("step", "Card")
    answers = {
        "target": "new",
        "step": step,
        "title": "card form rejects spaces <!here>",
        "replies": "message",
        "post": ["post"],
    }
    submit(bot, view, answers)

    [told] = bot.ephemerals()
    assert "Logged *card form rejects spaces &lt;!here&gt;*" in told.text
    assert told.thread_ts == parent
    [pain_point] = bot.pain_points()
    assert pain_point.title == "card form rejects spaces <!here>"
    assert pain_point.touchpoint is not None
    [evidence] = bot.evidence()
    assert (evidence.kind, evidence.external_id) == ("slack_message", f"{SEED.general}:{reply}")
    assert evidence.text == "The card form rejects spaces"
    assert eventually(lambda: bot.slack.state.chat.bot_messages())
    [posted] = bot.slack.state.chat.bot_messages()
    assert posted.thread_ts == parent
    assert "&lt;!here&gt;" in posted.text and "<!here>" not in posted.text


def test_a_new_pain_point_without_title_or_step_keeps_the_modal_open_with_errors(
    bot: Bot,
) -> None:
    ts = bot.say("Something hurts")

    view = open_modal(bot, ts)
    choose_journey(bot, view)
    delivery = submit(bot, view, {"target": "new"})

    assert delivery.effect == "errors shown"
    errors = delivery.answer_json()["errors"]
    assert set(errors) == {"title", "step"}
    assert not view.closed
    assert bot.pain_points() == [] and bot.evidence() == []
    assert bot.slack.state.chat.ephemerals_for(SEED.alice) == []
