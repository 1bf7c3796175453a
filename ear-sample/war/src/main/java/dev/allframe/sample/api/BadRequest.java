package dev.allframe.sample.api;

import java.util.List;

/** A request that fails validation: answered with HTTP 400 and the list of violations. */
public class BadRequest extends RuntimeException {
    private final List<String> violations;

    public BadRequest(List<String> violations) {
        super(String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
