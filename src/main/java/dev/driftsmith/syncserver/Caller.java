package dev.driftsmith.syncserver;

/**
 * Who sent a request, as the authenticator established it. Records belong to a user; the tenant
 * is stored with every row so multi-tenancy can scope them later ({@code ""} until then).
 */
public record Caller(String tenant, String user) {
  public Caller {
    if (tenant == null || user == null || user.isEmpty()) throw new IllegalArgumentException("a caller needs a user");
  }

  public static Caller user(String user) {
    return new Caller("", user);
  }
}
