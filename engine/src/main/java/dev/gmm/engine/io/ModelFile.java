/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.data.AtomicOutput;
import dev.gmm.data.DataFiles;
import dev.gmm.engine.CovarianceLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model as a JSON file, in scikit-learn's terms:
 *
 * <pre>{@code
 * { "covarianceType": "full" | "diag" | "spherical" | "tied",
 *   "weights": [K], "means": [K][d],
 *   "covariances": full: K x d x d, diag: K x d, spherical: [K], tied: d x d   (sklearn's covariances_)
 *   "metadata": { free-form: fit settings, iterations, converged, lowerBound, backend, ... } }
 * }</pre>
 *
 * The first four fields make a valid file; {@code metadata} is optional. Numbers are written in the
 * shortest form that reads back to the same double, so a model round-trips exactly.
 */
public final class ModelFile {

    /** A model read from a file, with its metadata (empty when the file has none). */
    public record Loaded(GaussianMixtureModel model, Map<String, Object> metadata) {}

    private static final Set<String> FIELDS =
            Set.of("covarianceType", "weights", "means", "covariances", "metadata");

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ModelFile() {}

    /**
     * Writes {@code model} (and {@code metadata}, when not null or empty) to {@code path}, all at
     * once or not at all.
     */
    public static void write(Path path, GaussianMixtureModel model, Map<String, Object> metadata) {
        AtomicOutput.write(path, out -> write(out, path.toString(), model, metadata));
    }

    /**
     * Writes the model file's bytes to {@code out} ({@code name} names it in messages); the caller
     * closes it.
     */
    public static void write(
            OutputStream out, String name, GaussianMixtureModel model, Map<String, Object> metadata)
            throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        CovarianceType type = model.covarianceType();
        root.put("covarianceType", type.id());
        root.set("weights", array(model.weights()));
        ArrayNode means = root.putArray("means");
        for (double[] mean : model.means()) {
            means.add(array(mean));
        }
        root.set("covariances", covariances(model));
        if (metadata != null && !metadata.isEmpty()) {
            try {
                root.set("metadata", MAPPER.valueToTree(metadata));
            } catch (IllegalArgumentException e) {
                throw new GmmException(
                        GmmException.Category.INTERNAL,
                        name
                                + ": cannot write the metadata ("
                                + e.getMessage().lines().findFirst().orElse("")
                                + ")",
                        e);
            }
        }
        // objects one field a line, arrays on one line: a matrix stays readable, a file stays short
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter()
                        .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        MAPPER.writer(printer)
                .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, root);
    }

    /**
     * scikit-learn's covariances_ for the model's type. In every layout its values, read in order,
     * are the blocks' values one block after another; only the shape differs.
     */
    private static JsonNode covariances(GaussianMixtureModel model) {
        double[][] blocks = model.covarianceBlocks();
        double[] all = new double[blocks.length * blocks[0].length];
        for (int b = 0; b < blocks.length; b++) {
            System.arraycopy(blocks[b], 0, all, b * blocks[b].length, blocks[b].length);
        }
        List<Integer> shape =
                CovarianceLayout.savedShape(
                        model.covarianceType(), model.components(), model.dimensions());
        return reshape(all, shape, 0, new int[] {0});
    }

    /**
     * {@code values} from {@code at[0]} as nested arrays of {@code shape}, from dimension {@code
     * dim}.
     */
    private static JsonNode reshape(double[] values, List<Integer> shape, int dim, int[] at) {
        if (dim == shape.size()) {
            return MAPPER.getNodeFactory().numberNode(values[at[0]++]);
        }
        ArrayNode a = MAPPER.createArrayNode();
        for (int i = 0; i < shape.get(dim); i++) {
            a.add(reshape(values, shape, dim + 1, at));
        }
        return a;
    }

    private static final Pattern NON_NUMERIC =
            Pattern.compile("Non-standard token '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern UNEXPECTED =
            Pattern.compile(
                    "Unexpected character \\('(.)' \\(code (\\d+)\\)\\)(.*)", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED =
            Pattern.compile("Unrecognized token '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern CONTROL =
            Pattern.compile(
                    "Illegal character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
    private static final Pattern END = Pattern.compile("Unexpected end-of-input.*", Pattern.DOTALL);

    /** The parser's complaint in a model file's terms, without the JSON library's internals. */
    static String problem(String message) {
        Matcher m;
        if ((m = NON_NUMERIC.matcher(message)).matches()) {
            return m.group(1) + " is not allowed in a model file; every number must be finite";
        }
        if ((m = UNEXPECTED.matcher(message)).matches()) {
            String rest = m.group(3);
            String expected =
                    rest.contains("expected a value")
                            ? " where a value belongs (a trailing comma?)"
                            : rest.contains("start field name")
                                    ? " where a field name belongs (a trailing comma?)"
                                    : rest.contains("was expecting")
                                            ? " where a comma or a closing bracket belongs"
                                            : "";
            return "unexpected '" + Cells.show(m.group(1)) + "'" + expected;
        }
        if ((m = UNRECOGNIZED.matcher(message)).matches()) {
            return "unexpected text '" + Cells.show(m.group(1)) + "'";
        }
        if ((m = CONTROL.matcher(message)).matches()) {
            return "a control character (code "
                    + m.group(1)
                    + ") outside a string; is this a binary file?";
        }
        if (END.matcher(message).matches()) {
            return "the file ends in the middle of the model (cut short?)";
        }
        int stop = message.indexOf('\n');
        String first = stop >= 0 ? message.substring(0, stop) : message;
        int colon = first.indexOf(": ");
        return Cells.show(colon > 0 ? first.substring(0, colon) : first);
    }

    private static ArrayNode array(double[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /**
     * Reads and checks a model file; every problem is a one-line error that starts with the path.
     */
    public static Loaded read(Path path) {
        DataFiles.checkReadable(path);
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        } catch (IOException e) {
            throw GmmException.input(path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Reads and checks a model file from a stream; {@code file} names it in messages. */
    public static Loaded read(InputStream in, String file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw GmmException.input(
                    file
                            + ": not valid JSON ("
                            + (where != null && where.getLineNr() > 0
                                    ? "line "
                                            + where.getLineNr()
                                            + ", column "
                                            + where.getColumnNr()
                                            + ": "
                                    : "")
                            + problem(e.getOriginalMessage())
                            + ")");
        } catch (IOException e) {
            throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw GmmException.input(file + ": not valid JSON (the file is empty)");
        }
        if (!root.isObject()) {
            throw GmmException.input(
                    file + ": not a model (the JSON is " + kind(root) + ", not an object)");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw GmmException.input(
                        file
                                + ": unknown field '"
                                + name
                                + "'; a model has covarianceType, weights, means, covariances and an optional metadata object");
            }
        }
        CovarianceType type = type(file, required(file, root, "covarianceType"));

        JsonNode weightsNode = required(file, root, "weights");
        List<Integer> weightsShape = shape(weightsNode);
        if (weightsShape == null || weightsShape.size() != 1) {
            throw GmmException.input(
                    file
                            + ": 'weights' "
                            + describe(weightsNode, weightsShape)
                            + " but must be a list of K numbers");
        }
        int k = weightsShape.get(0);
        if (k == 0) {
            throw GmmException.input(
                    file + ": 'weights' is empty; a model needs at least one component");
        }

        JsonNode meansNode = required(file, root, "means");
        List<Integer> meansShape = shape(meansNode);
        if (meansShape == null
                || meansShape.size() != 2
                || meansShape.get(0) != k
                || meansShape.get(1) == 0) {
            throw GmmException.input(
                    file
                            + ": 'means' "
                            + describe(meansNode, meansShape)
                            + " but 'weights' has "
                            + k
                            + " entries, so it must be "
                            + k
                            + " x d with d >= 1");
        }
        int d = meansShape.get(1);

        JsonNode covNode = required(file, root, "covariances");
        List<Integer> covShape = shape(covNode);
        List<Integer> needed = CovarianceLayout.savedShape(type, k, d);
        if (!needed.equals(covShape)) {
            throw GmmException.input(
                    file
                            + ": 'covariances' "
                            + describe(covNode, covShape)
                            + " but a "
                            + type.id()
                            + " model with K="
                            + k
                            + ", d="
                            + d
                            + " needs "
                            + dims(needed));
        }

        double[] weights = flat(weightsNode);
        double[][] means = new double[k][];
        for (int c = 0; c < k; c++) {
            means[c] = flat(meansNode.get(c));
        }
        // the saved values, in order, are the blocks one after another (see covariances)
        double[] all = flat(covNode);
        int size = type.blockSize(d);
        double[][] blocks = new double[type.blocks(k)][];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = Arrays.copyOfRange(all, b * size, (b + 1) * size);
        }

        Map<String, Object> metadata = Map.of();
        JsonNode meta = root.get("metadata");
        if (meta != null) {
            if (!meta.isObject()) {
                throw GmmException.input(
                        file + ": 'metadata' is " + kind(meta) + "; it must be an object");
            }
            metadata =
                    Collections.unmodifiableMap(
                            MAPPER.convertValue(
                                    meta, new TypeReference<LinkedHashMap<String, Object>>() {}));
        }
        try {
            return new Loaded(GaussianMixtureModel.of(type, weights, means, blocks), metadata);
        } catch (GmmException e) {
            throw new GmmException(e.category(), file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(String file, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw GmmException.input(file + ": '" + field + "' is missing");
        }
        return n;
    }

    private static CovarianceType type(String file, JsonNode n) {
        for (CovarianceType t : CovarianceType.values()) {
            if (n.isTextual() && t.id().equals(n.textValue())) {
                return t;
            }
        }
        throw GmmException.input(
                file
                        + ": 'covarianceType' is "
                        + (n.isTextual() ? "'" + n.textValue() + "'" : kind(n))
                        + "; expected \"full\", \"diag\", \"spherical\" or \"tied\"");
    }

    /**
     * The sizes of a nested array of numbers that is rectangular ({@code []} for a single number),
     * or null when it is not one: ragged, or holding something other than numbers.
     */
    private static List<Integer> shape(JsonNode n) {
        if (n.isNumber()) {
            return List.of();
        }
        if (!n.isArray()) {
            return null;
        }
        List<Integer> inner = null;
        for (JsonNode item : n) {
            List<Integer> s = shape(item);
            if (s == null || inner != null && !inner.equals(s)) {
                return null;
            }
            inner = s;
        }
        List<Integer> out = new ArrayList<>();
        out.add(n.size());
        if (inner != null) {
            out.addAll(inner);
        }
        return out;
    }

    private static String describe(JsonNode n, List<Integer> shape) {
        if (shape == null) {
            return n.isArray() ? "is not a rectangular array of numbers" : "is " + kind(n);
        }
        return shape.isEmpty() ? "is a single number" : "has shape " + dims(shape);
    }

    private static String dims(List<Integer> shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.size(); i++) {
            b.append(i > 0 ? " x " : "").append(shape.get(i));
        }
        return b.toString();
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The numbers of a checked rectangular array, row-major. */
    private static double[] flat(JsonNode n) {
        List<Double> out = new ArrayList<>();
        collect(n, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode n, List<Double> out) {
        if (n.isNumber()) {
            out.add(n.doubleValue());
        } else {
            for (JsonNode item : n) {
                collect(item, out);
            }
        }
    }
}
