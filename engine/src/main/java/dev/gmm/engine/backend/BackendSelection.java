package dev.gmm.engine.backend;

/** The provider chosen for a run, what its probe said, and why it was chosen, in words. */
public record BackendSelection(BackendProvider provider, Availability availability, String reason) {
}
