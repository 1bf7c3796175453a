package dev.allframe.sample.api;

import jakarta.ws.rs.core.PathSegment;

import java.util.List;

/** Checks the stream name of a request path before it reaches the store. */
public final class StreamNames {
    private StreamNames() {
    }

    /**
     * The decoded stream name of a {@code {stream}} path segment. Refuses matrix parameters (a raw
     * {@code ;} in the segment: JAX-RS would silently drop it and everything after it, so {@code a;b}
     * would address stream {@code a}), control characters and unpaired surrogates. Blank, too long and
     * reserved names are refused by the store itself.
     */
    public static String of(PathSegment segment) {
        String name = segment.getPath();
        if (!segment.getMatrixParameters().isEmpty())
            throw new BadRequest(List.of("stream: the path segment contains ';' (matrix parameters " + segment.getMatrixParameters().keySet()
                    + "); to use ';' in a stream name, encode it as %3B"));
        String bad = TextChecks.problem(name);
        if (bad != null) throw new BadRequest(List.of("stream: " + bad));
        return name;
    }
}
