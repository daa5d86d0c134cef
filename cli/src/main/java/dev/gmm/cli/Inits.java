/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.InitMethod;

/**
 * --init as fit and select read it: scikit-learn's names, and gmm's old spellings with a notice.
 */
final class Inits {

    private Inits() {}

    static InitMethod parse(String text, Console console) {
        InitMethod m = InitMethod.parse(text);
        String old = InitMethod.oldSpelling(text);
        if (old != null) {
            console.note("note: --init %s", Flags.inCliTerms(old));
        }
        return m;
    }
}
