"""Attention helpers.

>>> softmax(np.array([0.0, 0.0]))
array([0.5, 0.5])
"""
import numpy as np


def softmax(x):
    """Softmax over the last axis.

    >>> softmax(np.array([1.0, 2.0, 3.0])).round(3)
    array([0.09 , 0.245, 0.665])
    >>> softmax(np.array([[0.0, 1.0]]))
    array([[0.26894142, 0.73015858]])
    """
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
