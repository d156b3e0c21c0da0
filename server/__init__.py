"""The command line and the web service."""
