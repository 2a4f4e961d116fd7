package dev.driftsmith.syncserver.http;

/**
 * Pull cursors: a position in the caller's stream, written {@code c<position>}. Clients treat it as
 * opaque; the letter makes that plain and keeps it apart from any number a client might send.
 */
final class Cursors {
  private Cursors() {}

  static String write(long position) {
    return "c" + position;
  }

  /** The position of {@code cursor}; 0 (the start) for null. */
  static long read(String cursor) throws HttpError {
    if (cursor == null) return 0;
    if (cursor.length() > 1 && cursor.length() <= 20 && cursor.charAt(0) == 'c') {
      try {
        long position = Long.parseLong(cursor.substring(1));
        if (position >= 0 && cursor.equals(write(position))) return position;
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw new HttpError(400, "cursor: '" + (cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor)
        + "' is not a cursor this server gave out; send the cursor of the last pull, or null to pull everything");
  }
}
