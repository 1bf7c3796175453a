package dev.allframe.cqrs.impl.config;

import dev.allframe.allsource.client.AllSourceConnectionFactory;
import dev.allframe.cqrs.AggregateLoader;
import dev.allframe.cqrs.CatchUpSubscriptions;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.JsonUpcaster;
import dev.allframe.cqrs.SchemaRegistry;
import dev.allframe.cqrs.SnapshotStore;
import dev.allframe.cqrs.Upcaster;
import dev.allframe.cqrs.impl.aggregate.DefaultAggregateLoader;
import dev.allframe.cqrs.impl.aggregate.DefaultSnapshotStore;
import dev.allframe.cqrs.impl.delivery.CdiEventDelivery;
import dev.allframe.cqrs.impl.delivery.WeldFiring;
import dev.allframe.cqrs.impl.schema.DefaultSchemaRegistry;
import dev.allframe.cqrs.impl.schema.Upcasters;
import dev.allframe.cqrs.impl.subscription.DefaultCatchUpSubscriptions;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Produces the application's {@link EventStore} on the backend chosen by
 * {@code allframe.store.backend}, and the beans built on it: {@link SchemaRegistry},
 * {@link SnapshotStore}, {@link AggregateLoader}, {@link CatchUpSubscriptions}. {@link StartupCheck} opens it when the application starts, so a
 * wrong setting fails the deployment with a message naming the key instead of the first request.
 */
@ApplicationScoped
public class EventStoreProducer {
    private static final Logger LOG = Logger.getLogger(EventStoreProducer.class.getName());
    static final String BACKEND_KEY = "allframe.store.backend";
    static final String FACTORY_KEY = "allframe.allsource.connection-factory";
    static final String DATASOURCE_KEY = "allframe.jpa.datasource";
    static final String CREATE_SCHEMA_KEY = "allframe.jpa.create-schema";
    static final String SNAPSHOT_THRESHOLD_KEY = "allframe.snapshot.threshold";
    static final String BATCH_SIZE_KEY = "allframe.subscription.batch-size";

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

    @Inject
    @ConfigProperty(name = SNAPSHOT_THRESHOLD_KEY, defaultValue = "100")
    String snapshotThreshold;

    @Inject
    @ConfigProperty(name = BATCH_SIZE_KEY, defaultValue = "256")
    String batchSize;

    @Inject
    Event<Object> cdiEvents;

    @Inject
    AllFrameExtension extension;

    @Produces
    @ApplicationScoped
    EventStorageEngine engine() {
        EventStorageEngine engine = switch (StoreBackend.parse(BACKEND_KEY, backend)) {
            case MEMORY -> new MemoryStorageEngine(Optional.ofNullable(transactions));
            case ALLSOURCE -> allSource();
            case JPA -> relational();
        };
        LOG.info("ALLFRAME-0010 event store backend: " + backend);
        return engine;
    }

    @Produces
    @ApplicationScoped
    EventStore eventStore(EventStorageEngine engine, EventTypes types, Upcasters upcasters) {
        return new DefaultEventStore(engine, new EventSerializer(types, upcasters),
                new CdiEventDelivery(Optional.ofNullable(transactions), new WeldFiring(cdiEvents)));
    }

    @Produces
    @Singleton
    EventTypes eventTypes() {
        EventTypes types = new EventTypes();
        extension.eventClasses().forEach(types::register);
        return types;
    }

    @Produces
    @Singleton
    Upcasters upcasters(@Any Instance<JsonUpcaster> beans) {
        List<Upcasters.Step> steps = new ArrayList<>();
        for (Instance.Handle<JsonUpcaster> h : beans.handles()) {
            Upcaster u = h.getBean().getBeanClass().getAnnotation(Upcaster.class);
            if (u != null) steps.add(new Upcasters.Step(u.event(), u.from(), h.get()));
        }
        return new Upcasters(steps);
    }

    @Produces
    @ApplicationScoped
    SchemaRegistry schemaRegistry(EventTypes types, Upcasters upcasters) {
        return new DefaultSchemaRegistry(types, upcasters);
    }

    @Produces
    @ApplicationScoped
    SnapshotStore snapshotStore(EventStorageEngine engine) {
        return new DefaultSnapshotStore(engine.snapshots());
    }

    @Produces
    @ApplicationScoped
    AggregateLoader aggregateLoader(EventStore store, SnapshotStore snapshots, EventTypes types) {
        return new DefaultAggregateLoader(store, snapshots, ConfigValues.parseInt(SNAPSHOT_THRESHOLD_KEY, snapshotThreshold, 1), types);
    }

    @Produces
    @ApplicationScoped
    CatchUpSubscriptions catchUpSubscriptions(EventStore store, EventStorageEngine engine) {
        return new DefaultCatchUpSubscriptions(store, engine.checkpoints(), ConfigValues.parseInt(BATCH_SIZE_KEY, batchSize, 1));
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
        AllSourceStorageEngine engine = new AllSourceStorageEngine(f, Optional.ofNullable(transactions));
        LOG.info("ALLFRAME-0011 AllSource store in " + engine.directory());
        return engine;
    }
}
