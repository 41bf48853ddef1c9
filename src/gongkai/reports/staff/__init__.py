"""The staff screens of the annual report (年度报告) and of 统计分析, mounted in the back office."""
