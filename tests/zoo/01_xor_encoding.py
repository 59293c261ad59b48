from nncourse.zoo import Bug

BUGS = [
    Bug("xor_data", "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
        "y = np.array([0, 1, 1, 0], dtype=np.float64)",
        "y as a flat vector of shape (4,) instead of a column", ("test_xor_data",)),
    Bug("xor_data", "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)",
        "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])",
        "X left as integers (dtype int64)", ("test_xor_data",)),
    Bug("xor_data", "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
        "y = np.array([[1], [0], [0], [1]], dtype=np.float64)",
        "y holds XNOR, not XOR", ("test_xor_data",)),
    Bug("xor_data", "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)",
        "X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float64)",
        "rows (0,1) and (1,0) swapped: not the table's order", ("test_xor_data",)),
    Bug("truth_table", "shifts = np.arange(n_inputs - 1, -1, -1)", "shifts = np.arange(n_inputs)",
        "least significant bit in column 0 (columns reversed)", ("test_truth_table",)),
    Bug("truth_table", "shifts = np.arange(n_inputs - 1, -1, -1)", "shifts = np.arange(1, -1, -1)",
        "always builds a 2-input table, ignoring n_inputs", ("test_truth_table",)),
    Bug("truth_table", "return X, y", "return X, y.ravel()",
        "y returned flat, shape (2**n,)", ("test_truth_table",)),
    Bug("truth_table", "gate(*map(int, row))", "gate(*row.astype(np.float64))",
        "calls the gate with floats: a & b raises a TypeError", ("test_truth_table",)),
    Bug("truth_table", "bits = (np.arange(2 ** n_inputs)[:, None] >> shifts) & 1",
        "bits = (np.arange(2 ** min(n_inputs, 8))[:, None] >> shifts) & 1",
        "caps the table at 8 inputs (256 rows): fine up to 4, wrong at 10", ("test_truth_table",)),
    Bug("threshold_unit", "(z > 0)", "(z >= 0)",
        "fires on a weighted sum of exactly 0", ("test_threshold_unit",)),
    Bug("threshold_unit", "return (z > 0).astype(np.float64).reshape(-1, 1)",
        "return (z > 0).astype(np.float64)",
        "returns shape (N,) instead of a column (N, 1)", ("test_threshold_unit",)),
    Bug("threshold_unit", "z = X @ w + b", "z = X @ w - b",
        "subtracts the bias", ("test_threshold_unit",)),
    Bug("threshold_unit", "return (z > 0).astype(np.float64).reshape(-1, 1)",
        "return (z > 0).reshape(-1, 1)", "returns booleans, not float64", ("test_threshold_unit",)),
    Bug("gate_weights", "w_and, b_and = np.array([1.0, 1.0]), -1.5",
        "w_and, b_and = np.array([1.0, 1.0]), -1.05",
        "AND line right next to the corners: fails on noisy inputs", ("test_gate_weights",)),
    Bug("gate_weights", "w_and, b_and = np.array([1.0, 1.0]), -1.5",
        "w_and, b_and = np.array([1.0, 1.0]), -1.9",
        "AND right on the corners, wrong within 0.2 of (1, 1) (the visible spot check)",
        ("test_gate_weights",)),
    Bug("gate_weights", "w_or, b_or = np.array([1.0, 1.0]), -0.5",
        "w_or, b_or = np.array([1.0, 1.0]), -1.5", "OR given AND's bias", ("test_gate_weights",)),
    Bug("gate_weights", "w_and, b_and = np.array([1.0, 1.0]), -1.5",
        "w_and, b_and = np.array([[1.0], [1.0]]), -1.5",
        "AND weights as a (2, 1) column", ("test_gate_weights",)),
    Bug("gate_weights", "w_or, b_or = np.array([1.0, 1.0]), -0.5",
        "w_or, b_or = np.array([1.0, 0.6]), -0.5",
        "OR with a weak second weight: right on the corners, wrong near (0, 1) only "
        "(a hidden noise square)", ("test_gate_weights",)),
    Bug("xor_weights", "b2 = np.array([-1.5])", "b2 = np.array([-0.5])",
        "output unit computes OR of the hidden units, not AND", ("test_xor_weights",)),
    Bug("xor_weights", "b1 = np.array([-0.5, 1.5, 0.0])", "b1 = np.array([-0.9, 1.9, 0.0])",
        "hidden lines hug the corners: fails on noisy inputs", ("test_xor_weights",)),
    Bug("xor_weights", "W2 = np.array([[1.0], [1.0], [0.0]])", "W2 = np.array([1.0, 1.0, 0.0])",
        "W2 as a flat vector of shape (3,)", ("test_xor_weights",)),
]

