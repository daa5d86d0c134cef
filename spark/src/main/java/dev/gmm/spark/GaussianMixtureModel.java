/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.GmmException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Gaussian mixture fitted on Spark: {@link #transform} adds each row's most probable component
 * and its responsibilities; {@link #toEngineModel} is the engine's model (the same JSON model file
 * as {@code gmm fit} writes), and {@link #fromEngineModel} wraps one.
 */
public final class GaussianMixtureModel extends Model<GaussianMixtureModel> implements MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ModelArrays model;
    private final GaussianMixtureSummary summary;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;

    GaussianMixtureModel(
            String uid, dev.gmm.GaussianMixtureModel model, GaussianMixtureSummary summary) {
        this.uid = uid;
        this.model = new ModelArrays(model);
        this.summary = summary;
        featuresCol = new Param<>(this, "featuresCol", "the features, a Vector column");
        predictionCol = new Param<>(this, "predictionCol", "the most probable component column");
        probabilityCol =
                new Param<>(this, "probabilityCol", "the responsibilities column (a Vector)");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
    }

    /**
     * A Spark model of the engine's {@code model} (one fitted by {@code gmm fit}, say); it has no
     * summary.
     */
    public static GaussianMixtureModel fromEngineModel(dev.gmm.GaussianMixtureModel model) {
        return new GaussianMixtureModel(Identifiable.randomUID("gmm"), model, null);
    }

    /**
     * The engine's model: save it with {@code save(path)} for {@code gmm predict} and {@code gmm
     * score}.
     */
    public dev.gmm.GaussianMixtureModel toEngineModel() {
        return model.model();
    }

    /** How the fit ran; null for a model made with {@link #fromEngineModel}. */
    public GaussianMixtureSummary summary() {
        return summary;
    }

    /** Whether {@link #summary} has one. */
    public boolean hasSummary() {
        return summary != null;
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The features' Vector column. */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** The prediction column. */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** The probability column. */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public GaussianMixtureModel setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public GaussianMixtureModel setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public GaussianMixtureModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    @Override
    public GaussianMixtureModel copy(ParamMap extra) {
        GaussianMixtureModel c = new GaussianMixtureModel(uid, model.model(), summary);
        return copyValues(c, extra).setParent(parent());
    }

    static StructType outputSchema(StructType schema, String prediction, String probability) {
        for (String name : new String[] {prediction, probability}) {
            for (StructField f : schema.fields()) {
                if (f.name().equals(name)) {
                    throw GmmException.input("the data already has a column '" + name + "'");
                }
            }
        }
        return schema.add(prediction, DataTypes.IntegerType, false)
                .add(probability, SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        new Features(getOrDefault(featuresCol), null, null).check(schema);
        return outputSchema(schema, getOrDefault(predictionCol), getOrDefault(probabilityCol));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        UserDefinedFunction predict = functions.udf(new Predict(model), DataTypes.IntegerType);
        UserDefinedFunction proba = functions.udf(new Proba(model), SQLDataTypes.VectorType());
        return dataset.toDF()
                .withColumn(
                        getOrDefault(predictionCol),
                        predict.apply(functions.col(getOrDefault(featuresCol))))
                .withColumn(
                        getOrDefault(probabilityCol),
                        proba.apply(functions.col(getOrDefault(featuresCol))));
    }

    /** The file beside the params that holds the engine's model. */
    static final String MODEL_FILE = "model.json";

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /**
     * Writes {@code path}: Spark's params metadata and the engine's model file.
     *
     * @throws IOException when the path exists (use {@code write().overwrite()}) or cannot be
     *     written
     */
    public void save(String path) throws IOException {
        write().save(path);
    }

    /** What reads a model saved by {@link #write}. */
    public static MLReader<GaussianMixtureModel> read() {
        return new Reader();
    }

    /** Reads a model saved by {@link #write} or {@link #save}. */
    public static GaussianMixtureModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final GaussianMixtureModel instance;

        Writer(GaussianMixtureModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            writeModelFile(
                    instance.toEngineModel(),
                    new org.apache.hadoop.fs.Path(path, MODEL_FILE),
                    sc().hadoopConfiguration(),
                    shouldOverwrite());
        }
    }

    /** An engine model as a model file on any Hadoop file system. */
    static void writeModelFile(
            dev.gmm.GaussianMixtureModel model,
            org.apache.hadoop.fs.Path file,
            org.apache.hadoop.conf.Configuration conf,
            boolean overwrite) {
        try {
            FileSystem fs = file.getFileSystem(conf);
            try (OutputStream out = fs.create(file, overwrite)) {
                model.save(out);
            }
        } catch (IOException e) {
            throw GmmException.input(file + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** The engine model in a model file on any Hadoop file system; null when there is none. */
    static dev.gmm.GaussianMixtureModel readModelFile(
            org.apache.hadoop.fs.Path file,
            org.apache.hadoop.conf.Configuration conf,
            boolean required) {
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!required && !fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return dev.gmm.GaussianMixtureModel.load(in, file.toString());
            }
        } catch (IOException e) {
            throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static final class Reader extends MLReader<GaussianMixtureModel> {
        @Override
        public GaussianMixtureModel load(String path) {
            DefaultParamsReader.Metadata metadata =
                    DefaultParamsReader$.MODULE$.loadMetadata(
                            path, sparkSession(), GaussianMixtureModel.class.getName());
            dev.gmm.GaussianMixtureModel engine =
                    readModelFile(
                            new org.apache.hadoop.fs.Path(path, MODEL_FILE),
                            sc().hadoopConfiguration(),
                            true);
            GaussianMixtureModel m = new GaussianMixtureModel(metadata.uid(), engine, null);
            metadata.getAndSetParams(m, scala.Option.empty());
            return m;
        }
    }

    /**
     * Each row's most probable component; the model is rebuilt once per executor from its numbers.
     */
    private static final class Predict implements UDF1<Vector, Integer> {
        private static final long serialVersionUID = 1L;
        private final ModelArrays arrays;
        private transient dev.gmm.GaussianMixtureModel model;

        Predict(ModelArrays arrays) {
            this.arrays = arrays;
        }

        @Override
        public Integer call(Vector v) {
            if (model == null) {
                model = arrays.model();
            }
            return model.predict(v.toArray());
        }
    }

    /** Each row's responsibilities. */
    private static final class Proba implements UDF1<Vector, Vector> {
        private static final long serialVersionUID = 1L;
        private final ModelArrays arrays;
        private transient dev.gmm.GaussianMixtureModel model;

        Proba(ModelArrays arrays) {
            this.arrays = arrays;
        }

        @Override
        public Vector call(Vector v) {
            if (model == null) {
                model = arrays.model();
            }
            double[] r = new double[model.components()];
            model.responsibilities(v.toArray(), r);
            return Vectors.dense(r);
        }
    }
}
