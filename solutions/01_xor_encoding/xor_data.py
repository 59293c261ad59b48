# Exercise 1.1 — the XOR truth table (2 points), assignment 01_xor_encoding
# Generated from source/01_xor_encoding/01_xor_encoding.ipynb by `python -m nncourse build`: edit the source, not this file.
# Placeholders of the right shapes and dtype: replace them with the XOR table.
X = np.zeros((4, 2))  # inputs A and B: shape (4, 2), dtype float64, rows in the table's order
y = np.zeros((4, 1))  # A XOR B: shape (4, 1), a column, dtype float64
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
y = np.array([[0], [1], [1], [0]], dtype=np.float64)
