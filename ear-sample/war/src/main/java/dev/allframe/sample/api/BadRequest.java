package dev.allframe.sample.api;

import java.util.List;

/** A request that fails validation: answered with HTTP 400 and the list of violations. */
public class BadRequest extends ApiProblem {
    public BadRequest(List<String> violations) {
        super(400, "Bad Request", violations);
    }
}
