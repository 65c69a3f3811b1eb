"""What a CI gate adds after linting: baselines of accepted findings and the lines changed since
a git commit."""
