"""Figures of 06_optimizers_regularization, drawn with the notebook's own code.

The optimisers, schedules, layers and training loop are not written here: ``bench_adam.reference``
exec's the notebook's given cells and its generated solutions (solutions/06_.../*.py), so the
figures show exactly what the worked answers do. The MNIST runs use the notebook's split
(3,000 training and 1,000 validation images) and one BLAS thread (reproducible bytes).
"""
import functools

import matplotlib.pyplot as plt
import numpy as np

OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
NAMES = {"sgd": "SGD", "momentum": "momentum (mu 0.9)", "nesterov": "Nesterov (mu 0.9)",
         "rmsprop": "RMSProp", "adam": "Adam"}
COLORS = {"sgd": "#7f7f7f", "momentum": "#3c78d8", "nesterov": "#6aa84f", "rmsprop": "#e69138",
          "adam": "#cc4125"}
SWEEP_LRS = tuple(float(f"{x:.0e}") for x in np.geomspace(1e-4, 1.0, 9))   # 1e-4, 3e-4, ..., 1
SWEEP_EPOCHS, CURVE_EPOCHS, HIDDEN = 3, 12, [128]
TOP = 2.5          # validation losses above this (diverged runs) are drawn at the top edge


@functools.lru_cache(maxsize=1)
def _course():
    from ..bench_adam import reference
    ns = reference()
    from sklearn.model_selection import train_test_split
    mnist = ns["load_mnist_5k"]()
    X_dev, _, y_dev, _ = train_test_split(mnist.X, mnist.y, test_size=0.2, stratify=mnist.y,
                                          random_state=0)
    X_tr, X_val, y_tr, y_val = train_test_split(X_dev, y_dev, test_size=0.25, stratify=y_dev,
                                                random_state=0)
    data = (X_tr / 255.0, np.eye(10)[y_tr], X_val / 255.0, np.eye(10)[y_val])
    return ns, data


def _fit(config):
    from threadpoolctl import threadpool_limits
    ns, (X_tr, Y_tr, X_val, Y_val) = _course()
    with threadpool_limits(1), np.errstate(all="ignore"):
        return ns["fit"](config, X_tr, Y_tr, X_val, Y_val, seed=0, live=False)


def _config(kind, lr, epochs, **extra):
    return dict({"hidden": HIDDEN, "optimizer": kind, "lr": lr, "epochs": epochs,
                 "batch_size": 64}, **extra)


@functools.lru_cache(maxsize=1)
def _sweep():
    """{optimizer: [final validation loss per lr of SWEEP_LRS]}."""
    out = {}
    for kind in OPTIMIZERS:
        losses = []
        for lr in SWEEP_LRS:
            _, history = _fit(_config(kind, lr, SWEEP_EPOCHS))
            loss = history["val_loss"][-1]
            losses.append(loss if np.isfinite(loss) else np.inf)
        out[kind] = losses
    return out


def optimizer_paths():
    ns, _ = _course()
    return ns["plot_paths"]()


def lr_sweep():
    sweep = _sweep()
    fig, ax = plt.subplots(figsize=(8.4, 4.4))
    for kind, losses in sweep.items():
        shown = np.minimum(losses, TOP)
        ax.plot(SWEEP_LRS, shown, "o-", color=COLORS[kind], label=NAMES[kind], ms=5)
        best = int(np.argmin(losses))
        ax.plot(SWEEP_LRS[best], shown[best], "o", ms=11, mfc="none", color=COLORS[kind])
    ax.axhline(np.log(10), color="k", lw=0.8, ls=":")
    ax.text(2e-3, np.log(10) + 0.03, "untrained: ln 10", fontsize=8, va="bottom")
    ax.set(xscale="log", xlabel="learning rate $\\eta$ (constant)", ylim=(0.1, TOP + 0.05),
           ylabel="validation cross-entropy",
           title=f"784-128-10 on 3,000 MNIST images: {SWEEP_EPOCHS} epochs per point, batch 64\n"
                 f"(circled: the best learning rate of each optimiser; at the top edge: "
                 f"diverged or above {TOP})")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=9)
    return fig


