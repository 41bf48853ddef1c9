"""What the urgent part of 政务信息报送 registers on the platform's registry: its "我的工作" entries,
round jobs and audit labels."""


def register() -> None:
    """Nothing registered yet."""
