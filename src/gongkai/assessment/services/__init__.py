"""The assessment app's actions: one service function per change, each audited."""
