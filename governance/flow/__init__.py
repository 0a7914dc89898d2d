"""The lifecycle engine: tables of moves (table), how users stand to records (relations), the one
step function (engine), the timeline and the after-commit effects. See docs/architecture.md."""
