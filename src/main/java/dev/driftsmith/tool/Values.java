package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import dev.driftsmith.project.Manifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The values read for a set of declared parameters, typed by the parameter that declared them. */
public final class Values {
  private final Args args;
  private final Manifest manifest;
  private final Map<String, Object> values;

  private Values(Args args, Manifest manifest, Map<String, Object> values) {
    this.args = args;
    this.manifest = manifest;
    this.values = values;
  }

  /** No values yet: each parameter read is added, so later parameters can use earlier ones. */
  static Values start(Args args, Manifest manifest) {
    return new Values(args, manifest, new LinkedHashMap<>());
  }

  void put(Param<?> param, Object value) {
    if (value != null) values.put(param.name(), value);
  }

  /** The value of {@code param}: its default when absent, null when optional without a default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Param<T> param) {
    return (T) values.get(param.name());
  }

  public <T> Optional<T> optional(Param<T> param) {
    return Optional.ofNullable(get(param));
  }

  /** The value of {@code param} when the caller sent it, else {@code current} (a setting left out stays as it is). */
  public <T> T sentOr(Param<T> param, T current) {
    return sent(param) ? get(param) : current;
  }

  /** A boolean parameter: true only when it is true (absent, without a default, is false). */
  public boolean flag(Param<Boolean> param) {
    return Boolean.TRUE.equals(get(param));
  }

  /** Whether the caller sent the parameter (a default does not count). */
  public boolean sent(Param<?> param) {
    return args.has(param.name());
  }

  /** The full field path of {@code param}, for messages ({@code columns[2].type}). */
  public String field(Param<?> param) {
    return args.field(param.name());
  }

  /** The project the values were read against (null for tools that work without one). */
  public Manifest manifest() {
    return manifest;
  }
}
