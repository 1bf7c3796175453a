/**
 * Validation and repair of the log on open (torn tail cut, corruption reported or quarantined)
 * and read-only tools over a data directory ({@link dev.allframe.allsource.recovery.LogVerifier},
 * {@link dev.allframe.allsource.recovery.LogEvents}).
 */
package dev.allframe.allsource.recovery;
