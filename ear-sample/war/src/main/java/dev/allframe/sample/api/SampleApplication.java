package dev.allframe.sample.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;

/** JAX-RS root: everything under {@code /api}. */
@ApplicationPath("/api")
public class SampleApplication extends Application {
    /** Jersey (Payara) answers OPTIONS with a generated WADL description of every resource unless told not to. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
