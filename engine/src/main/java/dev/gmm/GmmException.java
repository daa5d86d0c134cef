/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

/**
 * The one exception type the engine throws on purpose. Its {@link Category} tells a caller (the
 * command line, say) whether the user can fix it by changing input or settings, or whether it is
 * the engine's own fault; the message is one line meant for a person.
 */
public class GmmException extends RuntimeException {

    /** What kind of failure this is; the command line maps it to an exit code. */
    public enum Category {
        /** Bad data or bad settings: the user changes the input. */
        INPUT,
        /**
         * The numbers went wrong (a covariance lost positive definiteness): the user changes
         * settings.
         */
        NUMERIC,
        /** The requested backend cannot run here. */
        BACKEND,
        /** A device backend disagreed with the CPU reference beyond the tolerance. */
        VERIFICATION,
        /** The fit was cancelled by its listener. */
        CANCELLED,
        /** A defect of the engine. */
        INTERNAL
    }

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is. */
    private final Category category;

    /** A failure of {@code category}, described in one line for a person. */
    public GmmException(Category category, String message) {
        super(message);
        this.category = category;
    }

    /** As {@link #GmmException(Category, String)}, with the exception that caused it. */
    public GmmException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    /** What kind of failure this is, and so who can fix it. */
    public Category category() {
        return category;
    }

    /** Bad data or settings, which the caller fixes. */
    public static GmmException input(String message) {
        return new GmmException(Category.INPUT, message);
    }
}
