package testapp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** Logs {@code filter <name>} and passes on; registered three times on /chain. */
public class LoggingFilter implements Filter {
  private String name = "filter";

  // init and destroy are implemented although Servlet 4+ has defaults: Servlet 3.1 containers
  // (Jetty 9.4) would otherwise hit AbstractMethodError.
  @Override
  public void init(FilterConfig config) {
    name = config.getFilterName();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Logs.both(LoggingFilter.class, "filter " + name);
    chain.doFilter(req, res);
  }

  @Override
  public void destroy() {}
}
