# Exercise 1.4 — weights for AND and OR (2 points), assignment 01_xor_encoding
# Generated from source/01_xor_encoding/01_xor_encoding.ipynb by `python -m nncourse build`: edit the source, not this file.
# Placeholders of the right shapes (weights: shape (2,), bias: a float): this unit never fires.
w_and, b_and = np.zeros(2), 0.0
w_or, b_or = np.zeros(2), 0.0
w_and, b_and = np.array([1.0, 1.0]), -1.5
w_or, b_or = np.array([1.0, 1.0]), -0.5
