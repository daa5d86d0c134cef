/** JMH benchmarks and the side-by-side harness: backends against each other and against peers. */
package dev.gmm.bench;
