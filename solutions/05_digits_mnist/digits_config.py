# Exercise 5.7 — 95 % on the digits (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
# digits_config: dict with keys "hidden" (list of int), "epochs" (int <= 30), "batch_size" (int >= 8),
# "lr" (float > 0) and "momentum" (float in [0, 1))
digits_config = {"hidden": [64], "epochs": 12, "batch_size": 32, "lr": 0.1, "momentum": 0.9}
