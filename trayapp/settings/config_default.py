"""The commented configuration file written for a new user (``config --init``, first run)."""

DEFAULT_CONFIG = """\
# AI Status Tray configuration (TOML). Every key is optional.
# Reference: https://github.com/ai-status-tray/ai-status-tray/blob/main/docs/configuration.md

# Seconds between polls (at least 15 for real status pages).
poll_interval = 60

# Pages that answer "not modified" (304) or say they are fresh for a short while
# (Cache-Control) may be asked this often. Set it to poll_interval to ask every page alike.
cheap_poll_interval = 30

# Data saver: poll every data_saver_interval seconds instead, with no extra looks. "auto":
# while the system says the connection is metered; true: always; false: never.
data_saver = "auto"
data_saver_interval = 300

# The app's language: "en" or "id" (Bahasa Indonesia). Unset: from your system (LANG...).
# language = "id"

[catalogue]
# Built-in providers to watch; `ai-status-tray providers` lists them all.
enabled = ["openai", "anthropic", "gemini", "copilot"]

[notifications]
enabled = true
# Providers whose notifications you never want (they still show in the menu).
muted = []

# How loud each provider is: "all" (every change, the default), "outages" (outages only)
# or "silent". The settings window writes this table.
# [notifications.loudness]
# gemini = "outages"

# A provider of your own, or an override of a built-in one (same id):
# [[providers]]
# id = "acme"
# name = "Acme AI"
# type = "statuspage"        # optional: found by the app when left out
# url = "https://status.acme.ai"
# components = ["API"]       # optional: only these count
# chat_url = "https://chat.acme.ai"
# probe = "https://api.acme.ai/v1/models"   # optional: notices before the page does
# fallback_urls = ["https://acme.statuspage.io"]   # optional: the same page elsewhere,
#                            # read when the main URL answers with a bot check or a 4xx
#
# Watch only ChatGPT and the API of OpenAI:
# [[providers]]
# id = "openai"
# components = ["ChatGPT", "APIs"]
# probe = false              # no API probe for this provider
"""
