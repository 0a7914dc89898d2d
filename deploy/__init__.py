"""Deployment examples and the one-machine scaled stack (deploy/stack.py, deploy/run-scaled.sh)."""
