package dev.allframe.sample.api;

import java.util.List;

/**
 * A request the API refuses: answered with {@code status} and a JSON body
 * {@code {"status":..,"error":..,"violations":[..]}} naming what is wrong.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String error;
    private final List<String> violations;

    public ApiProblem(int status, String error, List<String> violations) {
        super(String.join("; ", violations), null, false, false);
        this.status = status;
        this.error = error;
        this.violations = List.copyOf(violations);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public List<String> violations() {
        return violations;
    }
}
