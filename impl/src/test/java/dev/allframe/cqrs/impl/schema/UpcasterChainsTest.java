package dev.allframe.cqrs.impl.schema;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UpcasterChainsTest {

    @Test
    void aCompleteChainUpToTheClassVersionHasNoProblem() {
        assertThat(UpcasterChains.problems(Map.of("X", List.of(1, 2)), Map.of("X", 3), Map.of("X", "a.X"))).isEmpty();
    }

    @Test
    void aMissingStepIsReportedWithTypeClassAndVersions() {
        List<String> problems = UpcasterChains.problems(Map.of("MoneyDeposited", List.of(1, 3)), Map.of("MoneyDeposited", 4),
                Map.of("MoneyDeposited", "bank.MoneyDeposited"));

        assertThat(problems).singleElement().asString()
                .startsWith("ALLFRAME-0201")
                .contains("'MoneyDeposited'", "bank.MoneyDeposited", "from = 2", "v2 -> v3");
    }

    @Test
    void aClassAboveVersionOneWithoutAnyUpcasterIsReported() {
        assertThat(UpcasterChains.problems(Map.of(), Map.of("Y", 2), Map.of("Y", "a.Y")))
                .singleElement().asString().contains("from = 1", "v1 -> v2");
    }

    @Test
    void anUpcasterBeyondTheClassVersionIsReported() {
        assertThat(UpcasterChains.problems(Map.of("X", List.of(1, 2)), Map.of("X", 2), Map.of("X", "a.X")))
                .singleElement().asString().startsWith("ALLFRAME-0202").contains("from = 2", "v2");
    }

    @Test
    void withoutAClassTheChainMustBeContiguous() {
        assertThat(UpcasterChains.problems(Map.of("J", List.of(2, 3)), Map.of(), Map.of())).isEmpty();
        assertThat(UpcasterChains.problems(Map.of("J", List.of(1, 3)), Map.of(), Map.of()))
                .singleElement().asString().contains("'J'", "v2 -> v3");
    }
}
