package dev.driftsmith.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Records what the handler sends; lets every level through (the SDK's own filter is tested end to end). */
public final class RecordingSession implements McpLoggableSession {
  public final List<Object[]> sent = new ArrayList<>();

  @Override
  public void setMinLoggingLevel(McpSchema.LoggingLevel level) {}

  @Override
  public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
    return true;
  }

  @Override
  public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
    return Mono.error(new UnsupportedOperationException(method));
  }

  @Override
  public Mono<Void> sendNotification(String method, Object params) {
    return Mono.fromRunnable(() -> sent.add(new Object[] {method, params}));
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.empty();
  }

  @Override
  public void close() {}

  public <T> List<T> sent(String method, Class<T> type) {
    return sent.stream().filter(s -> s[0].equals(method)).map(s -> type.cast(s[1])).toList();
  }
}
