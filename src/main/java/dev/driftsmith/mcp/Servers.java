package dev.driftsmith.mcp;

import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The two transports: stdio (default) and Streamable HTTP on loopback with Host/Origin checks. */
public final class Servers {
  private Servers() {}

  /** Server identity, instructions and tools, the same on both transports. */
  private static <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
      McpServer.SyncSpecification<S> spec, McpJsonMapper json, ToolRegistry tools) {
    return spec.serverInfo(McpServerFactory.SERVER_NAME, McpServerFactory.VERSION)
        .instructions(McpServerFactory.INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(json)
        .tools(McpServerFactory.specifications(tools));
  }

  /**
   * Serves MCP on stdin/stdout until the client closes stdin. Stdout carries only JSON-RPC: anything
   * else that prints (a library, a stray println) is redirected to stderr.
   */
  public static void stdio(ToolRegistry tools) throws InterruptedException {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    java.io.PrintStream protocolOut = System.out;
    System.setOut(System.err);
    CountDownLatch closed = new CountDownLatch(1);
    java.io.InputStream in = new java.io.FilterInputStream(System.in) {
      @Override
      public int read() throws java.io.IOException {
        int b = super.read();
        if (b < 0) closed.countDown();
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws java.io.IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) closed.countDown();
        return n;
      }
    };
    StdioServerTransportProvider transport = new StdioServerTransportProvider(json, in, protocolOut);
    McpSyncServer server = configure(McpServer.sync(transport), json, tools).build();
    closed.await();
    server.closeGracefully();
  }

  /**
   * Streamable HTTP at {@code http://host:port/mcp}. Requests whose Host or Origin header names
   * another site are refused with 403 (DNS-rebinding protection).
   */
  public static Server http(ToolRegistry tools, String host, int port) throws Exception {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    List<String> hosts = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    for (String h : List.of(host, "localhost", "127.0.0.1", "[::1]")) {
      hosts.add(h + ":" + port);
      hosts.add(h);
      origins.add("http://" + h + ":" + port);
      origins.add("http://" + h);
    }
    var security = DefaultServerTransportSecurityValidator.builder().allowedHosts(hosts).allowedOrigins(origins).build();
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(json)
        .mcpEndpoint("/mcp")
        .securityValidator(security)
        .build();
    configure(McpServer.sync(transport), json, tools).build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.start();
    return server;
  }
}
