/**
 * JMH benchmarks of the AllSource engine, coded against the public {@link dev.allframe.allsource.AllSource}
 * interface so that they run on whichever engine {@code AllSource.open} returns. Baselines run in the same
 * JMH run: raw write + fdatasync ({@link dev.allframe.allsource.benchmarks.RawFdatasyncBenchmark}) and
 * Axon Framework 4.12's event storage engines. See the module's README.md for how to run and read them.
 */
package dev.allframe.allsource.benchmarks;
