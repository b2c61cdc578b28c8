"""Policies between the widgets and the workers: when learning rounds run, how documents are opened and saved."""
