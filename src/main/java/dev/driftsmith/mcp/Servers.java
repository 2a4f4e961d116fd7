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
        // Our tools validate their own arguments and name the field and the fix; the SDK's schema
        // check would answer first with a generic message.
        .validateToolInputs(false)
        .tools(McpServerFactory.specifications(tools));
  }

  /**
   * Serves MCP on stdin/stdout until the client closes stdin. Stdout carries only JSON-RPC: anything
   * else that prints (a library, a stray println) is redirected to stderr.
   */
  public static void stdio(ToolRegistry tools) throws InterruptedException, java.io.IOException {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    java.io.PrintStream protocolOut = System.out;
    System.setOut(System.err);
    java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 20);
    java.io.PipedOutputStream forward = new java.io.PipedOutputStream(in);
    CountDownLatch closed = new CountDownLatch(1);
    Thread reader = new Thread(() -> forwardMessages(System.in, forward, closed), "driftsmith-stdin");
    reader.setDaemon(true);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(json, in, protocolOut);
    McpSyncServer server = configure(McpServer.sync(transport), json, tools).build();
    reader.start();
    closed.await();
    server.closeGracefully();
  }

  /**
   * Passes each stdin line that is a JSON object on to the SDK and drops the rest with a note on
   * stderr: the SDK's reader stops for good at the first line it cannot parse, which would leave
   * the session hung. At end of input the server shuts down, whatever state the SDK is in.
   */
  static void forwardMessages(java.io.InputStream stdin, java.io.OutputStream sdk, CountDownLatch closed) {
    var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stdin, java.nio.charset.StandardCharsets.UTF_8));
    try (sdk) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) continue;
        if (!isJsonRpc(line)) {
          System.err.println("driftsmith: ignored a stdin line that is not a JSON-RPC message: "
              + (line.length() > 200 ? line.substring(0, 200) + "..." : line));
          continue;
        }
        sdk.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sdk.flush();
      }
    } catch (java.io.IOException e) {
      System.err.println("driftsmith: stdin closed: " + e.getMessage());
    } finally {
      closed.countDown();
    }
  }

  /** A JSON object that says it is JSON-RPC 2.0 and is a request, notification or response. */
  static boolean isJsonRpc(String line) {
    try {
      var node = dev.driftsmith.tool.Args.JSON.readTree(line);
      return node.isObject() && "2.0".equals(node.path("jsonrpc").asString(""))
          && (node.has("method") || node.has("result") || node.has("error"));
    } catch (tools.jackson.core.JacksonException e) {
      return false;
    }
  }

  /**
   * Streamable HTTP at {@code http://host:port/mcp}. Requests from another site are refused
   * (DNS-rebinding protection): 403 for a foreign Origin, 421 for a foreign Host.
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
