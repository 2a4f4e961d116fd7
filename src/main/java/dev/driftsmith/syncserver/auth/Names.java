package dev.driftsmith.syncserver.auth;

/** What a user or tenant id may be: it is stored with every record and written into logs. */
final class Names {
  private Names() {}

  static final int MAX_LENGTH = 200;

  /** Null when {@code id} is acceptable, else what is wrong with it. */
  static String problem(String id) {
    if (id.isEmpty()) return "is empty";
    if (id.length() > MAX_LENGTH) return "has " + id.length() + " characters; at most " + MAX_LENGTH;
    for (int i = 0; i < id.length(); i++) {
      char ch = id.charAt(i);
      if (ch <= ' ' || ch == 0x7f || Character.isISOControl(ch) || Character.isWhitespace(ch)) {
        return "contains a space or control character at position " + i;
      }
    }
    return null;
  }
}
