package dev.allframe.it.micro;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;

/** The AllSource connection factory of the test applications (adapter deployed as allsource-ra). */
@ConnectionFactoryDefinition(name = "java:app/allsource",
        interfaceName = "dev.allframe.allsource.client.AllSourceConnectionFactory",
        resourceAdapter = "allsource-ra",
        transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction)
public class AllSourceFactory {
}
