package dev.driftsmith.mcp;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to {@code tools/list}, made by the build and served by the stdio front: a client
 * lists the tools before its first call, and building some thirty tools, their schemas and the
 * SDK's server to answer it took longer than the whole start up to {@code initialize}. The SDK's
 * tools/list reads no params and lists every tool added to its server; ours are the same in every
 * process of a build, since they are declared in code. So the build ({@link #main}, run by Maven
 * after compiling) asks an SDK server with those tools for its answer once and stores the result;
 * the front writes it back under the request's id, byte for byte what the SDK would write (a test
 * holds the two equal). Without the stored result (classes run from an IDE), the SDK answers.
 */
final class ToolsListAnswer {
  /** The stored result, next to this class. */
  static final String RESOURCE = "tools-list.json";

  private static final String PREFIX = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":";

  /** The result object as the SDK writes it, or null when there is none. */
  private String result;
  private boolean loaded;

  private ToolsListAnswer(String result, boolean loaded) {
    this.result = result;
    this.loaded = loaded;
  }

  /** The answer of this build, read from the class path on first use. */
  static ToolsListAnswer bundled() {
    return new ToolsListAnswer(null, false);
  }

  /** An answer with {@code result} as its result object, or, when null, none (the SDK answers). */
  static ToolsListAnswer of(String result) {
    return new ToolsListAnswer(result, true);
  }

  /** The answer line (without its newline) to a tools/list with id {@code idJson}, or null when the SDK must answer. */
  String answer(String idJson) {
    String stored = result();
    return stored == null ? null : "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":" + stored + "}";
  }

  private String result() {
    if (!loaded) {
      loaded = true;
      try (InputStream in = ToolsListAnswer.class.getResourceAsStream(RESOURCE)) {
        result = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        // Unreadable: the SDK answers, as it would without the front.
        result = null;
      }
    }
    return result;
  }

  /**
   * Run by the build: writes the result for this build's tools to {@code DIR/dev/driftsmith/mcp/}
   * {@value #RESOURCE}, DIR being the compiled classes.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java -cp CLASSPATH " + ToolsListAnswer.class.getName() + " CLASSES_DIR");
      System.exit(2);
    }
    Path file = Path.of(args[0], ToolsListAnswer.class.getPackageName().split("\\.")).resolve(RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, resultOf(Driftsmith.tools(new MemoryProjectRegistry())), StandardCharsets.UTF_8);
  }

  /** The result object of the SDK's answer to tools/list, for a server with {@code tools}. */
  static String resultOf(ToolRegistry tools) throws IOException {
    String line = sdkAnswer(tools, "2025-06-18", "0");
    if (!line.startsWith(PREFIX) || !line.endsWith("}")) {
      throw new IOException("the SDK's answer to tools/list does not start with " + PREFIX + ": "
          + line.substring(0, Math.min(200, line.length())));
    }
    return line.substring(PREFIX.length(), line.length() - 1);
  }

  /**
   * The line the SDK's stdio server writes in answer to tools/list with id {@code idJson}, in a
   * session begun with protocol version {@code version}, for a server with {@code tools} and
   * configured as {@code serve} configures it.
   */
  static String sdkAnswer(ToolRegistry tools, String version, String idJson) throws IOException {
    List<String> answers = sdkAnswers(tools, List.of(
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + JsonRpc.quoted(version) + ",\"capabilities\":{},\"clientInfo\":{\"name\":\"driftsmith-build\",\"version\":\"1\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"tools/list\"}"));
    return answers.get(answers.size() - 1);
  }

  /**
   * The lines the SDK's stdio server, with {@code tools} and configured as {@code serve} configures
   * it but without the front, writes in answer to {@code messages}: one per request, read after it.
   */
  static List<String> sdkAnswers(ToolRegistry tools, List<String> messages) throws IOException {
    McpJsonMapper json = new ProtocolJson(McpJsonDefaults.getMapper());
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    PipedOutputStream client = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(json, serverIn, serverOut, 1 << 20);
    McpSyncServer server = Servers.configure(McpServer.sync(transport), json, tools, Servers.calls(tools)).build();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
      List<String> answers = new ArrayList<>();
      for (String message : messages) {
        send(client, message);
        PlainMessage plain = PlainMessage.read(message);
        if (plain == null || !plain.isRequest()) continue;
        String line = lines.readLine();
        if (line == null) throw new IOException("the SDK's server closed its output before answering " + plain.method());
        answers.add(line);
      }
      return answers;
    } finally {
      client.close();
      server.closeGracefully();
    }
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
