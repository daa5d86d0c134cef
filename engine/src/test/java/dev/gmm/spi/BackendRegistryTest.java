/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.GmmException;
import dev.gmm.engine.cpu.CpuBackendProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding backends through ServiceLoader and choosing one by name or by rank. */
class BackendRegistryTest {

    /** A provider that opens nothing: the registry only names, probes and ranks. */
    private static class FakeProvider implements BackendProvider {
        private final String name;
        private final int rank;
        private final Availability availability;

        FakeProvider(String name, int rank, Availability availability) {
            this.name = name;
            this.rank = rank;
            this.availability = availability;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public Availability probe() {
            return availability;
        }

        @Override
        public ComputeBackend open(BackendOptions options) {
            throw new UnsupportedOperationException("a fake opens nothing");
        }
    }

    private static final String NO_DEVICE =
            "no OpenCL platform found; install a GPU driver with OpenCL";

    @Test
    void aBackendChosenByNameNeverProbesTheOthers() {
        FakeProvider cpu = new FakeProvider("cpu", 100, Availability.available("fake", List.of()));
        FakeProvider crashing =
                new FakeProvider("native", 300, null) {
                    @Override
                    public Availability probe() {
                        throw new AssertionError("probed a backend nobody asked for");
                    }
                };
        BackendRegistry registry = new BackendRegistry(List.of(crashing, cpu), List.of());
        assertEquals("cpu", registry.select("cpu").provider().name());
    }

    @Test
    void serviceLoaderFindsTheCpuBackendAndItIsAvailable() {
        BackendRegistry registry = BackendRegistry.load();
        assertTrue(
                registry.names().contains(CpuBackendProvider.NAME), "names: " + registry.names());
        assertTrue(registry.loadFailures().isEmpty(), "load failures: " + registry.loadFailures());
        BackendRegistry.Entry cpu =
                registry.entries().stream()
                        .filter(e -> e.name().equals(CpuBackendProvider.NAME))
                        .findFirst()
                        .orElseThrow();
        assertTrue(cpu.availability().available(), cpu.availability().summary());
        assertFalse(cpu.availability().devices().isEmpty(), "the probe lists what it would run on");
    }

    /**
     * A services file naming a class that is not there (a kernels jar built wrong, say) is listed
     * as a load failure with the reason; the providers that do load are still found.
     */
    @Test
    void aProviderThatFailsToLoadIsListedAndTheOthersStillLoad(@TempDir Path dir)
            throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(
                services.resolve(BackendProvider.class.getName()),
                "com.example.MissingBackendProvider\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            BackendRegistry registry = BackendRegistry.load();
            assertEquals(1, registry.loadFailures().size(), "failures: " + registry.loadFailures());
            assertTrue(
                    registry.loadFailures().get(0).contains("MissingBackendProvider"),
                    registry.loadFailures().get(0));
            assertEquals(
                    List.of(CpuBackendProvider.NAME),
                    registry.names(),
                    "the cpu backend still loads");
            assertEquals(
                    CpuBackendProvider.NAME,
                    registry.select(BackendRegistry.AUTO).provider().name());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void autoPicksTheCpuBackendAndSaysWhy() {
        BackendSelection s = BackendRegistry.load().select(BackendRegistry.AUTO);
        assertEquals(CpuBackendProvider.NAME, s.provider().name());
        assertTrue(s.availability().available(), "selected backend is available");
        assertFalse(s.reason().isBlank(), "a reason is given");
        assertEquals(
                s.provider().name(),
                BackendRegistry.load().select(null).provider().name(),
                "no name means auto");
    }

    @Test
    void anUnknownNameIsAnInputErrorListingTheKnownOnes() {
        GmmException e =
                assertThrows(GmmException.class, () -> BackendRegistry.load().select("nope"));
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertTrue(e.getMessage().contains(CpuBackendProvider.NAME), e.getMessage());
    }

    @Test
    void anUnavailableBackendAskedForByNameIsABackendErrorWithTheProbeReason() {
        BackendRegistry registry =
                new BackendRegistry(
                        List.of(
                                new CpuBackendProvider(),
                                new FakeProvider(
                                        "opencl", 200, Availability.unavailable(NO_DEVICE))),
                        List.of());
        GmmException e = assertThrows(GmmException.class, () -> registry.select("opencl"));
        assertEquals(GmmException.Category.BACKEND, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(NO_DEVICE), e.getMessage());
        // auto passes it over and says why
        BackendSelection auto = registry.select(BackendRegistry.AUTO);
        assertEquals(CpuBackendProvider.NAME, auto.provider().name());
        assertTrue(auto.reason().contains(NO_DEVICE), auto.reason());
    }

    @Test
    void aProbeThatThrowsIsReportedAsUnavailableNotPropagated() {
        BackendProvider broken =
                new FakeProvider("cuda", 300, null) {
                    @Override
                    public Availability probe() {
                        throw new UnsatisfiedLinkError("no jcuda in java.library.path");
                    }
                };
        BackendRegistry registry =
                new BackendRegistry(List.of(broken, new CpuBackendProvider()), List.of());
        BackendRegistry.Entry cuda =
                registry.entries().stream()
                        .filter(e -> e.name().equals("cuda"))
                        .findFirst()
                        .orElseThrow();
        assertFalse(cuda.availability().available(), "a throwing probe means unavailable");
        assertTrue(cuda.availability().summary().contains("jcuda"), cuda.availability().summary());
        assertEquals(
                CpuBackendProvider.NAME,
                registry.select(BackendRegistry.AUTO).provider().name(),
                "auto falls back to what works");
        GmmException e = assertThrows(GmmException.class, () -> registry.select("cuda"));
        assertEquals(GmmException.Category.BACKEND, e.category(), e.getMessage());
    }

    @Test
    void autoPicksTheHighestRankedAvailableProvider() {
        FakeProvider low =
                new FakeProvider("alpha", 50, Availability.available("slow", List.of("one")));
        FakeProvider high =
                new FakeProvider("beta", 500, Availability.available("fast", List.of("two")));
        FakeProvider higherButAbsent =
                new FakeProvider("gamma", 900, Availability.unavailable("no device"));
        BackendRegistry registry =
                new BackendRegistry(
                        List.of(low, higherButAbsent, high, new CpuBackendProvider()), List.of());
        BackendSelection s = registry.select(BackendRegistry.AUTO);
        assertSame(high, s.provider(), s.reason());
        assertEquals(
                List.of("alpha", "beta", CpuBackendProvider.NAME, "gamma"),
                registry.names(),
                "listed in name order");
        assertSame(low, registry.select("ALPHA").provider(), "names match whatever the case");
    }

    @Test
    void noAvailableBackendIsABackendError() {
        BackendRegistry registry =
                new BackendRegistry(
                        List.of(
                                new FakeProvider(
                                        "opencl", 200, Availability.unavailable(NO_DEVICE))),
                        List.of());
        GmmException e =
                assertThrows(GmmException.class, () -> registry.select(BackendRegistry.AUTO));
        assertEquals(GmmException.Category.BACKEND, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(NO_DEVICE), e.getMessage());
    }
}
