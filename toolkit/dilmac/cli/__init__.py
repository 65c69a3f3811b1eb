"""The `dilmac` command line: `app` defines the command groups and shared options, one module per
group adds its commands, and `main` imports them all and runs the app."""
