package dev.driftsmith.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which build of Driftsmith runs: what its caches on disk are keyed by, so that a jar built since
 * (other code, other templates: other output, other rules) trusts nothing an older one recorded.
 *
 * <p>The packaged jar is named by its path, size and modification time: a build rewrites it, and
 * reading its 26 MB to hash them would cost a fresh process more than the caches save. Run from a
 * folder of classes (tests, an IDE), every file in it counts by name, size and time, templates
 * included.
 */
public final class GeneratorBuild {
  private GeneratorBuild() {}

  /** A SHA-256, in hex, of what identifies this build; the same for every call of one process. */
  public static String id() {
    return Holder.ID;
  }

  private static final class Holder {
    static final String ID = compute();
  }

  private static String compute() {
    try {
      Path code = Path.of(GeneratorBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return ProjectState.hash((Files.isDirectory(code) ? folder(code) : stamp(code, code)).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build of Driftsmith at its code source", e);
    } catch (URISyntaxException | SecurityException e) {
      throw new IllegalStateException("the build of Driftsmith has no readable code source", e);
    }
  }

  private static String folder(Path classes) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> walk = Files.walk(classes)) {
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      for (Path file : files) out.append(stamp(classes, file));
    }
    return out.toString();
  }

  /** "path size time\n"; the path relative to {@code base} (the jar's own path when it is the jar). */
  private static String stamp(Path base, Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    String name = base.equals(file) ? file.toAbsolutePath().toString() : base.relativize(file).toString();
    return name + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis() + "\n";
  }
}
