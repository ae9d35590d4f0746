package dev.reqtrace.it.app.boot;

import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Three servlet filters on /chain, each logging {@code filter <name>}, as in the servlet apps. */
@Configuration
public class ChainFilters {
  @Bean
  FilterRegistrationBean<Filter> chainFilter1() {
    return chainFilter("chain-filter-1", 1);
  }

  @Bean
  FilterRegistrationBean<Filter> chainFilter2() {
    return chainFilter("chain-filter-2", 2);
  }

  @Bean
  FilterRegistrationBean<Filter> chainFilter3() {
    return chainFilter("chain-filter-3", 3);
  }

  private static FilterRegistrationBean<Filter> chainFilter(String name, int order) {
    Filter filter = (req, res, chain) -> {
      Logs.both(ChainFilters.class, "filter " + name);
      chain.doFilter(req, res);
    };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(name);
    registration.addUrlPatterns("/chain");
    registration.setOrder(order);
    return registration;
  }
}
