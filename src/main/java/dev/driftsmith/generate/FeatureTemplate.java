package dev.driftsmith.generate;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.workspace.GeneratedFile;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A feature's template together with when it renders and for what: {@code contexts} gives the
 * context record of every file it writes for a manifest, none while the feature is off, one, or one
 * per item (a table, a DAO). A feature lists these once; its template list and its files both come
 * from that list.
 */
public record FeatureTemplate(TemplateSpec spec, Ownership ownership, Function<Input, List<? extends Record>> contexts) {

  /** What a template renders from: the manifest, and the database schema with every feature's contribution. */
  public record Input(Manifest manifest, DatabaseSchema schema) {}

  /** Who owns a written file. */
  public enum Ownership {
    /** Ours: regenerated, and refused when the user edited it (its header carries a hash). */
    MANAGED,
    /** Created once, then the user's: never overwritten. */
    SCAFFOLD
  }

  /** One file, always. */
  public static <C extends Record> FeatureTemplate always(TemplateSpec spec, Function<Input, C> context) {
    return new FeatureTemplate(spec, Ownership.MANAGED, in -> List.of(context.apply(in)));
  }

  /** One file while {@code condition} holds, none otherwise. */
  public static <C extends Record> FeatureTemplate when(TemplateSpec spec, Predicate<Input> condition, Function<Input, C> context) {
    return new FeatureTemplate(spec, Ownership.MANAGED, in -> condition.test(in) ? List.of(context.apply(in)) : List.of());
  }

  /** One file when the manifest has the setting {@code setting} reads, none otherwise. */
  public static <T, C extends Record> FeatureTemplate whenPresent(TemplateSpec spec, Function<Input, Optional<T>> setting,
                                                                   BiFunction<Input, T, C> context) {
    return each(spec, in -> setting.apply(in).stream().toList(), context);
  }

  /** One file per item. */
  public static <T, C extends Record> FeatureTemplate each(TemplateSpec spec, Function<Input, List<T>> items,
                                                           BiFunction<Input, T, C> context) {
    return new FeatureTemplate(spec, Ownership.MANAGED, in -> items.apply(in).stream().map(item -> context.apply(in, item)).toList());
  }

  /** This template, its files created once and then left to the user. */
  public FeatureTemplate scaffold() {
    return new FeatureTemplate(spec, Ownership.SCAFFOLD, contexts);
  }

  /** The files this template writes for {@code in}. */
  public List<GeneratedFile> render(Input in, Renderer renderer) {
    return contexts.apply(in).stream().map(context -> {
      if (ownership == Ownership.MANAGED) return RenderedFiles.managed(renderer, spec, context);
      return GeneratedFile.scaffold(spec.outputPath(renderer, context), renderer.render(spec.source(), context), spec.id());
    }).toList();
  }
}
