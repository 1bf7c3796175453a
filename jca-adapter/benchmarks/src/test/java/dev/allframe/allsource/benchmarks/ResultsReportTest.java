package dev.allframe.allsource.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsReportTest {

    private static String result(String method, String mode, String unit, double score, double p99) {
        return """
                {"benchmark": "dev.allframe.allsource.benchmarks.%s", "mode": "%s", "threads": 1,
                 "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "%s", "rawData": [[%s]],
                   "scorePercentiles": {"50.0": %s, "99.0": %s}}}
                """.formatted(method, mode, score, unit, score, p99, p99);
    }

    @Test
    void throughputIsShownInEventsPerSecondAndTheP99IsComparedToRawFdatasync() throws IOException {
        String json = "[" + String.join(",",
                result("RawFdatasyncBenchmark.write250AndFdatasync", "thrpt", "ops/us", 0.01, 0.01),
                result("RawFdatasyncBenchmark.write250AndFdatasync", "sample", "us/op", 100, 200),
                result("DurableAppendBenchmark.allsource_durable_1thread", "thrpt", "ops/us", 0.009, 0.009),
                result("DurableAppendBenchmark.allsource_durable_1thread", "sample", "us/op", 110, 240)) + "]";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new ResultsReport(new ObjectMapper().readTree(json), new PrintStream(bytes, true, StandardCharsets.UTF_8)).print();

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("| RawFdatasyncBenchmark.write250AndFdatasync | thrpt | 1 | 10.0k ± n/a |");
        assertThat(report).contains("| Durable 1 appender p99 / raw write+fdatasync p99 | 240 µs | 200 µs | 1.20× | ≤ 1.3× |");
        assertThat(report).contains("| Durable blocking 1thread events/s vs raw fdatasync/s | 9000 ± n/a ops/s | 10.0k ± n/a ops/s | 0.90× |");
    }
}
