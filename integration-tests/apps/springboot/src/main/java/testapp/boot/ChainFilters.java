package testapp.boot;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
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
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new LoggingFilter(name));
    registration.setName(name);
    registration.addUrlPatterns("/chain");
    registration.setOrder(order);
    return registration;
  }

  /** A named class, not a lambda: the agent cannot transform lambda (hidden) classes. */
  static final class LoggingFilter implements Filter {
    private final String name;

    LoggingFilter(String name) {
      this.name = name;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      Logs.both(ChainFilters.class, "filter " + name);
      chain.doFilter(req, res);
    }
  }
}
