# Exercise 5.4 — two sanity checks before training (4 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
def shrink_output_layer(model, scale=0.01):
    """Scale the weights of the model's output layer by scale and set its biases to 0.

    Parameters
    ----------
    model : Sequential (nn.py) whose last layer, model.layers[-1], is a Linear layer
    scale : float
        Factor for that layer's weights W.

    Returns
    -------
    model : the same object, changed: output W multiplied by scale, output b all 0; every other
        layer unchanged.
    """
    output = model.layers[-1]
    output.W *= scale
    output.b[...] = 0.0
    return model


def overfit(model, loss_fn, optimizer, X, Y, steps):
    """Full-batch gradient descent on a few examples, to learn them by heart.

    Parameters
    ----------
    model : forward(x), backward(grad_out), params(), grads()   (a Sequential of nn.py)
    loss_fn : forward(logits, Y) -> float, backward()            (SoftmaxCrossEntropy)
    optimizer : step(params, grads)                               (SGD)
    X : np.ndarray, shape (n, D);  Y : np.ndarray, shape (n, C), one-hot
    steps : int
        Number of updates; each uses all n examples at once (no batches, no shuffling).

    Returns
    -------
    list of float, length steps
        The loss on (X, Y) at each step, computed before that step's update.
    """
    losses = []
    for _ in range(steps):
        losses.append(loss_fn.forward(model.forward(X), Y))
        model.backward(loss_fn.backward())
        optimizer.step(model.params(), model.grads())
    return losses
