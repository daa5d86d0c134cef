package dev.gmm.spi;

/** The provider chosen for a run, what its probe said, and why it was chosen, in words. */
public record BackendSelection(BackendProvider provider, Availability availability, String reason) {
}
