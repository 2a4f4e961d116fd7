package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTokensTest {
  static List<String> read(String sql) {
    return SqlTokens.of(sql).stream().map(t -> t.type() + ":" + t.text()).toList();
  }

  @Test
  void stringsQuotedNamesCommentsAndParametersAreSingleTokens() {
    assertEquals(List.of("WORD:SELECT", "QUOTED:a\"b", "COMMA:,", "STRING:it''s", "COMMA:,", "QUOTED:x y", "WORD:FROM", "WORD:t",
            "WORD:WHERE", "PARAM:?2", "OPERATOR:<=", "PARAM::at", "WORD:AND", "NUMBER:1.5e3", "OPERATOR:<>", "PARAM:?"),
        read("SELECT \"a\"\"b\", 'it''s', [x y] FROM t -- a comment < ?\n WHERE ?2 <= :at /* > */ AND 1.5e3 <> ?"));
  }

  @Test
  void positionsPointIntoTheText() {
    String sql = "due_at<julianday(?)";
    List<SqlTokens.Token> tokens = SqlTokens.of(sql);
    assertEquals(List.of("due_at", "<", "julianday", "(", "?", ")"),
        tokens.stream().map(t -> sql.substring(t.start(), t.end())).toList());
  }
}
