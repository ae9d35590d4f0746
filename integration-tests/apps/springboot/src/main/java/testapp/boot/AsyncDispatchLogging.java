package testapp.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Logs {@code postHandle <path>} for /deferred and /callable. Spring MVC calls postHandle of an
 * async handler only in the ASYNC dispatch that renders the result, so this line shows whether
 * the second dispatch of the request runs with the request's MDC.
 */
@Configuration
public class AsyncDispatchLogging implements WebMvcConfigurer {
  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new HandlerInterceptor() {
      @Override
      public void postHandle(HttpServletRequest request, HttpServletResponse response,
          Object handler, ModelAndView modelAndView) {
        Logs.both(AsyncDispatchLogging.class, "postHandle " + request.getRequestURI()
            + " dispatch=" + request.getDispatcherType());
      }
    }).addPathPatterns("/deferred", "/callable");
  }
}
