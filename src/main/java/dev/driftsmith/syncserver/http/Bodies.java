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

  static byte[] read(Request request, int maxBytes) throws HttpError, IOException {
    long declared = request.getLength();
    if (declared > maxBytes) throw tooLarge(declared + " bytes", maxBytes);
    String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    try (InputStream raw = Content.Source.asInputStream(request); InputStream body = decoder(encoding, raw)) {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) throw tooLarge("more than " + maxBytes + " bytes" + (encoding == null ? "" : " decompressed"), maxBytes);
      return bytes;
    } catch (ZipException | java.io.EOFException e) {
      throw new HttpError(400, "body: not valid " + encoding + " data (" + e.getMessage() + ")");
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
