package dev.driftsmith.testing;

import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterDart;

/** The Dart syntax gate: parses with tree-sitter-dart and lists every ERROR and MISSING node. */
public final class DartSyntax {
  private DartSyntax() {}

  public static List<String> problems(String source) {
    TSParser parser = new TSParser();
    parser.setLanguage(new TreeSitterDart());
    TSTree tree = parser.parseString(null, source);
    List<String> out = new ArrayList<>();
    collect(tree.getRootNode(), source, out);
    return out;
  }

  private static void collect(TSNode node, String source, List<String> out) {
    if (node.isMissing() || "ERROR".equals(node.getType())) {
      int row = node.getStartPoint().getRow();
      String[] lines = source.split("\n", -1);
      String line = row < lines.length ? lines[row].strip() : "";
      out.add((node.isMissing() ? "MISSING " + node.getType() : "ERROR") + " at line " + (row + 1) + ": " + line);
      if (!node.isMissing()) return;
    }
    if (!node.hasError() && !node.isMissing()) return;
    for (int i = 0; i < node.getChildCount(); i++) collect(node.getChild(i), source, out);
  }
}
