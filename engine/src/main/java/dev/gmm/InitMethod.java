/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import java.util.Locale;

/**
 * How EM's starting model is made when no model is given, with scikit-learn's names and meanings.
 */
public enum InitMethod {
    /**
     * k-means++ seeding, then Lloyd iterations; the partition gives the first M-step
     * (scikit-learn's {@code 'kmeans'}, the default).
     */
    KMEANS("kmeans"),
    /**
     * k-means++ seeding alone: each component starts at its seed row, with covariance {@code
     * regCovar I} and equal weight (scikit-learn's {@code 'k-means++'}).
     */
    K_MEANS_PLUS_PLUS("k-means++"),
    /** Random responsibilities for every row, then an M-step (scikit-learn's {@code 'random'}). */
    RANDOM("random"),
    /**
     * K rows drawn at random: each component starts at its row, with covariance {@code regCovar I}
     * and equal weight (scikit-learn's {@code 'random_from_data'}).
     */
    RANDOM_FROM_DATA("random_from_data");

    private final String id;

    InitMethod(String id) {
        this.id = id;
    }

    /** scikit-learn's name: kmeans, k-means++, random or random_from_data. */
    public String id() {
        return id;
    }

    /**
     * A name as scikit-learn spells it (any case; '-' and '_' alike), or one of gmm's old
     * spellings.
     */
    public static InitMethod parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (t) {
            case "kmeans", "kmeans++":
                return KMEANS;
            case "k-means++":
                return K_MEANS_PLUS_PLUS;
            case "random":
                return RANDOM;
            case "random-from-data":
                return RANDOM_FROM_DATA;
            default:
                throw GmmException.input(
                        "unknown initialisation '"
                                + text
                                + "'; expected kmeans, k-means++, random or random_from_data");
        }
    }

    /**
     * For one of gmm's old spellings, a one-line notice of what it now means; null for a current
     * name. ({@code kmeans++} was k-means++ seeding then Lloyd, which is scikit-learn's {@code
     * kmeans}; {@code random-from-data} gave every component the data's covariance.)
     */
    public static String oldSpelling(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("kmeans++")) {
            return "'kmeans++' is now spelled 'kmeans' (k-means++ seeding then Lloyd iterations, scikit-learn's"
                    + " 'kmeans'); 'k-means++' is the seeding alone";
        }
        if (t.equals("random-from-data")) {
            return "'random-from-data' now means scikit-learn's 'random_from_data': each component starts at a"
                    + " random row with covariance regCovar I (it used to get the data's covariance)";
        }
        return null;
    }
}
