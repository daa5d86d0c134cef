/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.GmmException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where the features are: one Vector column, or a list of numeric columns; and an optional weight
 * column. Checked against a schema before any job runs.
 */
final class Features implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String vectorColumn;
    private final String[] numericColumns;
    private final String weightColumn;

    Features(String vectorColumn, String[] numericColumns, String weightColumn) {
        this.vectorColumn = vectorColumn;
        this.numericColumns =
                numericColumns == null || numericColumns.length == 0
                        ? null
                        : numericColumns.clone();
        this.weightColumn = weightColumn == null || weightColumn.isEmpty() ? null : weightColumn;
    }

    /** Fails, naming the column, unless the schema has the features (and weights) as numbers. */
    void check(StructType schema) {
        if (numericColumns != null) {
            for (String c : numericColumns) {
                requireNumeric(schema, c, "feature");
            }
        } else {
            DataType t = field(schema, vectorColumn).dataType();
            if (!(t instanceof VectorUDT)) {
                throw GmmException.input(
                        "column '"
                                + vectorColumn
                                + "' is "
                                + t.simpleString()
                                + ", not a Vector; give a Vector column (VectorAssembler) or numeric columns with setInputCols");
            }
        }
        if (weightColumn != null) {
            requireNumeric(schema, weightColumn, "weight");
        }
    }

    private static StructField field(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw GmmException.input(
                "there is no column '"
                        + name
                        + "'; the columns are "
                        + String.join(", ", schema.fieldNames()));
    }

    private static void requireNumeric(StructType schema, String name, String what) {
        DataType t = field(schema, name).dataType();
        if (!(t instanceof NumericType)) {
            throw GmmException.input(
                    what
                            + " column '"
                            + name
                            + "' is "
                            + t.simpleString()
                            + "; it must be numeric");
        }
    }

    boolean weighted() {
        return weightColumn != null;
    }

    /** The columns to select, in order: the features, then the weight. */
    Column[] columns() {
        List<Column> cols = new ArrayList<>();
        if (numericColumns != null) {
            for (String c : numericColumns) {
                cols.add(functions.col(c).cast("double"));
            }
        } else {
            cols.add(functions.col(vectorColumn));
        }
        if (weightColumn != null) {
            cols.add(functions.col(weightColumn).cast("double"));
        }
        return cols.toArray(Column[]::new);
    }

    /**
     * The feature values of a row selected by {@link #columns}, into {@code into} when it has the
     * row's length (else into a new array, returned). The row is Spark's internal one: a Vector
     * column is its stored struct (type, size, indices, values), read without making a Vector.
     */
    double[] values(InternalRow r, double[] into) {
        if (numericColumns == null) {
            if (r.isNullAt(0)) {
                throw GmmException.input("a row's '" + vectorColumn + "' is null");
            }
            InternalRow v = r.getStruct(0, 4);
            ArrayData values = v.getArray(3);
            if (v.getByte(0) == 1) {
                int n = values.numElements();
                double[] x = into != null && into.length == n ? into : new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = values.getDouble(i);
                }
                return x;
            }
            int n = v.getInt(1);
            double[] x = into != null && into.length == n ? into : new double[n];
            java.util.Arrays.fill(x, 0);
            ArrayData indices = v.getArray(2);
            for (int i = 0; i < indices.numElements(); i++) {
                x[indices.getInt(i)] = values.getDouble(i);
            }
            return x;
        }
        int n = numericColumns.length;
        double[] x = into != null && into.length == n ? into : new double[n];
        for (int i = 0; i < n; i++) {
            if (r.isNullAt(i)) {
                throw GmmException.input("a row's '" + numericColumns[i] + "' is null");
            }
            x[i] = r.getDouble(i);
        }
        return x;
    }

    /** The weight of a row selected by {@link #columns}. */
    double weight(InternalRow r) {
        int at = numericColumns == null ? 1 : numericColumns.length;
        if (r.isNullAt(at)) {
            throw GmmException.input("a row's weight '" + weightColumn + "' is null");
        }
        return r.getDouble(at);
    }

    /** Every partition's rows as one block, in partition order. */
    JavaRDD<Block> blocks(Dataset<?> data) {
        check(data.schema());
        Features f = this;
        // Spark's internal rows, so that packing makes no Row and no Vector per row
        return data.toDF()
                .select(columns())
                .queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitionsWithIndex(
                        (index, rows) -> {
                            Block.Builder b = new Block.Builder(index, f.weighted());
                            double[] row = null;
                            while (rows.hasNext()) {
                                InternalRow r = rows.next();
                                row = f.values(r, row);
                                b.add(row, f.weighted() ? f.weight(r) : 1.0);
                            }
                            return List.of(b.build()).iterator();
                        },
                        true);
    }
}
