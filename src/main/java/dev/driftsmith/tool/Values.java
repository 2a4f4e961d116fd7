package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import dev.driftsmith.project.Manifest;
import java.util.Map;
import java.util.Optional;

/** The values read for a set of declared parameters, typed by the parameter that declared them. */
public final class Values {
  private final Args args;
  private final Manifest manifest;
  private final Map<String, Object> values;

  Values(Args args, Manifest manifest, Map<String, Object> values) {
    this.args = args;
    this.manifest = manifest;
    this.values = values;
  }

  /** The value of {@code param}: its default when absent, null when optional without a default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Param<T> param) {
    return (T) values.get(param.name());
  }

  public <T> Optional<T> optional(Param<T> param) {
    return Optional.ofNullable(get(param));
  }

  /** Whether the caller sent the parameter (a default does not count). */
  public boolean sent(Param<?> param) {
    return args.has(param.name());
  }

  /** The full field path of {@code param}, for messages ({@code columns[2].type}). */
  public String field(Param<?> param) {
    return args.field(param.name());
  }

  public Manifest manifest() {
    return manifest;
  }

}
