/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gmm.data.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output appears whole with ordinary permissions, or not at all. */
class AtomicOutputTest {

    @TempDir Path dir;

    @Test
    void outputGetsThePermissionsOfAnyNewFile() throws IOException {
        Assumptions.assumeTrue(
                Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null,
                "the file system has no POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path out = dir.resolve("out.txt");
        AtomicOutput.write(out, o -> o.write("hi".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        assertEquals("hi", Files.readString(out));
    }

    @Test
    void failedWriterLeavesNothing() throws IOException {
        Path out = dir.resolve("out.txt");
        assertThrows(
                IllegalStateException.class,
                () ->
                        AtomicOutput.write(
                                out,
                                o -> {
                                    o.write(1);
                                    throw new IllegalStateException("boom");
                                }));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
