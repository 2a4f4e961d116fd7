package dev.driftsmith.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameter tables of the README's tool reference, written from the declarations, so the
 * reference cannot drift from what the tools accept. A test compares the README with this output.
 */
public final class ToolReference {
  private ToolReference() {}

  public static final String BEGIN = "<!-- parameter tables: generated from the declarations by dev.driftsmith.tool.ToolReference -->";
  public static final String END = "<!-- end of the generated parameter tables -->";

  /** Shared by every tool of a project, and said once above the tables rather than in each. */
  private static final Set<Param<?>> SHARED = Set.of(FeatureTool.PROJECT_ID, FeatureTool.DRY_RUN, FeatureTool.FORCE);

  /** The generated block, markers included. */
  public static String markdown(Collection<Tool> tools) {
    StringBuilder out = new StringBuilder(BEGIN).append("\n\n");
    out.append("Every tool of a project takes `projectId` (required); the generating tools also take `dryRun` and "
        + "`force` (both default false). A name with `[]` is a field of each item of a list, one with `.` a field of an object.\n");
    for (Tool tool : tools) {
      out.append("\n#### `").append(tool.name()).append("`: ").append(tool.title()).append("\n\n");
      List<String[]> rows = new ArrayList<>();
      for (Param<?> p : tool.params().all()) if (!SHARED.contains(p)) rows(p, "", rows);
      if (rows.isEmpty()) {
        out.append(tool.params().all().isEmpty() ? "No parameters.\n" : "No parameters of its own.\n");
        continue;
      }
      out.append("| parameter | required | accepts | default | description |\n| --- | --- | --- | --- | --- |\n");
      for (String[] row : rows) out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.append('\n').append(END).toString();
  }

  private static void rows(Param<?> p, String prefix, List<String[]> rows) {
    String name = prefix + p.name();
    Map<String, Object> schema = p.schema();
    rows.add(new String[] {"`" + name + "`", p.isRequired() ? "yes" : "", cell(accepts(schema)),
        p.defaultValue().map(v -> "`" + Param.schemaValue(v) + "`").orElse(""), cell(p.description())});
    String nested = "array".equals(schema.get("type")) ? name + "[]." : name + ".";
    p.fields().ifPresent(fields -> fields.all().forEach(f -> rows(f, nested, rows)));
  }

  /** What the schema accepts, in words: "integer 5–200", "one of `a`, `b`", "list of strings, non-empty". */
  @SuppressWarnings("unchecked")
  static String accepts(Map<String, Object> schema) {
    if (schema.containsKey("oneOf")) {
      List<String> alternatives = ((List<Map<String, Object>>) schema.get("oneOf")).stream().map(ToolReference::accepts).toList();
      return String.join(", or ", alternatives);
    }
    Object type = schema.get("type");
    StringBuilder out = new StringBuilder();
    if (schema.containsKey("enum")) {
      out.append("one of ").append(String.join(", ", ((List<Object>) schema.get("enum")).stream().map(v -> "`" + v + "`").toList()));
    } else if ("array".equals(type)) {
      Map<String, Object> items = (Map<String, Object>) schema.get("items");
      out.append("list of ").append("object".equals(items.get("type")) ? "objects" : accepts(items).replaceFirst("^(\\w+)", "$1s"));
    } else if ("object".equals(type) && schema.get("additionalProperties") instanceof Map<?, ?> values) {
      out.append("object of ").append(accepts((Map<String, Object>) values));
    } else if (type instanceof List<?> types) {
      out.append(String.join(" or ", types.stream().map(String::valueOf).toList()));
    } else {
      out.append(type);
    }
    if (schema.containsKey("minimum")) out.append(" ").append(number(schema.get("minimum"))).append("–").append(number(schema.get("maximum")));
    if (schema.containsKey("pattern")) out.append(" matching `").append(schema.get("pattern")).append("`");
    if (schema.containsKey("maxLength")) out.append(", at most ").append(schema.get("maxLength")).append(" characters");
    if (schema.containsKey("minItems")) out.append(", non-empty");
    if (Boolean.TRUE.equals(schema.get("uniqueItems"))) out.append(", no repeats");
    return out.toString();
  }

  private static String number(Object n) {
    return n instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(n);
  }

  /** A table cell: pipes would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
