"""The workspaces ``serve_slack`` starts with, under fixed ids tests and demos can name.

``SEED.team_id`` ("journeyops-sandbox") has the app installed with ``SEED.bot_token``,
two people, a public channel (#general), a public channel the bot has not joined
(#random) and a private channel (#product, bot invited). ``SEED.other_team_id`` is a second
workspace with its own bot token and channel, for tests that nothing crosses workspaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.slack.state import SlackState


@dataclass(frozen=True)
class Seed:
    team_id: str = "T0CXSANDBOX"
    team_domain: str = "journeyops-sandbox"
    bot_token: str = "xoxb-T0CXSANDBOX-sandbox-bot-token"
    bot_user_id: str = "U0BOTJOPS1"
    bot_id: str = "B0BOTJOPS1"
    alice: str = "U0ALICE001"
    bob: str = "U0BOB00001"
    general: str = "C0GENERAL1"
    random: str = "C0RANDOM01"
    product: str = "G0PRODUCT1"
    other_team_id: str = "T0OTHERTEAM"
    other_bot_token: str = "xoxb-T0OTHERTEAM-sandbox-bot-token"
    other_user: str = "U0CAROL001"
    other_general: str = "C0OTHERGEN"


SEED = Seed()


def seed(state: SlackState, ids: Seed = SEED) -> SlackState:
    """Fill ``state`` with the workspaces described above; returns it."""
    space = state.workspace
    space.add_team(
        ids.team_id,
        "JourneyOps Sandbox",
        ids.team_domain,
        bot_token=ids.bot_token,
        bot_user_id=ids.bot_user_id,
        bot_id=ids.bot_id,
    )
    space.add_user(ids.team_id, ids.alice, "alice", real_name="Alice Example", is_admin=True)
    space.add_user(ids.team_id, ids.bob, "bob", real_name="Bob Example")
    people = [ids.alice, ids.bob]
    space.add_channel(
        ids.team_id, "general", channel_id=ids.general, members=people, is_general=True
    )
    space.add_channel(
        ids.team_id, "random", channel_id=ids.random, members=people, bot_member=False
    )
    space.add_channel(
        ids.team_id, "product", channel_id=ids.product, kind="private", members=[ids.alice]
    )
    space.add_team(
        ids.other_team_id, "Other Company", "other-company", bot_token=ids.other_bot_token
    )
    space.add_user(ids.other_team_id, ids.other_user, "carol", real_name="Carol Other")
    space.add_channel(
        ids.other_team_id, "general", channel_id=ids.other_general, members=[ids.other_user]
    )
    return state
