package dev.driftsmith.cli;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.syncserver.conformance.ConformanceKit;
import dev.driftsmith.syncserver.conformance.ProtocolClient;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftsmith sync-conformance}: the protocol's checks against any sync server. */
@Command(name = "sync-conformance", description = "Check a sync server against docs/sync-protocol.md: one line per check; exit 1 on any failure.")
final class SyncConformanceCommand extends Cli.Handled {
  @Option(names = "--url", required = true, paramLabel = "URL", description = "The server's sync base URL, e.g. http://127.0.0.1:8080/sync.")
  String url;

  @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "Bearer token of a user kept for the checks.")
  String token;

  @Option(names = "--other-token", paramLabel = "TOKEN", description = "Token of a second user, for the isolation checks (skipped without).")
  String otherToken;

  @Override
  int run() throws Exception {
    URI base;
    try {
      base = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ToolException("--url", "'" + url + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new ToolException("--url", "'" + url + "' must start with http:// or https://");
    }
    ProtocolClient client = new ProtocolClient(ProtocolClient.newHttpClient(), base, token);
    List<ConformanceKit.Result> results = new ConformanceKit(client, otherToken == null ? null : client.as(otherToken)).run();
    results.forEach(r -> System.out.println(r.line()));
    long failed = results.stream().filter(r -> r.outcome() == ConformanceKit.Outcome.FAIL).count();
    long skipped = results.stream().filter(r -> r.outcome() == ConformanceKit.Outcome.SKIP).count();
    System.out.println((results.size() - failed - skipped) + " passed, " + failed + " failed, " + skipped + " skipped");
    return failed == 0 ? 0 : 1;
  }
}
