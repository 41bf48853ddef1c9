"""Back-office pages of 约稿 (commissions) and 领导批示 (instructions with their follow-up)."""
