package dev.driftsmith.mcp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Fails a request whose body has not arrived whole within the read timeout. Jetty's idle timeout
 * restarts with every byte, so without this a client sending a byte every few seconds would keep
 * its connection, and its place under the connection cap, for as long as it liked.
 */
final class BodyDeadline extends Handler.Wrapper {
  private final Duration timeout;

  BodyDeadline(Duration timeout, Handler handler) {
    super(handler);
    this.timeout = timeout;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!hasBody(request)) return super.handle(request, response, callback);
    TimedRequest timed = new TimedRequest(request);
    Scheduler.Task deadline = request.getComponents().getScheduler()
        .schedule(timed::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
    timed.deadline = deadline;
    return super.handle(timed, response, Callback.from(callback, deadline::cancel));
  }

  private static boolean hasBody(Request request) {
    return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
        || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  private final class TimedRequest extends Request.Wrapper {
    private volatile boolean complete;
    private volatile Scheduler.Task deadline;

    TimedRequest(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null && chunk.isLast()) {
        complete = true;
        if (deadline != null) deadline.cancel();
      }
      return chunk;
    }

    void expire() {
      if (!complete) {
        fail(new TimeoutException("the request body did not arrive within " + timeout.toSeconds() + " s"));
      }
    }
  }
}
