"""Inference: the Predictor, its beam search over characters, and how word candidates are ranked."""
