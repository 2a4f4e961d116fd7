package dev.driftsmith.mcp;

import dev.driftsmith.schema.SqliteWarmUp;
import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.server.McpSyncServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The tools of a stdio session, built on a thread of their own while the SDK's server is built:
 * building some thirty tools and their schemas was a third of what a cold start did before its
 * first answer, and neither {@code initialize} nor {@code tools/list} (which the front answers
 * itself) needs them. Once built they are added to the server; {@link #await()} blocks until then,
 * and the stdio front calls it before it passes on any request after the handshake, so no
 * {@code tools/list} or {@code tools/call} reaches the SDK before the tools are there.
 */
final class BackgroundTools {
  private final CompletableFuture<InFlightCalls> added = new CompletableFuture<>();

  private BackgroundTools() {}

  /**
   * Starts building the tools; they are added to {@code server} once it is built. When the server
   * cannot be built, {@link #await()} fails as well, rather than wait for good.
   */
  static BackgroundTools start(Supplier<ToolRegistry> toolsToBuild, CompletableFuture<McpSyncServer> server) {
    BackgroundTools tools = new BackgroundTools();
    Thread thread = new Thread(() -> tools.build(toolsToBuild, server), "driftsmith-tools");
    thread.setDaemon(true);
    thread.start();
    return tools;
  }

  private void build(Supplier<ToolRegistry> toolsToBuild, CompletableFuture<McpSyncServer> server) {
    try {
      ToolRegistry registry = toolsToBuild.get();
      InFlightCalls calls = Servers.calls(registry);
      var specifications = McpServerFactory.specifications(registry, calls);
      McpSyncServer target = server.join();
      // In the registry's order, which is the order of tools/list.
      specifications.forEach(target::addTool);
      added.complete(calls);
    } catch (Throwable e) {
      added.completeExceptionally(e);
      return;
    }
    // Once the tools are there, nothing else is waiting for this thread: the first write call's cold SQLite is paid here.
    SqliteWarmUp.run();
  }

  /** The calls of the added tools; blocks until the tools are in the server. */
  InFlightCalls await() {
    try {
      return added.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the tools were being built", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the tools could not be built: " + e.getCause(), e.getCause());
    }
  }
}
