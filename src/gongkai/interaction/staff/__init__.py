"""The back-office screens of 互动 (互动交流): the message list, a message's page with its actions,
the publishing screen (masked preview and scan), and the kinds of message."""
