package dev.reqtrace.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.DbStats;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ThreadState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The N+1 check on a request's spans as the bootstrap API records them. */
class StatementGroupTest {
  /** A request that executed each raw SQL text in order, as plain statements. */
  private static DbStats request(List<String> rawSql) {
    Activation activation = RequestScope.start("GET", "/t", null, null);
    try {
      for (String sql : rawSql) {
        JdbcCall.start(ThreadState.current(), new Object(), sql).end(-1, null);
      }
    } finally {
      activation.end(200, null, null);
    }
    return activation.scope().db();
  }

  private static List<String> times(int n, String format) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add(String.format(format, i));
    }
    return texts;
  }

  @Test
  void rawTextsThatNormalizeAlikeCountAsOneStatement() {
    DbStats db = request(times(10, "select * from pets where owner_id = %d"));

    assertThat(StatementGroup.anyRepeated(db, 10)).isTrue();
    assertThat(StatementGroup.anyRepeated(db, 11)).isFalse();
  }

  @Test
  void oneRepeatedTextAmongManyDistinctOnesIsFound() {
    List<String> texts = times(600, "select c%d from t");
    for (int i = 0; i < 10; i++) {
      texts.add(i * 50, "select * from pets where owner_id = " + i);
    }
    DbStats db = request(texts);

    assertThat(StatementGroup.anyRepeated(db, 10)).isTrue();
    assertThat(StatementGroup.anyRepeated(db, 11)).isFalse();
    assertThat(StatementGroup.anyRepeated(request(times(999, "select c%d from t")), 2)).isFalse();
  }

  @Test
  void eachRequestCountsFromZeroInTheThreadsReusedTable() {
    DbStats repeated = request(times(10, "select * from pets where owner_id = %d"));
    List<String> texts = times(9, "select * from pets where owner_id = %d");
    texts.add("select 1"); // ten spans: the same table size as the request before
    DbStats nineOfThem = request(texts);

    assertThat(StatementGroup.anyRepeated(repeated, 10)).isTrue(); // returns mid-walk
    assertThat(StatementGroup.anyRepeated(nineOfThem, 10)).isFalse();
    assertThat(StatementGroup.anyRepeated(repeated, 10)).isTrue();
  }

  @Test
  void onlyTheSpansKeptCount() {
    DbStats db = request(times(DbStats.MAX_SPANS + 200, "select * from t where id = %d"));

    assertThat(db.count()).isEqualTo(DbStats.MAX_SPANS + 200);
    assertThat(StatementGroup.anyRepeated(db, DbStats.MAX_SPANS)).isTrue();
    assertThat(StatementGroup.anyRepeated(db, DbStats.MAX_SPANS + 1)).isFalse();
    assertThat(StatementGroup.anyRepeated(request(List.of()), 1)).isFalse();
  }
}
