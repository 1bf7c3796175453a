package dev.allframe.cqrs.impl.config;

import dev.allframe.allsource.client.AllSourceConnectionFactory;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import dev.allframe.cqrs.impl.store.allsource.AllSourceStorageEngine;
import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.impl.store.jpa.JdbcStorageEngine;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Produces the application's {@link EventStore} on the backend chosen by
 * {@code allframe.store.backend}. {@link StartupCheck} opens it when the application starts, so a
 * wrong setting fails the deployment with a message naming the key instead of the first request.
 */
@ApplicationScoped
public class EventStoreProducer {
    private static final Logger LOG = Logger.getLogger(EventStoreProducer.class.getName());
    static final String BACKEND_KEY = "allframe.store.backend";
    static final String FACTORY_KEY = "allframe.allsource.connection-factory";
    static final String DATASOURCE_KEY = "allframe.jpa.datasource";
    static final String CREATE_SCHEMA_KEY = "allframe.jpa.create-schema";

    @Inject
    @ConfigProperty(name = BACKEND_KEY, defaultValue = "allsource")
    String backend;

    @Inject
    @ConfigProperty(name = FACTORY_KEY, defaultValue = "java:app/allsource")
    String factoryName;

    @Inject
    @ConfigProperty(name = DATASOURCE_KEY, defaultValue = "java:comp/DefaultDataSource")
    String dataSourceName;

    @Inject
    @ConfigProperty(name = CREATE_SCHEMA_KEY, defaultValue = "true")
    String createSchema;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Produces
    @ApplicationScoped
    EventStore eventStore(EventTypes types) {
        EventStorageEngine engine = switch (StoreBackend.parse(BACKEND_KEY, backend)) {
            case MEMORY -> new MemoryStorageEngine();
            case ALLSOURCE -> allSource();
            case JPA -> relational();
        };
        LOG.info("ALLFRAME-0010 event store backend: " + backend);
        return new DefaultEventStore(engine, new EventSerializer(types));
    }

    @Produces
    @Singleton
    EventTypes eventTypes() {
        return new EventTypes();
    }

    private JdbcStorageEngine relational() {
        boolean create = ConfigValues.parseBoolean(CREATE_SCHEMA_KEY, createSchema);
        Object found;
        try {
            found = new InitialContext().lookup(dataSourceName);
        } catch (NamingException e) {
            throw new IllegalStateException("ALLFRAME-0004 " + BACKEND_KEY + "=jpa but no data source is bound at '" + dataSourceName
                    + "' (" + DATASOURCE_KEY + "); define a JTA data source (H2 or PostgreSQL) under that name", e);
        }
        if (!(found instanceof DataSource ds))
            throw new IllegalStateException("ALLFRAME-0005 '" + dataSourceName + "' (" + DATASOURCE_KEY + ") is a "
                    + found.getClass().getName() + ", not a " + DataSource.class.getName());
        JdbcStorageEngine engine = new JdbcStorageEngine(ds, Optional.of(transactions));
        if (create) engine.createSchema();
        LOG.info("ALLFRAME-0012 relational event store on " + dataSourceName + (create ? " (tables created if missing)" : ""));
        return engine;
    }

    private AllSourceStorageEngine allSource() {
        Object found;
        try {
            found = new InitialContext().lookup(factoryName);
        } catch (NamingException e) {
            throw new IllegalStateException("ALLFRAME-0002 " + BACKEND_KEY + "=allsource but no AllSource connection factory is bound at '"
                    + factoryName + "' (" + FACTORY_KEY + "). Deploy allsource.rar and define the factory with "
                    + "@ConnectionFactoryDefinition(name = \"" + factoryName + "\", interfaceName = \"" + AllSourceConnectionFactory.class.getName()
                    + "\", resourceAdapter = \"allsource-ra\", transactionSupport = XATransaction)", e);
        }
        if (!(found instanceof AllSourceConnectionFactory f))
            throw new IllegalStateException("ALLFRAME-0003 '" + factoryName + "' (" + FACTORY_KEY + ") is a " + found.getClass().getName()
                    + ", not an " + AllSourceConnectionFactory.class.getName());
        AllSourceStorageEngine engine = new AllSourceStorageEngine(f);
        LOG.info("ALLFRAME-0011 AllSource store in " + engine.directory());
        return engine;
    }
}
