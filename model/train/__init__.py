"""Training from scratch and fine-tuning on a user's text, as generators the CLI and the app drive alike."""
