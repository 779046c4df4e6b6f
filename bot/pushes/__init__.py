"""Scheduled pushes: the calendar, what each push says, who receives it, and its exactly-once delivery."""
