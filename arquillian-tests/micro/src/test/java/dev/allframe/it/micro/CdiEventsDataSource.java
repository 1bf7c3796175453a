package dev.allframe.it.micro;

import jakarta.annotation.sql.DataSourceDefinition;

/** The H2 database of {@link EventStoreCdiIT}'s relational (jpa) event store. */
@DataSourceDefinition(name = "java:app/jdbc/events",
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:mem:cdi-events;DB_CLOSE_DELAY=-1",
        user = "sa", password = "")
public class CdiEventsDataSource {
}
