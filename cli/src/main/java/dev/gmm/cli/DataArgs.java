/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How to read a data file: shared by every subcommand that reads one. */
public final class DataArgs {

    @Option(
            names = "--columns",
            split = ",",
            paramLabel = "COL",
            description =
                    "Columns to use, by header name or 0-based index (default: all but the weights column).")
    List<String> columns = List.of();

    @Option(
            names = "--weights-column",
            paramLabel = "COL",
            description = "Column holding a weight for each row.")
    String weightsColumn;

    @Option(
            names = "--delimiter",
            paramLabel = "CHAR",
            description =
                    "CSV field delimiter (default: detected among , ; tab |). Use 'tab' for a tab.")
    String delimiter;

    @Option(
            names = "--header",
            negatable = true,
            description = "Whether the CSV's first line is a header (default: detected).")
    Boolean header;

    /** DATA as a file that outputs must not replace; null for standard input ("-"). */
    static Path file(Path data) {
        return DataFiles.isStandardInput(data) ? null : data;
    }

    /** What summaries and model files call DATA. */
    static String label(Path data) {
        return DataFiles.isStandardInput(data) ? "stdin" : String.valueOf(data.getFileName());
    }

    DataSource open(Path file, Precision precision) {
        Character d = null;
        if (delimiter != null) {
            if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
                d = '\t';
            } else if (delimiter.length() == 1) {
                d = delimiter.charAt(0);
            } else {
                throw dev.gmm.GmmException.input(
                        "--delimiter must be one character or 'tab', got '" + delimiter + "'");
            }
        }
        return DataFiles.open(
                file, new DataOptions(d, header, columns, weightsColumn, precision, 0));
    }
}
