"""The commissions screens' staff sections."""


def register() -> None:
    """Nothing registered yet."""
