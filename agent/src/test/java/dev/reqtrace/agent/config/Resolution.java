package dev.reqtrace.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Builds the five sources of a {@link Config} and keeps the problem lines it reported. */
final class Resolution {
  private String agentArgs;
  private final Map<String, String> env = new HashMap<>();
  private final Properties systemProperties = new Properties();
  final List<String> problems = new ArrayList<>();

  Resolution agentArgs(String args) {
    this.agentArgs = args;
    return this;
  }

  Resolution env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Resolution sysProp(String name, String value) {
    systemProperties.setProperty(name, value);
    return this;
  }

  Resolution withoutSysProp(String name) {
    systemProperties.remove(name);
    return this;
  }

  Resolution withoutEnv(String name) {
    env.remove(name);
    return this;
  }

  Config resolve() {
    return Config.resolve(agentArgs, env, systemProperties, problems::add);
  }
}
