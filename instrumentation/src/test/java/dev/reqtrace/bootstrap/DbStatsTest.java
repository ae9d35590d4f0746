package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DbStatsTest {
  @Test
  void countsAndTimesEveryStatementAndKeepsTheSpansOfTheFirst() {
    Activation request = RequestScope.start("GET", "/owners", null, null);
    try {
      long total = 0;
      for (int i = 0; i < DbStats.MAX_SPANS + 5; i++) {
        total += statement("select * from owners where id = " + i);
      }
      DbStats db = request.scope().db();
      assertThat(db.count()).isEqualTo(DbStats.MAX_SPANS + 5);
      assertThat(db.droppedSpans()).isEqualTo(5);
      assertThat(db.spans()).hasSize(DbStats.MAX_SPANS);
      assertThat(db.spans().get(0).sql().text()).endsWith("id = ?");
      assertThat(db.totalNanos()).isEqualTo(total);
    } finally {
      request.restore();
    }
  }

  @Test
  void threadsOfOneRequestLoseNoStatement() throws Exception {
    int threads = 4;
    int each = 400; // 1,600 in all: past MAX_SPANS while the threads race
    Activation request = RequestScope.start("GET", "/owners", null, null);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong total = new AtomicLong();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(RequestScope.wrap(() -> {
          for (int i = 0; i < each; i++) {
            total.addAndGet(statement("select 1"));
          }
        })));
      }
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      request.restore();
    }
    DbStats db = request.scope().db();
    assertThat(db.count()).isEqualTo(threads * each);
    assertThat(db.spans()).hasSize(DbStats.MAX_SPANS);
    assertThat(db.droppedSpans()).isEqualTo(threads * each - DbStats.MAX_SPANS);
    assertThat(db.totalNanos()).isEqualTo(total.get());
  }

  @Test
  void aRequestWithoutStatementsHasNone() {
    Activation request = RequestScope.start("GET", "/", null, null);
    request.restore();
    DbStats db = request.scope().db();
    assertThat(db.count()).isZero();
    assertThat(db.totalNanos()).isZero();
    assertThat(db.newest()).isNull();
  }

  /** Runs one plain statement in the request active on this thread; returns its duration. */
  private static long statement(String sql) {
    ThreadState thread = ThreadState.current();
    JdbcCall call = JdbcCall.start(thread, new Object(), sql);
    call.end(-1, null);
    return call.durationNanos();
  }
}
