#!/usr/bin/env python3
"""Seconds scikit-learn's GaussianMixture needs to reach a given lower bound on a peer case.

From the case's init.json, fits with tol 1e-3, 1e-4, ... 1e-10 (each from the start) until the
fit's lower_bound_ (mean log-likelihood per row at its last E-step) reaches TARGET - 1e-12, and
prints that fit's tol, iterations, seconds and lower bound as one JSON line, with every fit tried.
Usage: sklearn_to_answer.py CASE_DIR TARGET
"""
import json, os, sys, time, warnings
import numpy as np
from sklearn.mixture import GaussianMixture

case, target = sys.argv[1], float(sys.argv[2])
X = np.load(os.path.join(case, "data.npy"))
init = json.load(open(os.path.join(case, "init.json")))
covs = np.array(init["covariances"])
warnings.filterwarnings("ignore")
tried = []
for e in range(3, 11):
    tol = 10.0 ** -e
    gm = GaussianMixture(n_components=len(init["weights"]), covariance_type="full",
                         max_iter=100000, tol=tol, reg_covar=1e-6,
                         weights_init=np.array(init["weights"]), means_init=np.array(init["means"]),
                         precisions_init=np.linalg.inv(covs))
    t = time.perf_counter()
    gm.fit(X)
    t = time.perf_counter() - t
    tried.append({"tol": tol, "iterations": int(gm.n_iter_), "seconds": round(t, 3),
                  "lower_bound": float(gm.lower_bound_)})
    if gm.lower_bound_ >= target - 1e-12:
        break
print(json.dumps({"peer": "scikit-learn", "target": target, "reached": tried[-1]["lower_bound"] >= target - 1e-12,
                  "answer": tried[-1], "tried": tried}))
