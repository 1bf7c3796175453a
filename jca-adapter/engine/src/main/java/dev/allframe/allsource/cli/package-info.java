/**
 * Command-line tools: {@code java -jar allsource-engine-<version>-cli.jar verify|dump|stats|export <dir>}.
 */
package dev.allframe.allsource.cli;
