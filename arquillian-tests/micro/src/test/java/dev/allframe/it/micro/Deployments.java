package dev.allframe.it.micro;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** Builds test WARs from the real api/impl jars (copied to {@code target/deps} by the build). */
final class Deployments {
    private Deployments() {
    }

    static File dep(String name) {
        File f = new File(System.getProperty("it.deps", "target/deps"), name);
        if (!f.isFile()) throw new IllegalStateException("missing " + f + ": run through Maven (./mvnw verify)");
        return f;
    }

    /** A WAR with api + impl in WEB-INF/lib, the AllSource connection factory, and the given config. */
    static WebArchive war(String name, String config, Class<?>... classes) {
        return warWithoutAllSource(name, config, classes).addClasses(AllSourceFactory.class, Racers.class);
    }

    /** A WAR with api + impl in WEB-INF/lib and the given config, for a server without allsource.rar. */
    static WebArchive warWithoutAllSource(String name, String config, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, dep("allframe-api.jar")))
                .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, dep("allframe-impl.jar")))
                .addClasses(classes)
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
