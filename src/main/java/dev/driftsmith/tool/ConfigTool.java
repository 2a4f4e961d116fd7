package dev.driftsmith.tool;

import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool that stores one configuration record under its own key in {@code features}. The stored
 * record has the tool's parameters as its fields, so a hand-edited manifest is checked by reading
 * it with the same declarations as a call.
 */
public abstract class ConfigTool<C> extends FeatureTool {
  private final FeatureKey<C> key;

  protected ConfigTool(About about, FeatureKey<C> key, Params own) {
    super(about, own);
    this.key = key;
  }

  public final FeatureKey<C> key() {
    return key;
  }

  /** The configuration the values describe; {@code values.manifest()} is the project. Notes go to the result. */
  protected abstract C config(Values values, List<String> notes) throws ToolException;

  @Override
  protected Manifest change(Manifest current, Values values, Change change) throws ToolException {
    return current.with(key, config(values, change.notes()));
  }

  /** The configuration stored in {@code m}, read with this tool's own rules. */
  public C readStored(Manifest m, Args stored) throws ToolException {
    return config(own().read(stored, m), new ArrayList<>());
  }

  /** Adds what is wrong with the stored configuration, when there is one, to {@code problems}. */
  public void validate(Manifest m, Problems problems) {
    problems.stored(m, key.name(), (Class<?>) key.type(), stored -> readStored(m, stored));
  }
}
