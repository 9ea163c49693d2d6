"""An issue read as a support ticket: ADF (Cloud) and wiki markup (Data Center) to text."""

from datetime import UTC, datetime

from connectors.jira.remote_issue import adf_text, remote_ticket

ADF = {
    "type": "doc",
    "version": 1,
    "content": [
        {"type": "heading", "attrs": {"level": 3}, "content": [{"type": "text", "text": "What"}]},
        {
            "type": "paragraph",
            "content": [
                {"type": "text", "text": "Paid "},
                {"type": "text", "text": "twice", "marks": [{"type": "strong"}]},
                {"type": "hardBreak"},
                {"type": "mention", "attrs": {"id": "1", "text": "@Care"}},
                {"type": "text", "text": " see "},
                {"type": "inlineCard", "attrs": {"url": "https://shop.example/o/7"}},
            ],
        },
        {
            "type": "bulletList",
            "content": [
                {
                    "type": "listItem",
                    "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a"}]}],
                },
                {
                    "type": "listItem",
                    "content": [{"type": "paragraph", "content": [{"type": "text", "text": "b"}]}],
                },
            ],
        },
    ],
}


def test_adf_keeps_the_text_with_blocks_on_their_own_lines() -> None:
    assert adf_text(ADF) == "What\nPaid twice\n@Care see https://shop.example/o/7\na\nb"


def test_a_cloud_ticket_bean() -> None:
    ticket = remote_ticket(
        {
            "id": "10042",
            "key": "SUP-7",
            "fields": {
                "summary": "Charged twice",
                "description": ADF,
                "reporter": {"accountId": "x", "displayName": "Maya Okafor"},
                "created": "2026-11-24T09:15:00.000+0000",
                "status": {"name": "Waiting for support"},
            },
        }
    )
    assert (ticket.key, ticket.summary, ticket.reporter) == (
        "SUP-7",
        "Charged twice",
        "Maya Okafor",
    )
    assert ticket.description.startswith("What\nPaid twice")
    assert ticket.created == datetime(2026, 11, 24, 9, 15, tzinfo=UTC)
    assert ticket.status == "Waiting for support"


def test_a_data_center_ticket_bean_with_parts_missing() -> None:
    ticket = remote_ticket(
        {"id": "1", "key": "SUP-1", "fields": {"summary": "Hi", "description": " *wiki* text \n"}}
    )
    assert (ticket.description, ticket.reporter, ticket.created, ticket.status) == (
        "*wiki* text",
        None,
        None,
        None,
    )
    bare = remote_ticket({"id": "2", "key": "SUP-2", "fields": {"description": None}})
    assert (bare.summary, bare.description) == ("", "")
