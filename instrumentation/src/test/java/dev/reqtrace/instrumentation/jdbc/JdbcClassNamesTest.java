package dev.reqtrace.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.instrumentation.Descriptor;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The name check the agent's class filter makes before reading a class's super types never rules
 * out a class the targets' own type matchers would take.
 */
class JdbcClassNamesTest {
  private final JdbcInstrumentation jdbc = new JdbcInstrumentation();

  @Test
  void driverAndPoolClassesPassTheNameCheck() {
    for (String name : List.of("org/h2/jdbc/JdbcPreparedStatement", "org/h2/jdbc/JdbcConnection",
        "org/postgresql/jdbc/PgStatement", "com/zaxxer/hikari/pool/HikariProxyConnection",
        "org/apache/commons/dbcp2/DelegatingStatement", "com/mysql/cj/jdbc/ClientPreparedStatement",
        "oracle/jdbc/driver/T4CPreparedStatement", "com/ibm/db2/jcc/am/yo",
        "net/sourceforge/jtds/jdbc/JtdsStmt", "org/h2/jdbc/JdbcConnection$Inner")) {
      assertThat(jdbc.mayTransformClassNamed(name)).as(name).isTrue();
    }
  }

  @Test
  void otherClassesDeclaringCloseOrExecuteDoNot() {
    for (String name : List.of("org/h2/mvstore/MVStore", "org/apache/catalina/connector/OutputBuffer",
        "java/io/FileInputStream", "org/apache/tomcat/util/net/NioEndpoint")) {
      assertThat(jdbc.mayTransformClassNamed(name)).as(name).isFalse();
    }
  }

  @Test
  void agreesWithTheTargetsTypeMatchersOnTheirNames() {
    TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.ofSystemLoader());
    int matchedTypes = 0;
    // Classes of this test's class path that are JDBC statements or connections, and that are not.
    for (Class<?> type : List.of(org.h2.jdbc.JdbcPreparedStatement.class,
        org.h2.jdbc.JdbcStatement.class, org.h2.jdbc.JdbcConnection.class,
        org.h2.jdbc.JdbcCallableStatement.class, java.io.FileInputStream.class,
        org.h2.mvstore.MVStore.class)) {
      TypeDescription description = pool.describe(type.getName()).resolve();
      boolean matched = false;
      for (Descriptor.Target target : jdbc.targets()) {
        matched |= target.types().matches(description);
      }
      if (matched) {
        matchedTypes++;
        assertThat(jdbc.mayTransformClassNamed(type.getName().replace('.', '/')))
            .as(type.getName()).isTrue();
      }
    }
    assertThat(matchedTypes).as("H2's statements and connection").isEqualTo(4);
  }
}
