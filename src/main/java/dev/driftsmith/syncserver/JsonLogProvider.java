package dev.driftsmith.syncserver;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes what the libraries log (Jetty, HikariCP, Flyway) into the sync server's JSON lines, so
 * its stderr is one JSON object per line throughout. The MCP server keeps slf4j-simple; the
 * {@code sync-server} command selects this provider through the {@code slf4j.provider} property
 * before any library logs.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  /** The system property that makes SLF4J take this provider. */
  public static final String SELECT = "slf4j.provider";

  private final JsonLog log = new JsonLog(System.err);
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, n -> new JsonLogger(n, log));
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Makes SLF4J use this provider; call before the first library class logs. */
  public static void select() {
    System.setProperty(SELECT, JsonLogProvider.class.getName());
    // SLF4J itself would print a plain-text line saying which provider it loads.
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // Nothing to set up: lines go straight to stderr.
  }

  /** Info and above; debug and trace are for whoever debugs the library itself. */
  private static final class JsonLogger extends LegacyAbstractLogger {
    private final transient JsonLog log;

    JsonLogger(String name, JsonLog log) {
      this.name = name;
      this.log = log;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
      ObjectNode line = log.event(level.name().toLowerCase(java.util.Locale.ROOT), "library");
      line.put("logger", name);
      line.put("message", MessageFormatter.basicArrayFormat(pattern, arguments));
      if (error != null) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        line.put("exception", trace.toString());
      }
      log.write(line);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }
}
