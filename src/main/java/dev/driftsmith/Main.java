package dev.driftsmith;

import dev.driftsmith.cli.Cli;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Entry point: `driftsmith serve|demo|generate|check|schema|tools|sync-server|sync-conformance`. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Optional<Callable<Integer>> plain = Cli.withoutModel(args);
    if (plain.isPresent()) System.exit(run(plain.get()));
    System.exit(new CommandLine(new Cli()).execute(args));
  }

  /** As picocli does for a command that throws: the stack trace on stderr, exit code 1. */
  private static int run(Callable<Integer> command) {
    try {
      return command.call();
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    }
  }
}
