# Exercise 5.5 — MNIST, tuned on the validation split (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
# mnist_config: dict with keys "hidden" (list of at most 2 ints, each 1..256), "epochs" (int, 1..20),
# "batch_size" (int >= 8), "lr" (float > 0) and "momentum" (float in [0, 1))
mnist_config = {"hidden": [16], "epochs": 1, "batch_size": 256, "lr": 0.01, "momentum": 0.0}
mnist_config = {"hidden": [128], "epochs": 6, "batch_size": 64, "lr": 0.1, "momentum": 0.9}
