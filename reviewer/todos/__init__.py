"""The dated to-do list (待办) on every home page: what waits on the signed-in person, across all
programmes, each line with its deadline and a link to where the work is done.

`items.py` holds the pure rule (what is overdue, due soon, and the order); `sources.py` the
receivers of `signals.todo_items` that each programme contributes (wired in `reviewer.wiring`).
"""
