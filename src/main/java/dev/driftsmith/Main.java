package dev.driftsmith;

import dev.driftsmith.cli.Cli;
import picocli.CommandLine;

/** Entry point: `driftsmith serve|demo|generate|check|schema|tools|sync-server|sync-conformance`. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("serve")) System.exit(serveStdio());
    System.exit(new CommandLine(new Cli()).execute(args));
  }

  /** As picocli does for a command that throws: the stack trace on stderr, exit code 1. */
  private static int serveStdio() {
    try {
      return Cli.serveStdio();
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    }
  }
}
