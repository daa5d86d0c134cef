/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.GmmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The backends on the class path, found through {@link ServiceLoader}. Probes run lazily, once per
 * provider; a provider that fails to load is listed as unavailable with the reason instead of
 * breaking the others.
 */
public final class BackendRegistry {

    /** The name that asks for the best available backend. */
    public static final String AUTO = "auto";

    /** One provider and what its probe said. */
    public record Entry(String name, BackendProvider provider, Availability availability) {

        /** The provider's rank, or the lowest when it is unavailable. */
        public int rank() {
            return availability.available() ? provider.rank() : Integer.MIN_VALUE;
        }
    }

    private final List<BackendProvider> providers;
    private final List<String> loadFailures;
    private final Map<String, Availability> probes = new LinkedHashMap<>();

    /**
     * A registry of these providers (a second one of the same name is ignored and listed as a
     * failure).
     */
    public BackendRegistry(List<BackendProvider> providers, List<String> loadFailures) {
        List<BackendProvider> unique = new ArrayList<>();
        List<String> failures = new ArrayList<>(loadFailures);
        for (BackendProvider p : providers) {
            if (unique.stream().anyMatch(u -> u.name().equalsIgnoreCase(p.name()))) {
                failures.add(
                        p.getClass().getName()
                                + " is a second backend named '"
                                + p.name()
                                + "'; ignored");
            } else {
                unique.add(p);
            }
        }
        unique.sort(Comparator.comparing(BackendProvider::name));
        this.providers = unique;
        this.loadFailures = List.copyOf(failures);
    }

    /** Every provider the class path offers. */
    public static BackendRegistry load() {
        List<BackendProvider> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        var it = ServiceLoader.load(BackendProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(e.getMessage());
            }
        }
        return new BackendRegistry(found, failures);
    }

    /** Providers that could not even be loaded, with the reason. */
    public List<String> loadFailures() {
        return loadFailures;
    }

    /** The providers' names, sorted. */
    public List<String> names() {
        return providers.stream().map(BackendProvider::name).collect(Collectors.toList());
    }

    /** Every provider with its probe result, in name order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (BackendProvider p : providers) {
            out.add(new Entry(p.name(), p, probe(p)));
        }
        return out;
    }

    private Availability probe(BackendProvider p) {
        return probes.computeIfAbsent(
                p.name(),
                n -> {
                    try {
                        return p.probe();
                    } catch (RuntimeException | LinkageError e) {
                        // probe() must not throw; if one does anyway, it is reported, not
                        // propagated
                        return Availability.unavailable("probe failed: " + e);
                    }
                });
    }

    /**
     * The provider for {@code name}, or for {@code auto} the available one of highest rank. An
     * unknown name, or a named backend that cannot run here, is a {@link GmmException} whose
     * message lists the choices or gives the probe's reason.
     */
    public BackendSelection select(String name) {
        String wanted = name == null || name.isBlank() ? AUTO : name.trim();
        if (wanted.equalsIgnoreCase(AUTO)) {
            Entry best = null;
            StringBuilder why = new StringBuilder();
            for (Entry e : entries()) {
                if (e.availability().available() && (best == null || e.rank() > best.rank())) {
                    best = e;
                }
            }
            if (best == null) {
                throw new GmmException(
                        GmmException.Category.BACKEND, "no backend is available: " + describeAll());
            }
            why.append("auto: the highest-ranked available backend");
            for (Entry e : entries()) {
                if (!e.name().equals(best.name())) {
                    why.append("; ")
                            .append(e.name())
                            .append(": ")
                            .append(
                                    e.availability().available()
                                            ? "available, lower rank"
                                            : e.availability().summary());
                }
            }
            return new BackendSelection(best.provider(), best.availability(), why.toString());
        }
        // a named backend probes only itself: asking for cpu never loads an OpenCL or CUDA library
        for (BackendProvider p : providers) {
            if (p.name().equalsIgnoreCase(wanted)) {
                Availability a = probe(p);
                if (!a.available()) {
                    throw new GmmException(
                            GmmException.Category.BACKEND,
                            "backend " + p.name() + " is not available: " + a.summary());
                }
                return new BackendSelection(p, a, "requested by name");
            }
        }
        throw GmmException.input(
                "unknown backend '"
                        + wanted
                        + "'; known: "
                        + AUTO
                        + ", "
                        + String.join(", ", names()));
    }

    private String describeAll() {
        return entries().stream()
                .map(e -> e.name() + ": " + e.availability().summary())
                .collect(Collectors.joining("; "));
    }
}
