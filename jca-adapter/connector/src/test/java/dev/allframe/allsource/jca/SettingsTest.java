package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.FsyncPolicy;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("allframe.allsource.fsync");
        System.clearProperty("allframe.allsource.segment-size");
    }

    @Test
    void unsetPropertiesUseTheBuiltInDefaults() throws Exception {
        AllSourceOptions o = new AllSourceManagedConnectionFactory().options();
        assertThat(o.fsync()).isEqualTo(FsyncPolicy.ALWAYS);
        assertThat(o.segmentSize()).isEqualTo(AllSourceOptions.DEFAULT_SEGMENT_SIZE);
        assertThat(o.parquetRollover()).isTrue();
        assertThat(o.quarantine()).isFalse();
        assertThat(o.keepSealedSegments()).isEqualTo(AllSourceOptions.DEFAULT_KEEP_SEALED_SEGMENTS);
    }

    @Test
    void keepSealedSegmentsTakesMinusOneForAllAndRefusesLess() throws Exception {
        AllSourceManagedConnectionFactory mcf = new AllSourceManagedConnectionFactory();
        mcf.setKeepSealedSegments("3");
        assertThat(mcf.options().keepSealedSegments()).isEqualTo(3);
        mcf.setKeepSealedSegments("-1");
        assertThat(mcf.options().keepSealedSegments()).isEqualTo(AllSourceOptions.KEEP_ALL);
        mcf.setKeepSealedSegments("-2");
        assertThatThrownBy(mcf::options).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("property keepSealedSegments must be a whole number >= -1");
        mcf.setKeepSealedSegments("99999999999");
        assertThatThrownBy(mcf::options).hasMessageContaining("from -1 to 2147483647");
    }

    @Test
    void aSystemPropertyFillsAnUnsetFactoryProperty() throws Exception {
        System.setProperty("allframe.allsource.fsync", "interval");
        System.setProperty("allframe.allsource.segment-size", "1048576");
        AllSourceOptions o = new AllSourceManagedConnectionFactory().options();
        assertThat(o.fsync()).isEqualTo(FsyncPolicy.INTERVAL);
        assertThat(o.segmentSize()).isEqualTo(1048576);
    }

    @Test
    void anExplicitFactoryPropertyWinsOverTheSystemProperty() throws Exception {
        System.setProperty("allframe.allsource.fsync", "interval");
        AllSourceManagedConnectionFactory mcf = new AllSourceManagedConnectionFactory();
        mcf.setFsync("never");
        assertThat(mcf.options().fsync()).isEqualTo(FsyncPolicy.NEVER);
    }

    @Test
    void aBadValueIsRejectedNamingWhereItCameFrom() {
        System.setProperty("allframe.allsource.segment-size", "big");
        assertThatThrownBy(() -> new AllSourceManagedConnectionFactory().options())
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("system property allframe.allsource.segment-size")
                .hasMessageContaining("'big'");
        System.clearProperty("allframe.allsource.segment-size");
        AllSourceManagedConnectionFactory mcf = new AllSourceManagedConnectionFactory();
        mcf.setQuarantine("maybe");
        assertThatThrownBy(mcf::options).hasMessageContaining("property quarantine must be true or false");
    }
}
