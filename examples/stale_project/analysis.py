"""A small analysis script written against pandas 1.x, numpy 1.2x and scikit-learn 1.1."""

import numpy as np
import pandas as pd
from sklearn.preprocessing import OneHotEncoder


def load(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, squeeze=False, mangle_dupe_cols=True)
    frame.to_csv("copy.csv", line_terminator="\n")
    return frame


def combine(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    return first.append(second, ignore_index=True)


def summary(values):
    total = np.product(values)
    ratio = np.float_(total) / len(values)
    mask = np.in1d(values, [1, 2, 3])
    return total, ratio, mask


encoder = OneHotEncoder(sparse=False)
