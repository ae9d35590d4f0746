package javax.faces.webapp;

/**
 * Stands for JSF's {@code javax.faces.webapp.FacesServlet}, which implements {@code Servlet}
 * directly: a class under {@code javax.} that an application jar brings and that must be advised.
 */
public final class FacesRunnable implements Runnable {
  @Override
  public void run() {}
}
