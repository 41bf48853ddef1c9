"""The staff screen of the working-day calendar (工作日历), mounted in the back office."""
