package dev.allframe.it.micro;

import jakarta.annotation.sql.DataSourceDefinition;

/** An XA-capable H2 datasource (the H2 driver ships with Payara Micro). */
@DataSourceDefinition(name = "java:app/jdbc/ledger",
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:mem:ledger;DB_CLOSE_DELAY=-1",
        user = "sa", password = "")
public class LedgerDataSource {
}
