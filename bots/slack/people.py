"""Finding the Slack person a journey's ``owner`` names: a user id (``U0123ABCD`` or
``<@U0123ABCD>``), an e-mail address (``users.lookupByEmail``), or a name matched, case
and accents aside, against the team's real and display names (``users.list``). A name
two people share finds no one: a reminder to the wrong person is worse than none."""

import re
import unicodedata

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

USER_ID = re.compile(r"^<?@?([UW][A-Z0-9]{6,})(?:\|[^>]*)?>?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


def find_person(client: WebClient, owner: str) -> str | None:
    """The Slack user id ``owner`` names in the client's team, or None.

    Raises:
        SlackApiError: Slack refused the lookup for another reason than "no such user".
    """
    owner = owner.strip()
    if found := USER_ID.match(owner):
        return found.group(1)
    if EMAIL.match(owner):
        try:
            return str(client.users_lookupByEmail(email=owner)["user"]["id"])
        except SlackApiError as exc:
            if exc.response.get("error") == "users_not_found":
                return None
            raise
    wanted = _folded(owner)
    matches = set()
    for page in client.users_list(limit=200):
        for member in page.get("members", []):
            if member.get("deleted") or member.get("is_bot"):
                continue
            profile = member.get("profile") or {}
            names = (member.get("real_name"), profile.get("real_name"), profile.get("display_name"))
            if any(name and _folded(str(name)) == wanted for name in names):
                matches.add(str(member["id"]))
    return matches.pop() if len(matches) == 1 else None
