"""The back-office screen of the audit log (操作日志): searchable by supervisors within their region."""
