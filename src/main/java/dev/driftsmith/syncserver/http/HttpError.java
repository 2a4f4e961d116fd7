package dev.driftsmith.syncserver.http;

/** A request refused as a whole: its HTTP status and a message that starts with the part of the request at fault. */
final class HttpError extends Exception {
  final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
