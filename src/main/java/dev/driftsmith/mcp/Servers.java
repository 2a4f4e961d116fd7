package dev.driftsmith.mcp;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.project.ProjectRegistry;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

/** The two transports: stdio (default) and Streamable HTTP on loopback with Host/Origin checks. */
public final class Servers {
  private Servers() {}

  /** Room for the call tag a front adds to a message, on top of the client's own bytes. */
  static final int TAG_ROOM = 64 * 1024;
  /** What the pipe from the stdio front to the SDK holds before a write waits for the SDK to read. */
  static final int PIPE_BYTES = 1 << 20;

  /** Server identity, instructions and tools, the same on both transports. */
  static <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
      McpServer.SyncSpecification<S> spec, McpJsonMapper json, ToolRegistry tools, InFlightCalls calls) {
    return configure(spec, json).tools(McpServerFactory.specifications(tools, calls));
  }

  /** Server identity and instructions, without tools (the stdio server adds them once built). */
  static <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
      McpServer.SyncSpecification<S> spec, McpJsonMapper json) {
    return spec.serverInfo(McpServerFactory.SERVER_NAME, McpServerFactory.VERSION)
        .instructions(McpServerFactory.INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
        .jsonMapper(json)
        // Our tools validate their own arguments and name the field and the fix; the SDK's schema
        // check would answer first with a generic message.
        .validateToolInputs(false)
        .jsonSchemaValidator(new TestedSchemas());
  }

  static InFlightCalls calls(ToolRegistry tools) {
    return new InFlightCalls(tools.all().stream().map(Tool::name).collect(Collectors.toSet()));
  }

  /**
   * Serves MCP on stdin/stdout until the client closes stdin. Stdout carries only JSON-RPC: anything
   * else that prints (a library, a stray println) is redirected to stderr. Stdin goes through a
   * {@link StdioFront}, which answers what the SDK cannot read and passes on the rest. This thread
   * reads stdin from the start; the front answers {@code initialize} ({@link EarlyInitialize}) and
   * {@code tools/list} ({@link ToolsListAnswer}) itself, and only then, or when a message needs
   * them, starts the threads that make the JSON mapper, build the SDK's server and build the tools
   * ({@link StdioBackend}). The tools are always {@link Driftsmith#tools}, the ones whose
   * tools/list the build stored; only the registry of projects they work on is the caller's.
   */
  public static void stdio(Supplier<ProjectRegistry> projects) throws IOException {
    Supplier<ToolRegistry> toolsToBuild = () -> Driftsmith.tools(projects.get());
    PrintStream protocolOut = System.out;
    System.setOut(System.err);
    PipedInputStream sdkIn = new PipedInputStream(PIPE_BYTES);
    PipedOutputStream forward = new PipedOutputStream(sdkIn);
    StdioBackend backend = new StdioBackend(toolsToBuild, sdkIn, protocolOut);
    try {
      new StdioFront(System.in, forward, protocolOut, System.err, backend, ToolsListAnswer.bundled()).run();
    } catch (IOException e) {
      System.err.println("driftsmith: stdin closed: " + e.getMessage());
    } finally {
      // At end of input the server shuts down, whatever state the SDK is in.
      backend.close();
    }
  }

  public static Server http(ToolRegistry tools, String host, int port) throws Exception {
    return http(tools, host, port, HttpLimits.DEFAULTS);
  }

  /**
   * Streamable HTTP at {@code http://host:port/mcp}. Requests from another site are refused
   * (DNS-rebinding protection): 403 for a foreign Origin, 421 for a foreign Host. {@code limits}
   * keep one slow or greedy client from locking out the others.
   */
  public static Server http(ToolRegistry tools, String host, int port, HttpLimits limits) throws Exception {
    McpJsonMapper json = new ProtocolJson(JsonWarmUp.start());
    InFlightCalls calls = calls(tools);
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(json)
        .mcpEndpoint("/mcp")
        .httpHeaderValidator(sameSiteOnly(host, port))
        .maxRequestSize(limits.maxRequestBytes() + TAG_ROOM)
        // The SDK closes a session that had no request and no open stream between two sweeps, so a
        // sweep every half timeout drops every session idle for the whole timeout.
        .sessionSweepInterval(limits.sessionTimeout().dividedBy(2))
        .build();
    configure(McpServer.sync(transport), json, tools, calls).build();

    Server server = new Server();
    server.setErrorHandler(new JsonErrorPages.Server());
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
    server.setHandler(handlers(transport, calls, limits));
    server.start();
    return server;
  }

  /**
   * Outside in: refuse bodies over the limit, fail bodies that arrive too slowly, read each body
   * whole without holding a thread, then the front and the SDK's servlet. The SDK reads bodies with
   * blocking I/O, so without the eager read a couple of hundred slow clients hold every thread.
   */
  private static Handler handlers(HttpServletStreamableServerTransportProvider transport, InFlightCalls calls,
                                  HttpLimits limits) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.setErrorHandler(new JsonErrorPages.Servlet());
    context.addFilter(new FilterHolder(new HttpFront(transport.protocolVersions(), calls)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    EagerContentHandler eager = new EagerContentHandler(context,
        new EagerContentHandler.RetainedContentLoaderFactory(limits.maxRequestBytes() + TAG_ROOM, -1, true));
    SizeLimitHandler sizeLimit = new SizeLimitHandler(limits.maxRequestBytes(), -1);
    sizeLimit.setHandler(new BodyDeadline(limits.readTimeout(), eager));
    return sizeLimit;
  }

  /** Host and Origin headers must name this server, else the request is refused before MCP sees it. */
  private static DefaultServerTransportSecurityValidator sameSiteOnly(String host, int port) {
    List<String> hosts = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    for (String h : List.of(host, "localhost", "127.0.0.1", "[::1]")) {
      hosts.add(h + ":" + port);
      hosts.add(h);
      origins.add("http://" + h + ":" + port);
      origins.add("http://" + h);
    }
    return DefaultServerTransportSecurityValidator.builder().allowedHosts(hosts).allowedOrigins(origins).build();
  }
}
