package dev.allframe.allsource.client;

import javax.naming.Referenceable;
import java.io.Serializable;

/**
 * Connection factory of the AllSource resource adapter. Look it up or inject it:
 * {@code @Resource(lookup = "java:app/allsource") AllSourceConnectionFactory factory}.
 */
public interface AllSourceConnectionFactory extends Serializable, Referenceable {

    /**
     * A connection enlisted in the caller's JTA transaction, if there is one.
     *
     * @throws AllSourceClientException if the store cannot be reached (e.g. it failed and must be reopened)
     */
    AllSourceConnection getConnection();
}