# Other correct answers: each must keep full marks.
ALTERNATIVES = [
    Bug("xor_data", "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)\n"
                    "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
        "X = np.array([[a, b] for a in (0, 1) for b in (0, 1)], dtype=float)\n"
        "y = (X[:, [0]] != X[:, [1]]).astype(float)",
        "a comprehension for X, y computed from X's columns", ()),
    Bug("xor_data", "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)\n"
                    "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
        "import itertools\nX = np.array(list(itertools.product([0.0, 1.0], repeat=2)))\n"
        "y = X.sum(axis=1, keepdims=True) % 2",
        "itertools.product, XOR as the sum mod 2", ()),
    Bug("truth_table", "    shifts = np.arange(n_inputs - 1, -1, -1)\n"
                       "    bits = (np.arange(2 ** n_inputs)[:, None] >> shifts) & 1\n"
                       "    X = bits.astype(np.float64)\n"
                       "    y = np.array([[1.0 if gate(*map(int, row)) else 0.0] for row in bits])\n",
        "    import itertools\n"
        "    rows = list(itertools.product((0, 1), repeat=n_inputs))\n"
        "    X = np.array(rows, dtype=float)\n"
        "    y = np.array([[float(bool(gate(*row)))] for row in rows])\n",
        "itertools.product of Python ints", ()),
    Bug("truth_table", "    shifts = np.arange(n_inputs - 1, -1, -1)\n"
                       "    bits = (np.arange(2 ** n_inputs)[:, None] >> shifts) & 1\n"
                       "    X = bits.astype(np.float64)\n"
                       "    y = np.array([[1.0 if gate(*map(int, row)) else 0.0] for row in bits])\n",
        "    X = np.zeros((2 ** n_inputs, n_inputs))\n"
        "    y = np.zeros((2 ** n_inputs, 1))\n"
        "    for i in range(2 ** n_inputs):\n"
        "        row = [int(c) for c in format(i, f'0{n_inputs}b')]\n"
        "        X[i] = row\n"
        "        y[i, 0] = 1.0 if gate(*row) else 0.0\n",
        "a loop over binary strings (format(i, '0nb'))", ()),
    Bug("threshold_unit", "    z = X @ w + b\n    return (z > 0).astype(np.float64).reshape(-1, 1)",
        "    return np.where(np.dot(X, w) + b > 0, 1.0, 0.0)[:, None]",
        "np.where and np.dot, a column by [:, None]", ()),
    Bug("threshold_unit", "    z = X @ w + b\n    return (z > 0).astype(np.float64).reshape(-1, 1)",
        "    out = np.zeros((len(X), 1))\n"
        "    for i, row in enumerate(X):\n"
        "        total = b\n"
        "        for xi, wi in zip(row, w):\n"
        "            total += xi * wi\n"
        "        out[i, 0] = 1.0 if total > 0 else 0.0\n"
        "    return out",
        "a loop over rows and inputs", ()),
    Bug("gate_weights", "w_and, b_and = np.array([1.0, 1.0]), -1.5\n"
                        "w_or, b_or = np.array([1.0, 1.0]), -0.5",
        "w_and, b_and = np.array([2, 2]), -3\nw_or, b_or = np.array([2, 2]), -1",
        "integer weights and biases, scaled by 2", ()),
    Bug("gate_weights", "w_and, b_and = np.array([1.0, 1.0]), -1.5\n"
                        "w_or, b_or = np.array([1.0, 1.0]), -0.5",
        "w_and, b_and = np.array([1.0, 1.2]), np.float64(-1.7)\n"
        "w_or, b_or = [0.5, 0.5], -0.25",
        "unequal AND weights, a numpy bias, OR weights as a list", ()),
    Bug("xor_weights", "W1 = np.array([[1.0, -1.0, 0.0],\n               [1.0, -1.0, 0.0]])\n"
                       "b1 = np.array([-0.5, 1.5, 0.0])   # h1 = OR, h2 = NAND, h3 unused\n"
                       "W2 = np.array([[1.0], [1.0], [0.0]])\n"
                       "b2 = np.array([-1.5])             # output = AND(h1, h2)",
        "W1 = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0]])\n"
        "b1 = np.array([-0.5, -1.5, 0.0])   # h1 = OR, h2 = AND\n"
        "W2 = np.array([[1.0], [-1.0], [0.0]])\n"
        "b2 = np.array([-0.5])              # h1 and not h2",
        "OR and not AND", ()),
    Bug("xor_weights", "W1 = np.array([[1.0, -1.0, 0.0],\n               [1.0, -1.0, 0.0]])\n"
                       "b1 = np.array([-0.5, 1.5, 0.0])   # h1 = OR, h2 = NAND, h3 unused\n"
                       "W2 = np.array([[1.0], [1.0], [0.0]])\n"
                       "b2 = np.array([-1.5])             # output = AND(h1, h2)",
        "W1 = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]])\n"
        "b1 = np.array([-0.5, -0.5, 1.0])   # x1 and not x2, x2 and not x1, always on\n"
        "W2 = np.array([[1.0], [1.0], [0.0]])\n"
        "b2 = np.array([-0.5])              # OR of the first two",
        "(x1 and not x2) or (x2 and not x1), a third unit that always fires and is ignored", ()),
]
