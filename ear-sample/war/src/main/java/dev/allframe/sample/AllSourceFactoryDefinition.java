package dev.allframe.sample;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;

/**
 * Defines the AllSource connection factory at {@code java:app/allsource} on the resource adapter
 * deployed as {@code allsource-ra} (Payara Micro: see {@code server-config/post-boot.asadmin}).
 */
@ConnectionFactoryDefinition(name = "java:app/allsource",
        interfaceName = "dev.allframe.allsource.client.AllSourceConnectionFactory",
        resourceAdapter = "allsource-ra",
        transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction)
public class AllSourceFactoryDefinition {
}
