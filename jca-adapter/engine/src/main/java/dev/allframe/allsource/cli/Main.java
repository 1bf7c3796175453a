package dev.allframe.allsource.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar allsource-engine-<version>-cli.jar verify|dump|stats|export <dir>}: operator tools
 * that read a data directory without opening the store (no lock, no repair).
 * Exit codes: 0 fine, 1 damage found, 2 usage or I/O error.
 */
@Command(name = "allsource", mixinStandardHelpOptions = true, version = "allsource 0.1",
        description = "Inspect an AllSource data directory.",
        subcommands = {VerifyCommand.class, DumpCommand.class, StatsCommand.class, ExportCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("error: " + ex.getMessage());
                    return 2;
                })
                .execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: verify, dump, stats or export");
    }
}
