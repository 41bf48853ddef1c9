"""The urgent screens' staff sections."""


def register() -> None:
    """Nothing registered yet."""
