package dev.driftsmith.feature.sync;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * offline_indicator.dart: the pending count is a drift watch query. Created in build, every rebuild (each
 * connectivity or status change) would start a new query and show 0 until it answered; it is created once.
 */
class OfflineIndicatorTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"top", "bottom"})
  void theStreamsAreCreatedOnceAndNotOnEveryBuild(String position) {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir.resolve(position));
    env.call("drift_configure_offline_indicator", "{\"projectId\": \"p\", \"showBanner\": true, \"bannerPosition\": \"" + position + "\"}");
    String dart = TestEnv.read(root, "lib/data/sync/offline_indicator.dart");
    assertEquals(List.of(), DartSyntax.problems(dart));
    assertContains(dart, "class OfflineIndicator extends StatefulWidget {");
    assertContains(dart, "  void initState() {\n    super.initState();\n    _online = widget.scheduler.online;\n"
        + "    _status = widget.engine.status;\n    _pending = widget.engine.watchPendingCount();\n  }");
    String build = dart.substring(dart.indexOf("  Widget build(BuildContext context) {"), dart.indexOf("  Widget _banner("));
    assertFalse(build.contains("watchPendingCount("), build);
    assertContains(build, "stream: _online,");
    assertContains(build, "stream: _status,");
    assertContains(build, "stream: _pending,");
  }
}
