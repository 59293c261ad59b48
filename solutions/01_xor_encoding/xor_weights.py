# Exercise 1.5 — XOR from three threshold units (2 points), assignment 01_xor_encoding
# Generated from source/01_xor_encoding/01_xor_encoding.ipynb by `python -m nncourse build`: edit the source, not this file.
# Placeholders of the right shapes (W1: (2, 3), b1: (3,), W2: (3, 1), b2: (1,)): never fires.
W1, b1 = np.zeros((2, 3)), np.zeros(3)
W2, b2 = np.zeros((3, 1)), np.zeros(1)
W1 = np.array([[1.0, -1.0, 0.0],
               [1.0, -1.0, 0.0]])
b1 = np.array([-0.5, 1.5, 0.0])   # h1 = OR, h2 = NAND, h3 unused
W2 = np.array([[1.0], [1.0], [0.0]])
b2 = np.array([-1.5])             # output = AND(h1, h2)
