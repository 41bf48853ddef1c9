"""The scoring screens' staff sections."""


def register() -> None:
    """Nothing registered yet."""
