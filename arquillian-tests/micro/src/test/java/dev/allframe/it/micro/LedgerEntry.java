package dev.allframe.it.micro;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A JPA row written in the same JTA transaction as AllSource appends. */
@Entity
public class LedgerEntry {
    @Id
    private String id;
    private String note;

    protected LedgerEntry() {
    }

    public LedgerEntry(String id, String note) {
        this.id = id;
        this.note = note;
    }

    public String getId() {
        return id;
    }

    public String getNote() {
        return note;
    }
}
