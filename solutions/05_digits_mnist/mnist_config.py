# Exercise 5.8 — 90 % on MNIST (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
# mnist_config: dict with keys "hidden", "epochs" (int <= 20), "batch_size" (int >= 8), "lr", "momentum"
mnist_config = {"hidden": [128], "epochs": 6, "batch_size": 64, "lr": 0.1, "momentum": 0.9}
