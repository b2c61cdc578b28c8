"""What text is to the engine: words, sentence ends and spacing, normal form, everyday spelling."""
