package dev.allframe.allsource.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into Markdown: every result with its error and spread in
 * readable units (events/s, µs), then the ratios to the Axon baseline and to raw fdatasync, next to the
 * targets of issue 4. Usage: {@code java -cp benchmarks.jar dev.allframe.allsource.benchmarks.ResultsReport results.json}.
 */
public final class ResultsReport {
    private final List<Result> results = new ArrayList<>();
    private final PrintStream out;

    /** One JMH result, normalized: throughput in ops/s, times in µs. */
    record Result(String name, String mode, int threads, double score, double error, double min, double max,
                  double p50, double p99, String unit) {
        boolean throughput() {
            return mode.equals("thrpt");
        }
    }

    ResultsReport(JsonNode json, PrintStream out) {
        this.out = out;
        for (JsonNode r : json) results.add(parse(r));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: ResultsReport <jmh-results.json>");
        JsonNode json = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        new ResultsReport(json, new PrintStream(System.out, true, StandardCharsets.UTF_8)).print();
    }

    private static Result parse(JsonNode r) {
        String bench = r.get("benchmark").asText();
        String name = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
        JsonNode params = r.get("params");
        if (params != null && params.size() > 0) {
            List<String> ps = new ArrayList<>();
            params.fields().forEachRemaining(p -> ps.add(p.getKey() + "=" + p.getValue().asText()));
            name += " [" + String.join(", ", ps) + "]";
        }
        JsonNode m = r.get("primaryMetric");
        String unit = m.get("scoreUnit").asText();
        double factor = factor(unit);
        double min = Double.NaN, max = Double.NaN;
        if (r.get("mode").asText().equals("thrpt") || r.get("mode").asText().equals("ss")) {
            min = Double.MAX_VALUE;
            max = -Double.MAX_VALUE;
            for (JsonNode fork : m.get("rawData"))
                for (JsonNode v : fork) {
                    min = Math.min(min, v.asDouble());
                    max = Math.max(max, v.asDouble());
                }
        }
        JsonNode pct = m.get("scorePercentiles");
        String normUnit = unit.startsWith("ops/") ? "ops/s" : "µs/op";
        return new Result(name, r.get("mode").asText(), r.get("threads").asInt(), m.get("score").asDouble() * factor,
                m.get("scoreError").asDouble(Double.NaN) * factor, min * factor, max * factor,
                pct.get("50.0").asDouble() * factor, pct.get("99.0").asDouble() * factor, normUnit);
    }

