/**
 * Write-ahead log format and segment files: {@link dev.allframe.allsource.wal.WalFormat} documents
 * the binary layout (CRC32C over header and payload of every record, BATCH records at the start
 * of every write, END flags closing atomic groups).
 */
package dev.allframe.allsource.wal;
