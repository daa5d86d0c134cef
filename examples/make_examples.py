#!/usr/bin/env python3
"""Regenerate the example data sets exactly as the project's two seed documents describe them.

heights.csv:   500 heights from N(164, 3^2) and 1500 from N(176, 5^2), shuffled (the 1-D seed).
two-blobs.csv: 1000 points from N([1, 2], [[1, 0], [0, 0.5]]) and 1000 from N([-1, -1], I),
               shuffled (the 2-D seed).
Needs numpy; the committed CSVs are what this prints with the seed below.
"""
import numpy as np

rng = np.random.default_rng(20241125)

heights = np.concatenate([rng.normal(164, 3, 500), rng.normal(176, 5, 1500)])
rng.shuffle(heights)
np.savetxt("heights.csv", heights, fmt="%.2f", header="height", comments="")

a = rng.multivariate_normal([1, 2], [[1, 0], [0, 0.5]], 1000)
b = rng.multivariate_normal([-1, -1], [[1, 0], [0, 1]], 1000)
blobs = np.concatenate([a, b])
rng.shuffle(blobs)
np.savetxt("two-blobs.csv", blobs, fmt="%.4f", delimiter=",", header="x,y", comments="")
