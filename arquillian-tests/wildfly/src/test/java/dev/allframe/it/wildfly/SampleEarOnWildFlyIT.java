package dev.allframe.it.wildfly;

import dev.allframe.it.ear.SampleEarChecks;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/** Deploys the real {@code allframe-sample.ear} on WildFly 39 and runs the {@link SampleEarChecks}. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SampleEarOnWildFlyIT extends SampleEarChecks {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("it.ear"));
        assertThat(ear).as("EAR copied by dependency:copy").isFile();
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    @Override
    protected String deployedLogLine() {
        return "Deployed \"allframe-sample.ear\"";
    }
}
