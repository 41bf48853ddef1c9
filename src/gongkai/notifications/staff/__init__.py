"""The staff section of notifications (通知): the list of one's notifications, mark as read."""
