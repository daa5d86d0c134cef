/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The command line is a client of the public API and the SPI: it imports no internal package. */
class BoundaryTest {

    @Test
    void noCliClassImportsAnInternalPackage() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            offenders =
                    files.filter(p -> p.toString().endsWith(".java"))
                            .flatMap(
                                    p -> {
                                        try {
                                            return Files.readAllLines(p).stream()
                                                    .filter(
                                                            l ->
                                                                    l.startsWith(
                                                                                    "import dev.gmm.engine")
                                                                            || l.startsWith(
                                                                                    "import static dev.gmm.engine"))
                                                    .map(l -> p + ": " + l);
                                        } catch (IOException e) {
                                            throw new java.io.UncheckedIOException(e);
                                        }
                                    })
                            .toList();
        }
        assertEquals(List.of(), offenders);
    }
}