    /** Multiplier to ops/s (throughput) or µs/op (time). */
    private static double factor(String unit) {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            case "s/op" -> 1e6;
            case "ms/op" -> 1e3;
            case "us/op" -> 1;
            case "ns/op" -> 1e-3;
            default -> throw new IllegalArgumentException("unknown JMH unit " + unit);
        };
    }

    void print() {
        out.println("| benchmark | mode | threads | score ± error (99.9% CI) | min – max of iterations | p50 | p99 | unit |");
        out.println("|---|---|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            boolean sample = r.mode().equals("sample");
            out.printf(Locale.ROOT, "| %s | %s | %d | %s ± %s | %s | %s | %s | %s |%n", r.name(), r.mode(), r.threads(),
                    num(r.score()), num(r.error()), Double.isNaN(r.min()) ? "" : num(r.min()) + " – " + num(r.max()),
                    sample ? num(r.p50()) : "", sample ? num(r.p99()) : "", r.unit());
        }
        out.println();
        out.println("| figure | AllSource | baseline | ratio | issue-4 target |");
        out.println("|---|---:|---:|---:|---|");
        ratio("Mode A events/s, in-memory backend, vs Axon in-memory (new store per 1,000)",
                "allsource_inMemory_newStorePer1000", "thrpt", "axon_inMemory_newStorePer1000", "thrpt", "≥ 20M events/s");
        ratio("Mode A events/s, file engine fsync NEVER, new store per 1,000, vs Axon",
                "allsource_fsyncNever_newStorePer1000", "thrpt", "axon_inMemory_newStorePer1000", "thrpt", "report");
        ratio("Mode A events/s, file engine fsync NEVER, store per 1M (open amortized), vs Axon",
                "allsource_fsyncNever_storePer1M", "thrpt", "axon_inMemory_newStorePer1000", "thrpt", "report");
        ratio("Read 100 of 10,000 hot, mean µs: Axon / AllSource file engine", "axon_inMemory_readEvents", "sample",
                "allsource_readStream", "sample", "≤ 0.5 µs mean");
        ratio("Read 100 of 10,000 hot, mean µs: Axon / AllSource in-memory backend", "axon_inMemory_readEvents",
                "sample", "allsource_inMemory_readStream", "sample", "≤ 0.5 µs mean");
        p99Ratio("Read 100 of 10,000 hot, p50 / p99 µs: AllSource file engine", "allsource_readStream", "≤ 1.5 µs p99");
        p99Ratio("Read 100 of 10,000 hot, p50 / p99 µs: AllSource in-memory backend", "allsource_inMemory_readStream",
                "≤ 1.5 µs p99");
        single("First read after reopen, mean µs", "allsource_firstReadAfterReopen", "ss", "report");
        p99VsRaw("Durable 1 appender p99 / raw write+fdatasync p99", "allsource_durable_1thread", "≤ 1.3×");
        for (String t : new String[]{"1thread", "8threads", "64threads"}) {
            ratio("Durable blocking " + t + " events/s vs raw fdatasync/s", "allsource_durable_" + t, "thrpt",
                    "write250AndFdatasync", "thrpt", t.equals("64threads") ? "≥ 200K events/s" : "report");
            String axon = t.equals("64threads") ? "axonH2_durable_8threads" : "axonH2_durable_" + t;
            ratio("Durable blocking " + t + " vs Axon/H2 durable (CHECKPOINT SYNC)", "allsource_durable_" + t, "thrpt",
                    axon, "thrpt", "report");
            String axonNd = t.equals("64threads") ? "axonH2_nonDurable_8threads" : "axonH2_nonDurable_" + t;
            ratio("Durable blocking " + t + " vs Axon/H2 NON-durable (not comparable)", "allsource_durable_" + t,
                    "thrpt", axonNd, "thrpt", "report");
        }
        ratio("Async API (2 threads, 1024 in flight) events/s vs raw fdatasync/s", "allsource_async_2threads", "thrpt",
                "write250AndFdatasync", "thrpt", "≥ 500K events/s");
        single("Parquet history: write 100k events, events/s", "write100kEvents", "thrpt", "report");
        single("Parquet history: stream 100k events back, events/s", "read100kEventsStreaming", "thrpt", "report");
        p99Ratio("Parquet history: footer summary, p50 / p99 µs", "footerSummary", "report");
        for (Result r : all("allsource_open1MEventLog", "ss"))
            out.printf(Locale.ROOT, "| Recovery: open a 1M-event log %s | %.2f ± %s s (min %.2f, max %.2f) | | | ≤ 2 s |%n",
                    r.name().substring(r.name().indexOf(" [") + 1), r.score() / 1e6, num(r.error() / 1e6),
                    r.min() / 1e6, r.max() / 1e6);
    }

    private Optional<Result> find(String name, String mode) {
        return all(name, mode).stream().findFirst();
    }

    /** Results of a benchmark method (one per parameter combination). */
    private List<Result> all(String name, String mode) {
        return results.stream().filter(r -> r.mode().equals(mode)
                && (r.name().endsWith("." + name) || r.name().contains("." + name + " ["))).toList();
    }

    private void ratio(String label, String ours, String oursMode, String base, String baseMode,
                       String target) {
        Optional<Result> a = find(ours, oursMode), b = find(base, baseMode);
        if (a.isEmpty() || b.isEmpty()) return;
        out.printf(Locale.ROOT, "| %s | %s | %s | %.2f× | %s |%n", label, withError(a.get()), withError(b.get()),
                a.get().score() / b.get().score(), target);
    }

    private void p99Ratio(String label, String ours, String target) {
        find(ours, "sample").ifPresent(r -> out.printf(Locale.ROOT, "| %s | %s / %s | | | %s |%n", label,
                num(r.p50()), num(r.p99()), target));
    }

    private void p99VsRaw(String label, String ours, String target) {
        Optional<Result> a = find(ours, "sample"), b = find("write250AndFdatasync", "sample");
        if (a.isEmpty() || b.isEmpty()) return;
        out.printf(Locale.ROOT, "| %s | %s µs | %s µs | %.2f× | %s |%n", label, num(a.get().p99()), num(b.get().p99()),
                a.get().p99() / b.get().p99(), target);
    }

    private void single(String label, String ours, String mode, String target) {
        find(ours, mode).ifPresent(r -> out.printf(Locale.ROOT, "| %s | %s | | | %s |%n", label, withError(r), target));
    }

    private static String withError(Result r) {
        return num(r.score()) + " ± " + num(r.error()) + " " + r.unit();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        if (a >= 1e4) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
