package dev.allframe.allsource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenSmokeTest {
    @TempDir Path dir;

    @Test
    void appendedEventsSurviveReopen() {
        try (AllSource s = AllSource.open(AllSourceOptions.builder(dir).build())) {
            s.append("a-1", ExpectedVersion.NO_STREAM, List.of(EventData.of(UUID.randomUUID(), "Opened", "{}".getBytes(StandardCharsets.UTF_8))));
            assertThatThrownBy(() -> s.append("a-1", ExpectedVersion.NO_STREAM, List.of(EventData.of(UUID.randomUUID(), "Opened", "{}".getBytes()))))
                    .isInstanceOf(WrongExpectedVersionException.class);
        }
        try (AllSource s = AllSource.open(AllSourceOptions.builder(dir).build())) {
            assertThat(s.readStream("a-1")).extracting(StoredEvent::position).containsExactly(1L);
        }
    }
}
