"""The lint pipeline (`pipeline`): read, match, run the rules, apply inline suppressions
(`suppress`) and the project configuration (`config`); and `examples`, which lints the
termbase's own examples."""
