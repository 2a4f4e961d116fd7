package dev.driftsmith.feature.performance;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_pagination: page queries for every table. */
final class ConfigurePaginationTool extends PerformanceTool<PaginationConfig> {
  static final About ABOUT = new About("drift_configure_pagination", "Configure pagination",
      "Page queries for every table: offset, cursor or keyset (no row skipped or repeated).",
      Hints.GENERATES);
  static final Param<PaginationMode> MODE = Param.choice("mode", PaginationMode.class).required();
  static final Param<Integer> PAGE_SIZE = Param.integer("defaultPageSize", 5, 200).orDefault(20);
  static final Param<Integer> MAX_PAGE_SIZE = Param.integer("maxPageSize", 10, 500).orDefault(100)
      .check((max, field, v) -> {
        if (max < v.get(PAGE_SIZE)) throw new ToolException(field, "must be at least defaultPageSize (" + v.get(PAGE_SIZE) + ")");
      });

  ConfigurePaginationTool() {
    super(ABOUT, PaginationConfig.KEY, Params.of(MODE, PAGE_SIZE, MAX_PAGE_SIZE));
  }

  @Override
  protected PaginationConfig config(Values v, List<String> notes) {
    PaginationMode mode = v.get(MODE);
    if (mode == PaginationMode.OFFSET) notes.add("Offset pages shift when rows are inserted or deleted between pages; keyset pages do not.");
    return new PaginationConfig(mode, v.get(PAGE_SIZE), v.get(MAX_PAGE_SIZE));
  }
}
