"""Slack: the Bolt app, its listeners and message builders (DESIGN.md section 1).

``bolt_app.build_bolt_app(settings, store)`` builds the app in either mode (one
workspace, or the OAuth install: ``teams``, ``oauth``); ``flask_mount.mount_slack`` puts
it on ``/slack/events`` of the Flask app, ``socket_mode`` serves it over Socket Mode.
Features register their listeners through ``features.FEATURES`` and reach the store only
through ``deps.SlackDeps``: ``mentions`` and ``mention_picks`` (log a pain point by
mention, with pickers), ``pain_point_actions`` (the confirmation's buttons,
``thread_capture``), ``add_to_journey`` (the message shortcut's modal),
``journey_command`` (``/journey``), ``app_home``, ``alerts`` (posted once per crossing)
and ``close_loop`` (asking evidence threads whether a shipped fix worked);
``spike_alerts`` posts ticket-volume spikes (called after ticket pulls and webhooks, no
listener of its own). Block Kit
builders are in ``blocks/``, most of what the bot says in ``messages``;
``manifest.yaml`` is the app's manifest.
"""
