package dev.driftsmith.mcp;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tool calls that are running, so that a {@code notifications/cancelled} reaches the one it
 * names. The SDK gives a tool handler neither the request's id nor its cancellations, so the
 * transport front registers each tools/call as it passes and tags it with a key under
 * {@link #META_KEY} in the request's {@code _meta}; the handler finds its call by that key.
 */
final class InFlightCalls {
  /** Where the front puts the key; a client's own value there is overwritten. */
  static final String META_KEY = "dev.driftsmith/call";

  /** One running call: which request it is, and whether the client has given up on it. */
  static final class Call {
    private final String key;
    private final String session;
    private final String requestId;
    private volatile boolean cancelled;

    private Call(String key, String session, String requestId) {
      this.key = key;
      this.session = session;
      this.requestId = requestId;
    }

    boolean isCancelled() {
      return cancelled;
    }
  }

  private final Set<String> toolNames;
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();

  InFlightCalls(Set<String> toolNames) {
    this.toolNames = Set.copyOf(toolNames);
  }

  /**
   * Registers {@code request} when it calls one of our tools, and tags it with the key; returns the
   * key. Calls of unknown tools are not registered: the SDK refuses them without calling a handler,
   * which would otherwise never release them.
   */
  Optional<String> open(String session, Inbound.Request request) {
    if (!request.method().equals("tools/call")) return Optional.empty();
    JsonNode name = request.params().get("name");
    if (name == null || !name.isString() || !toolNames.contains(name.stringValue())) return Optional.empty();
    String key = Long.toString(next.incrementAndGet());
    calls.put(key, new Call(key, session, request.id().toString()));
    ObjectNode params = request.params();
    // A _meta that is not an object is invalid anyway; the SDK could not read it either.
    ObjectNode meta = params.get("_meta") instanceof ObjectNode object ? object : params.putObject("_meta");
    meta.put(META_KEY, key);
    return Optional.of(key);
  }

  /** Marks the calls of {@code session} with {@code requestId} cancelled; unknown ids are ignored. */
  void cancel(String session, JsonNode requestId) {
    if (requestId == null) return;
    String id = requestId.toString();
    calls.values().stream().filter(c -> c.session.equals(session) && c.requestId.equals(id))
        .forEach(c -> c.cancelled = true);
  }

  /** The call tagged with the key in {@code meta}; a fresh, untracked one when there is none. */
  Call find(Map<String, Object> meta) {
    Object key = meta == null ? null : meta.get(META_KEY);
    Call call = key == null ? null : calls.get(key.toString());
    return call != null ? call : new Call("", "", "");
  }

  /** Forgets a finished call. Closing twice, or an untracked call, is harmless. */
  void close(Call call) {
    calls.remove(call.key);
  }

  void close(String key) {
    calls.remove(key);
  }

  int size() {
    return calls.size();
  }
}
