package dev.allframe.sample.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS root: everything under {@code /api}. */
@ApplicationPath("/api")
public class SampleApplication extends Application {
}
