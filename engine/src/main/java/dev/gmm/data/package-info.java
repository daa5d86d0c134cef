/**
 * Rows for fitting and scoring: {@link dev.gmm.data.DataSource} (a fixed sequence of chunks, on the
 * heap or streamed from a file), {@link dev.gmm.data.InMemoryDataSource}, {@link
 * dev.gmm.data.DataFiles} for CSV and NPY files (gzipped or not, or standard input), and the
 * writers gmm uses ({@link dev.gmm.data.AtomicOutput}, {@link dev.gmm.data.NpyWriter}), which never
 * leave half a file behind.
 */
package dev.gmm.data;
