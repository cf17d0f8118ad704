"""Email and Telegram channels: pure parsing and composing (mime, autoreply, compose,
tg_updates) and, later, the pollers that connect them to the services.

Nothing here is imported on the `tt add` path, and this package imports nothing itself:
imapclient, python-telegram-bot and inscriptis load only when a channel module is used.
"""
