package dev.driftsmith.mcp;

import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The SDK's side of a stdio session, built when the front first needs it ({@link #start}): the
 * SDK's JSON mapper ({@link JsonWarmUp}), its server reading what the front passes on, and our
 * tools ({@link BackgroundTools}), each on a thread of its own.
 */
final class StdioBackend implements StdioFront.Backend {
  private final Supplier<ToolRegistry> toolsToBuild;
  private final InputStream fromFront;
  private final PrintStream protocolOut;
  private CompletableFuture<McpSyncServer> server;
  private BackgroundTools tools;

  /**
   * @param fromFront what the front passes on to the SDK
   * @param protocolOut the client's stream, which the SDK's output ({@link SdkOutput}) writes to
   */
  StdioBackend(Supplier<ToolRegistry> toolsToBuild, InputStream fromFront, PrintStream protocolOut) {
    this.toolsToBuild = toolsToBuild;
    this.fromFront = fromFront;
    this.protocolOut = protocolOut;
  }

  @Override
  public synchronized void start() {
    if (server != null) return;
    McpJsonMapper json = new ProtocolJson(JsonWarmUp.start());
    server = CompletableFuture.supplyAsync(() -> {
      StdioServerTransportProvider transport = new StdioServerTransportProvider(json, fromFront,
          new SdkOutput(protocolOut, System.err), StdioFront.MAX_MESSAGE_BYTES + Servers.TAG_ROOM);
      return Servers.configure(McpServer.sync(transport), json).build();
    }, StdioBackend::daemon);
    tools = BackgroundTools.start(toolsToBuild, server);
  }

  @Override
  public InFlightCalls calls() {
    start();
    return tools.await();
  }

  /** Shuts the SDK's server down, whatever state it is in; nothing to do when it was never started. */
  synchronized void close() {
    if (server != null) server.join().closeGracefully();
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "driftsmith-sdk-server");
    thread.setDaemon(true);
    thread.start();
  }
}
