"""Writes sklearn-em.json: scikit-learn's EM, step by step, from a given start.

Run with Debian's python3-sklearn (1.2.1):  /usr/bin/python3 make_golden.py
Three overlapping components in three dimensions, 1500 rows; for each covariance type, the
start (weights, means, covariances), the lower bound of each of 20 EM steps (tol 0), and the
parameters after the 20th M-step.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

rng = np.random.default_rng(20261201)
means = np.array([[0.0, 0.0, 0.0], [1.5, 1.0, -0.5], [-1.0, 2.0, 1.0]])
covs = [np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.2], [0.0, 0.2, 0.8]]),
        np.array([[0.8, -0.2, 0.1], [-0.2, 1.2, 0.0], [0.1, 0.0, 0.6]]),
        np.array([[1.1, 0.0, 0.3], [0.0, 0.7, -0.1], [0.3, -0.1, 1.0]])]
counts = [600, 500, 400]
x = np.concatenate([rng.multivariate_normal(m, c, n) for m, c, n in zip(means, covs, counts)])
x = x[rng.permutation(len(x))]

start_means = np.array([[0.5, 0.2, 0.1], [1.0, 0.5, -0.2], [-0.5, 1.5, 0.5]])
start_weights = np.array([0.3, 0.4, 0.3])
eye = np.eye(3)


def start_covariances(kind):
    if kind == "full":
        return np.array([eye * 1.5, eye * 1.2, eye * 1.0])
    if kind == "tied":
        return eye * 1.3
    if kind == "diag":
        return np.array([[1.5, 1.4, 1.3], [1.2, 1.1, 1.0], [1.0, 0.9, 0.8]])
    return np.array([1.5, 1.2, 1.0])


def precisions(kind, c):
    if kind in ("full",):
        return np.array([np.linalg.inv(a) for a in c])
    if kind == "tied":
        return np.linalg.inv(c)
    return 1.0 / c


cases = {}
for kind in ("full", "tied", "diag", "spherical"):
    c0 = start_covariances(kind)
    gm = GaussianMixture(n_components=3, covariance_type=kind, tol=0.0, max_iter=1, reg_covar=1e-6,
                         weights_init=start_weights, means_init=start_means, precisions_init=precisions(kind, c0),
                         warm_start=True)
    bounds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for step in range(20):
            gm.fit(x)
            bounds.append(float(gm.lower_bound_))
    cases[kind] = {
        "start": {"weights": start_weights.tolist(), "means": start_means.tolist(), "covariances": c0.tolist()},
        "lowerBounds": bounds,
        "final": {"weights": gm.weights_.tolist(), "means": gm.means_.tolist(), "covariances": gm.covariances_.tolist()},
    }

with open("sklearn-em.json", "w") as f:
    json.dump({"createdBy": "scikit-learn " + sklearn.__version__ + ", make_golden.py", "regCovar": 1e-6,
               "rows": x.tolist(), "cases": cases}, f)
