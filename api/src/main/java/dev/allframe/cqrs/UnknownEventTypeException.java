package dev.allframe.cqrs;

/** A stored event names a type (or schema version) that no class or upcaster of the application knows. */
public class UnknownEventTypeException extends EventStoreException {
    private final String type;
    private final int schemaVersion;

    public UnknownEventTypeException(String type, int schemaVersion, long position) {
        super("event at position " + position + " has type '" + type + "' v" + schemaVersion
                + ", which no @Event class or @Upcaster of this application knows");
        this.type = type;
        this.schemaVersion = schemaVersion;
    }

    public String type() { return type; }

    public int schemaVersion() { return schemaVersion; }
}
