package dev.driftsmith.generate;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether a driftsmith.yaml edited by hand still holds the manifest the last write wrote: a comment
 * added, a value quoted, lines indented another way. Such an edit changes nothing the generator reads,
 * so a generate of it writes driftsmith.yaml back in its own form and finds every other file
 * unchanged; {@link UpToDate} answers that without validating or rendering.
 *
 * <p>Why that is exactly the full path's answer. The last write left driftsmith.yaml as
 * {@code ManifestIo.toYaml(M)}, M the manifest it rendered, and recorded the SHA-256 of those bytes,
 * {@code written}. The up-to-date record already rests on a full generate of those bytes finding
 * every file unchanged (output is a pure function of the manifest and the migration files). The
 * full path reads only the manifest the text binds, never the text itself (comments, quoting and
 * layout are gone once it is bound); so an edited text E that binds to the same manifest as the
 * written bytes gives the same output, and the full path's only change is to write
 * {@code toYaml(bound E)} over E, which is the written bytes again. Both halves are checked here:
 * E's own writing hashes as {@code written}, and reading that writing back binds a manifest equal
 * to E's, field for field (a string YAML reads back as a number, say, fails it). E must read
 * without a problem and in the current format: an older format or a problem takes the full path,
 * which upgrades it or reports it.
 */
final class SameManifest {
  private SameManifest() {}

  /** The text a generate writes over {@code edited}, when it binds the manifest written as {@code written}; else empty. */
  static Optional<String> rewrite(String edited, String written) {
    ManifestIo.Parsed read = ManifestIo.read(edited);
    if (read.manifest() == null || !read.problems().isEmpty() || !read.upgrades().isEmpty()) return Optional.empty();
    Manifest bound = read.manifest();
    String canonical = ManifestIo.toYaml(bound);
    if (!ProjectState.hash(canonical.getBytes(StandardCharsets.UTF_8)).equals(written)) return Optional.empty();
    ManifestIo.Parsed back = ManifestIo.read(canonical);
    return bound.equals(back.manifest()) ? Optional.of(canonical) : Optional.empty();
  }
}
