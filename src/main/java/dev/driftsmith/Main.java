package dev.driftsmith;

import dev.driftsmith.cli.Cli;
import picocli.CommandLine;

/** Entry point: `driftsmith serve|demo|generate|check|schema|tools|sync-server|sync-conformance`. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Cli()).execute(args));
  }
}
