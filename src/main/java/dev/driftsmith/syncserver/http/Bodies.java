package dev.driftsmith.syncserver.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads a request body whole, decompressed, never more than the limit (before and after decompression). */
final class Bodies {
  private Bodies() {}

  /**
   * A body over the limit is still read (and dropped) up to this many times the limit before the
   * 413 goes out: a client that is still sending when the answer comes and the connection closes
   * sees a broken connection, not the 413, and would take the server for unreachable and send the
   * same batch again and again.
   */
  static final int DRAIN_FACTOR = 4;

  static byte[] read(Request request, int maxBytes) throws HttpError, IOException {
    long declared = request.getLength();
    String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    try (InputStream raw = Content.Source.asInputStream(request)) {
      if (declared > maxBytes) {
        drain(raw, declared, maxBytes);
        throw tooLarge(declared + " bytes", maxBytes);
      }
      InputStream body = decoder(encoding, raw);
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        drain(raw, Long.MAX_VALUE, maxBytes);
        throw tooLarge("more than " + maxBytes + " bytes" + (encoding == null ? "" : " decompressed"), maxBytes);
      }
      return bytes;
    } catch (ZipException | java.io.EOFException e) {
      throw new HttpError(400, "body: not valid " + encoding + " data (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads and drops the body of a request answered without it (a 401, a 426): the client is
   * likely still sending, and would otherwise see its connection cut instead of the answer.
   */
  static void discard(Request request, int maxBytes) {
    try (InputStream raw = Content.Source.asInputStream(request)) {
      drain(raw, Long.MAX_VALUE, maxBytes);
    } catch (IOException e) {
      // The connection is gone or broke: the answer cannot reach the client either way.
    }
  }

  private static void drain(InputStream raw, long declared, int maxBytes) throws IOException {
    long cap = (long) DRAIN_FACTOR * maxBytes;
    byte[] buffer = new byte[64 * 1024];
    long left = Math.min(declared, cap);
    while (left > 0) {
      int n = raw.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) return;
      left -= n;
    }
  }

  /** gzip, and deflate as HTTP means it (zlib), as docs/sync-protocol.md asks of every server. */
  private static InputStream decoder(String encoding, InputStream raw) throws HttpError, IOException {
    if (encoding == null || encoding.isBlank()) return raw;
    return switch (encoding.strip().toLowerCase(Locale.ROOT)) {
      case "identity" -> raw;
      case "gzip", "x-gzip" -> new GZIPInputStream(raw);
      case "deflate" -> new InflaterInputStream(raw);
      default -> throw new HttpError(415, "content-encoding: '" + encoding
          + "' is not supported; send gzip, deflate or an uncompressed body");
    };
  }

  private static HttpError tooLarge(String size, int maxBytes) {
    return new HttpError(413, "body: " + size + " is over this server's limit of " + maxBytes
        + " bytes (--max-request-bytes); send fewer operations per push");
  }
}