def optimizer_curves():
    sweep = _sweep()
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    for kind, losses in sweep.items():
        lr = SWEEP_LRS[int(np.argmin(losses))]
        _, h = _fit(_config(kind, lr, CURVE_EPOCHS))
        epochs = np.arange(1, CURVE_EPOCHS + 1)
        ax_loss.plot(epochs, h["train_loss"], "-", color=COLORS[kind],
                     label=f"{NAMES[kind]}, lr {lr:g}")
        ax_loss.plot(epochs, h["val_loss"], "--", color=COLORS[kind])
        ax_acc.plot(epochs, h["val_acc"], "--", color=COLORS[kind],
                    label=f"{NAMES[kind]}: {h['val_acc'][-1]:.1%}")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", yscale="log",
                title="training (solid) and validation (dashed) loss")
    ax_acc.set(xlabel="epoch", ylabel="validation accuracy", title="validation accuracy")
    ax_loss.legend(fontsize=8)
    ax_acc.legend(fontsize=8, title="after the last epoch", title_fontsize=8)
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
    fig.suptitle("784-128-10 on 3,000 MNIST images, each optimiser at its best learning rate of "
                 "the sweep, batch 64", fontsize=11)
    fig.tight_layout()
    return fig


L2_RUNS = {"no penalty": {}, "L2, $\\lambda = 3 \\cdot 10^{-3}$": {"l2": 3e-3},
           "L2, $\\lambda = 10^{-2}$": {"l2": 1e-2}}
L2_EPOCHS = 30


def l2_weights():
    """First-layer weights of 32 hidden units after training without and with an L2 penalty."""
    fig = plt.figure(figsize=(12, 6.4))
    grid = fig.add_gridspec(2, len(L2_RUNS), height_ratios=[1.2, 1], hspace=0.3, wspace=0.08)
    ax_loss = fig.add_subplot(grid[0, :])
    for k, (name, extra) in enumerate(L2_RUNS.items()):
        model, h = _fit(_config("momentum", 0.05, L2_EPOCHS, **extra))
        epochs = np.arange(1, L2_EPOCHS + 1)
        ax_loss.plot(epochs, h["train_loss"], "-", color=f"C{k + 2}", label=f"{name}: training")
        ax_loss.plot(epochs, h["val_loss"], "--", color=f"C{k + 2}", label=f"{name}: validation")
        W = model.layers[0].W[:, :32]
        mosaic = np.ones((4 * 29 - 1, 8 * 29 - 1)) * np.nan
        for j in range(32):
            w = W[:, j].reshape(28, 28)
            r, c = divmod(j, 8)
            mosaic[r * 29:r * 29 + 28, c * 29:c * 29 + 28] = w / np.abs(w).max()
        ax = fig.add_subplot(grid[1, k])
        ax.imshow(mosaic, cmap="RdBu_r", vmin=-1, vmax=1, interpolation="nearest")
        ax.set_title(f"{name}: first-layer weights\nof 32 units (validation accuracy "
                     f"{h['val_acc'][-1]:.1%})", fontsize=10)
        ax.axis("off")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", yscale="log",
                title=f"784-128-10, SGD with momentum (lr 0.05, mu 0.9), {L2_EPOCHS} epochs on "
                      "3,000 MNIST images")
    ax_loss.legend(fontsize=8, ncol=3)
    ax_loss.grid(alpha=0.3)
    return fig


FIGURES = {
    "06_optimizer_paths.png": optimizer_paths,
    "06_lr_sweep.png": lr_sweep,
    "06_optimizer_curves.png": optimizer_curves,
    "06_l2_weights.png": l2_weights,
}

# drawn from training runs: redrawn only when their inputs change (see figures/__init__.py)
TRAINED = {'06_optimizer_paths.png', '06_lr_sweep.png', '06_optimizer_curves.png', '06_l2_weights.png'}
