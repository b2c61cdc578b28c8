"""Measuring a predictor: bits per character, simulated typing (keystroke savings, latency), and baselines."""
