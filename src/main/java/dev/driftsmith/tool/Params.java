package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parameters of a tool, or of a nested object: one list that yields the object's JSON Schema,
 * the unknown-field check and the typed values. Parameters are read in the order declared, so a
 * parameter may use the ones before it (a column of the table named before).
 */
public final class Params {
  private final List<Param<?>> params;

  private Params(List<Param<?>> params) {
    this.params = List.copyOf(params);
    Set<String> names = new HashSet<>();
    for (Param<?> p : params) {
      if (!names.add(p.name())) throw new IllegalArgumentException("parameter declared twice: " + p.name());
    }
  }

  public static Params of(Param<?>... params) {
    return new Params(List.of(params));
  }

  public static Params of(List<Param<?>> params) {
    return new Params(params);
  }

  /** These parameters followed by {@code more}. */
  public Params and(Param<?>... more) {
    return and(List.of(more));
  }

  public Params and(List<Param<?>> more) {
    List<Param<?>> all = new ArrayList<>(params);
    all.addAll(more);
    return new Params(all);
  }

  public List<Param<?>> all() {
    return params;
  }

  public Set<String> names() {
    return params.stream().map(Param::name).collect(Collectors.toSet());
  }

  public Map<String, Object> schema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Param<?> p : params) {
      properties.put(p.name(), p.schema());
      if (p.isRequired()) required.add(p.name());
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) schema.put("required", List.copyOf(required));
    schema.put("additionalProperties", false);
    return schema;
  }

  /** Reads every parameter of {@code args}, after refusing fields that are not declared. */
  public Values read(Args args, Manifest manifest) throws ToolException {
    args.only(names());
    Values values = Values.start(args, manifest);
    for (Param<?> p : params) values.put(p, p.read(args, values));
    return values;
  }

  /** Turns the values of a nested object into its typed value; may refuse with a field-first message. */
  @FunctionalInterface
  public interface Builder<T> {
    T build(Values values) throws ToolException;
  }
}
