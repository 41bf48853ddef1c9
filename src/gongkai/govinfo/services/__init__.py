"""govinfo services: every state change, with its permission check, audit and notices."""
