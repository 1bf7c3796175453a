/**
 * The file access interface of the engine ({@link dev.allframe.allsource.io.FileIO}), so that tests
 * can inject failed fsyncs, full disks and read errors.
 */
package dev.allframe.allsource.io;
