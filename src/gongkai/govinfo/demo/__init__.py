"""The demo's 政务信息报送: registered as a demo builder."""


def register() -> None:
    """Nothing registered yet."""
