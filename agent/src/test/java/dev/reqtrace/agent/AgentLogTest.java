package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentLogTest {
  @Test
  void slf4jsOwnPropertiesAreLeftAsTheApplicationSetThem() {
    String provider = System.getProperty("slf4j.provider");
    String verbosity = System.getProperty("slf4j.internal.verbosity");
    System.setProperty("slf4j.internal.verbosity", "DEBUG");
    try {
      assertThat(AgentLog.configure("INFO")).isNotNull();

      assertThat(System.getProperty("slf4j.provider")).isEqualTo(provider);
      assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("DEBUG");
    } finally {
      if (verbosity == null) {
        System.clearProperty("slf4j.internal.verbosity");
      } else {
        System.setProperty("slf4j.internal.verbosity", verbosity);
      }
    }
  }
}
