"""The entry points of 互动: one function per action (intake, handling, publishing, the round)."""
