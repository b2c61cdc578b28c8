"""Foresight Keys desktop application (Qt). The editor arrives with issue 3."""
