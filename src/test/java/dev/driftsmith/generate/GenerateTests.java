package dev.driftsmith.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the tests of the up-to-date answer share: a call's progress reports, and a twin project without the record. */
final class GenerateTests {
  private GenerateTests() {}

  /** The progress reports of one call, in order. */
  static class Reports implements CallControl {
    final List<String> reports = new ArrayList<>();

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void progress(Step step, String detail) {
      reports.add(detail);
    }
  }

  /**
   * A copy of {@code root} at {@code copy}, with its file times, but without the up-to-date record:
   * the project whose generate takes the full path, to compare an answer from the record with.
   */
  static Path copyWithoutRecord(Path root, Path copy) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path from : walk.toList()) {
        Path to = copy.resolve(root.relativize(from).toString());
        if (Files.isDirectory(from)) Files.createDirectories(to);
        else Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Files.delete(copy.resolve(UpToDate.FILE));
    return copy;
  }
}
