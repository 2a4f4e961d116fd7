package dev.driftsmith.generate;

import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.workspace.GeneratedFile;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Managed files as last rendered, by the renderer, the template and the value of the context. Every
 * call renders every file of the project, and on a large project nearly all of them (one per
 * table, the sync files) come out as the call before rendered them: a lookup costs a hash of the
 * context, a rendering a walk of the template. A context is a record of plain values (records,
 * lists, strings, numbers) built for one rendering and never changed after it, so two equal
 * contexts render the same bytes.
 */
final class RenderedFiles {
  private RenderedFiles() {}

  private record Rendering(Renderer renderer, TemplateSpec spec, Record context) {}

  /**
   * Files of 7 million characters at most, the whole output of a large project (the migration steps
   * alone are 2 million at 200 tables); the oldest go first.
   */
  private static final long KEPT_CHARS = 7L << 20;
  private static final Map<Rendering, GeneratedFile> KEPT = new LinkedHashMap<>(256, 0.75f, true);
  private static long keptChars;

  static GeneratedFile managed(Renderer renderer, TemplateSpec spec, Record context) {
    Rendering key = new Rendering(renderer, spec, context);
    synchronized (KEPT) {
      GeneratedFile known = KEPT.get(key);
      if (known != null) return known;
    }
    GeneratedFile file = GeneratedFile.managed(spec.outputPath(renderer, context), renderer.render(spec.source(), context), spec.id());
    synchronized (KEPT) {
      GeneratedFile replaced = KEPT.put(key, file);
      keptChars += file.content().length() - (replaced == null ? 0 : replaced.content().length());
      for (Iterator<GeneratedFile> eldest = KEPT.values().iterator(); keptChars > KEPT_CHARS && eldest.hasNext(); ) {
        keptChars -= eldest.next().content().length();
        eldest.remove();
      }
    }
    return file;
  }
}
