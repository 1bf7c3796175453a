package dev.allframe.allsource.jca;

import dev.allframe.allsource.client.AllSourceClientException;
import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AllSourceConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;

/** Connection factory handed to applications; connections come from the server's pool. */
public class AllSourceConnectionFactoryImpl implements AllSourceConnectionFactory, jakarta.resource.Referenceable {
    private static final long serialVersionUID = 1L;

    private final transient AllSourceManagedConnectionFactory mcf;
    private final transient ConnectionManager cm;
    private Reference reference;

    AllSourceConnectionFactoryImpl(AllSourceManagedConnectionFactory mcf, ConnectionManager cm) {
        this.mcf = mcf;
        this.cm = cm;
    }

    @Override
    public AllSourceConnection getConnection() {
        try {
            return (AllSourceConnection) cm.allocateConnection(mcf, null);
        } catch (ResourceException e) {
            throw new AllSourceClientException("cannot get a connection to the AllSource store " + mcf.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }
}
