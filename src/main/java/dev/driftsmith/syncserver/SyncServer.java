package dev.driftsmith.syncserver;

import dev.driftsmith.syncserver.auth.Authenticator;
import dev.driftsmith.syncserver.http.SyncHandler;
import dev.driftsmith.syncserver.store.SyncStore;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The reference sync server: docs/sync-protocol.md over HTTP on Jetty, with every piece of state
 * in its {@link SyncStore}. It keeps nothing between requests, so several can share one database.
 */
public final class SyncServer implements AutoCloseable {
  /** Where and how it listens. {@code basePath} is where push, pull and ping live (the app's sync base URL path). */
  public record Options(String host, int port, String basePath, ServerLimits limits, Set<String> allowedOrigins) {
    public Options {
      if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
        throw new IllegalArgumentException("base path '" + basePath + "' must start with / and not end with one (e.g. /sync)");
      }
    }
  }

  /** A connection that sends nothing this long is closed, so idle or stalled clients hold no thread or socket. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Smaller answers (most push answers, errors) are not worth compressing. */
  static final int MIN_GZIP_BYTES = 1024;

  private final Server jetty;
  private final SyncStore store;
  private final Options options;

  private SyncServer(Server jetty, SyncStore store, Options options) {
    this.jetty = jetty;
    this.store = store;
    this.options = options;
  }

  /** Starts listening. The server owns {@code store} from here and closes it on {@link #close}. */
  public static SyncServer start(Options options, SyncStore store, Authenticator auth, JsonLog log) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("sync-http");
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    jetty.addConnector(connector);
    // Answers go gzip-compressed to clients that accept it (dart:io and browsers do, by default): a
    // pull page of records is JSON that shrinks several times. Request bodies are decoded by the
    // handler itself, within its limits.
    GzipHandler gzip = new GzipHandler();
    gzip.setMinGzipSize(MIN_GZIP_BYTES);
    gzip.setHandler(new SyncHandler(store, auth, options.limits(), options.basePath(), options.allowedOrigins(), log));
    jetty.setHandler(gzip);
    jetty.setStopTimeout(5_000);
    try {
      jetty.start();
    } catch (Exception e) {
      jetty.stop();
      throw e;
    }
    return new SyncServer(jetty, store, options);
  }

  /** The port it listens on (the one the OS chose when started with port 0). */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** The base URL an app's sync transport is given. */
  public URI baseUrl() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return URI.create("http://" + host + ":" + port() + options.basePath());
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops taking requests, lets running ones finish (up to 5 s), then closes the database pool. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP server did not stop: " + e.getMessage(), e);
    } finally {
      store.close();
    }
  }
}
