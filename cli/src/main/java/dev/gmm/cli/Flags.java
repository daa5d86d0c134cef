/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine speaks its API's terms ({@code maxIter}, {@code Precision.FLOAT}); a person at the
 * command line reads the flags that set them.
 */
final class Flags {

    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("maxIter", "--max-iter");
        FLAGS.put("regCovar", "--reg-covar");
        FLAGS.put("nInit", "--n-init");
        FLAGS.put("tol", "--tol");
        FLAGS.put("initModel", "--init-model");
        FLAGS.put("CovarianceType.FULL", "--covariance-type full");
        FLAGS.put("CovarianceType.DIAG", "--covariance-type diag");
        FLAGS.put("CovarianceType.SPHERICAL", "--covariance-type spherical");
        FLAGS.put("CovarianceType.TIED", "--covariance-type tied");
        FLAGS.put("Precision.FLOAT", "--precision float");
        FLAGS.put("Precision.DOUBLE", "--precision double");
        FLAGS.put("the cpu backend", "--backend cpu");
    }

    private static final Pattern TERMS =
            Pattern.compile(
                    "(?<![\\w.-])("
                            + String.join("|", FLAGS.keySet().stream().map(Pattern::quote).toList())
                            + ")(?![\\w-])");

    private Flags() {}

    /** {@code message} with each API term that a flag sets replaced by the flag. */
    static String inCliTerms(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = TERMS.matcher(message);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(FLAGS.get(m.group(1))));
        }
        m.appendTail(b);
        return b.toString();
    }
}
