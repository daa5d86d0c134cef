/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/** The provider chosen for a run, what its probe said, and why it was chosen, in words. */
public record BackendSelection(
        BackendProvider provider, Availability availability, String reason) {}
