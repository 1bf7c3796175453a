package dev.allframe.cqrs.impl.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesTest {

    @Test
    void backendsParseIgnoringCaseAndSpaces() {
        assertThat(StoreBackend.parse("allframe.store.backend", " JPA ")).isEqualTo(StoreBackend.JPA);
        assertThat(StoreBackend.parse("allframe.store.backend", "memory")).isEqualTo(StoreBackend.MEMORY);
    }

    @Test
    void anUnknownBackendNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> StoreBackend.parse("allframe.store.backend", "mongo"))
                .hasMessageContaining("ALLFRAME-0001").hasMessageContaining("allframe.store.backend")
                .hasMessageContaining("'mongo'").hasMessageContaining("allsource, jpa, memory");
    }

    @Test
    void thresholdsMustBeWholeNumbersAboveTheMinimum() {
        assertThat(ConfigValues.parseInt("allframe.snapshot.threshold", "100", 1)).isEqualTo(100);
        assertThatThrownBy(() -> ConfigValues.parseInt("allframe.snapshot.threshold", "0", 1))
                .hasMessageContaining("ALLFRAME-0007").hasMessageContaining("allframe.snapshot.threshold").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> ConfigValues.parseInt("allframe.snapshot.threshold", "ten", 1))
                .hasMessageContaining("allframe.snapshot.threshold").hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void booleansAreStrict() {
        assertThat(ConfigValues.parseBoolean("allframe.jpa.create-schema", "FALSE")).isFalse();
        assertThatThrownBy(() -> ConfigValues.parseBoolean("allframe.jpa.create-schema", "yes"))
                .hasMessageContaining("ALLFRAME-0006").hasMessageContaining("allframe.jpa.create-schema");
    }
}
