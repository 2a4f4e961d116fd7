package dev.driftsmith.mcp;

import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The SDK's JSON mapper with two corrections on the way out, where the SDK cannot be configured:
 * <ul>
 *   <li>The HTTP transport writes its error bodies by serialising the {@link McpError} exception
 *       itself, stack trace and all (6.5 KB of our internals). Any exception becomes a plain
 *       JSON-RPC error instead.</li>
 *   <li>A call of an unknown tool is answered "Unknown tool: invalid_tool_name" (the specification's
 *       example text, whatever the name). The message names the tool and where to look instead.</li>
 * </ul>
 */
final class ProtocolJson implements McpJsonMapper {
  /** What the SDK puts in the error's data for an unknown tool, before the name. */
  private static final String TOOL_NOT_FOUND = "Tool not found: ";

  private final Future<McpJsonMapper> delegate;

  ProtocolJson(McpJsonMapper delegate) {
    this(CompletableFuture.completedFuture(delegate));
  }

  /** Over a mapper still being made (see {@link JsonWarmUp}): the first read or write waits for it. */
  ProtocolJson(Future<McpJsonMapper> delegate) {
    this.delegate = delegate;
  }

  private McpJsonMapper delegate() {
    try {
      return delegate.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the JSON mapper was being made", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the JSON mapper could not be made", e.getCause());
    }
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    if (value instanceof Throwable failure) return JsonRpc.text(errorBody(failure));
    return delegate().writeValueAsString(corrected(value));
  }

  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    return writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON-RPC error without id for a failure outside any request; never a stack trace. */
  static tools.jackson.databind.node.ObjectNode errorBody(Throwable failure) {
    if (failure instanceof McpError error && error.getJsonRpcError() != null) {
      return JsonRpc.error(null, error.getJsonRpcError().code(), error.getJsonRpcError().message());
    }
    return JsonRpc.error(null, JsonRpc.ErrorCode.INTERNAL_ERROR, "internal error; the server log has the details");
  }

  private static Object corrected(Object value) {
    if (value instanceof McpSchema.JSONRPCResponse response && response.error() != null
        && response.error().code() == JsonRpc.ErrorCode.INVALID_PARAMS.code
        && response.error().data() instanceof String data && data.startsWith(TOOL_NOT_FOUND)) {
      String name = data.substring(TOOL_NOT_FOUND.length());
      return McpSchema.JSONRPCResponse.error(response.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
          response.error().code(), ToolRegistry.unknownTool(name), data));
    }
    return value;
  }

  @Override
  public <T> T readValue(String content, Class<T> type) throws IOException {
    return delegate().readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, Class<T> type) throws IOException {
    return delegate().readValue(content, type);
  }

  @Override
  public <T> T readValue(String content, TypeRef<T> type) throws IOException {
    return delegate().readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
    return delegate().readValue(content, type);
  }

  @Override
  public <T> T convertValue(Object fromValue, Class<T> type) {
    return delegate().convertValue(fromValue, type);
  }

  @Override
  public <T> T convertValue(Object fromValue, TypeRef<T> type) {
    return delegate().convertValue(fromValue, type);
  }
}
