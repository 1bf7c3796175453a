package dev.allframe.it.micro;

import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.RollbackException;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One JTA transaction spanning AllSource (through the RAR) and a JPA persistence unit on an XA H2
 * datasource: both commit or neither does, whichever side fails.
 */
@ExtendWith(ArquillianExtension.class)
class TwoPhaseCommitIT {

    private static final String PERSISTENCE_XML = """
            <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
              <persistence-unit name="ledger" transaction-type="JTA">
                <jta-data-source>java:app/jdbc/ledger</jta-data-source>
                <class>dev.allframe.it.micro.LedgerEntry</class>
                <exclude-unlisted-classes>true</exclude-unlisted-classes>
                <properties>
                  <property name="jakarta.persistence.schema-generation.database.action" value="drop-and-create"/>
                </properties>
              </persistence-unit>
            </persistence>
            """;

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("two-phase-it", "allframe.store.backend=allsource\n",
                        Note.class, LedgerEntry.class, LedgerDataSource.class)
                .addAsResource(new StringAsset(PERSISTENCE_XML), "META-INF/persistence.xml");
    }

    @Inject
    EventStore store;

    @PersistenceContext(unitName = "ledger")
    EntityManager em;

    @Resource
    UserTransaction tx;

    @Resource
    ManagedExecutorService executor;

    @Test
    void eventsAndRowsCommitTogether() throws Exception {
        String stream = "ledger-" + UUID.randomUUID();
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, new Note("booked"));
        em.persist(new LedgerEntry(stream, "booked"));
        tx.commit();

        assertEquals(1, store.read(stream).size());
        assertNotNull(em.find(LedgerEntry.class, stream));
    }

    @Test
    void aFailureInTheJpaPartLeavesNoEvents() throws Exception {
        String existing = "ledger-" + UUID.randomUUID();
        tx.begin();
        em.persist(new LedgerEntry(existing, "first"));
        tx.commit();

        String stream = "ledger-" + UUID.randomUUID();
        long lastPosition = store.lastPosition();
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(new Note("a"), new Note("b")));
        em.persist(new LedgerEntry(existing, "duplicate primary key: fails when flushed at commit"));
        assertThrows(RollbackException.class, tx::commit);

        assertEquals(List.of(), store.read(stream), "the events must not appear");
        assertEquals(0, store.version(stream));
        assertEquals("first", em.find(LedgerEntry.class, existing).getNote());
        assertEquals(lastPosition, store.lastPosition(), "no position was used");
    }

    @Test
    void aFailureInTheAllSourcePartLeavesNoRows() throws Exception {
        String stream = "ledger-" + UUID.randomUUID();
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, new Note("mine"));
        em.persist(new LedgerEntry(stream, "must roll back"));
        // another transaction creates the stream first: our AllSource branch fails at prepare/commit
        executor.submit(() -> store.append(stream, ExpectedVersion.NO_STREAM, new Note("theirs"))).get(30, TimeUnit.SECONDS);
        assertThrows(RollbackException.class, tx::commit);

        assertNull(em.find(LedgerEntry.class, stream), "the row must not appear");
        assertEquals(1, store.read(stream).size());
        assertEquals(new Note("theirs"), store.read(stream).get(0).payload());
    }
}
