package testapp;

/**
 * What every servlet launcher registers. Only names and strings, no servlet types: the javax
 * launchers are compiled against this jakarta jar and register the relocated classes by name.
 */
public final class Endpoints {
  /** Request attribute the agent sets; {@code /attr} echoes it. */
  public static final String REQUEST_ID_ATTRIBUTE = "reqtrace.request_id";

  /** Response header of {@code /attr}: its request's query string, to pair responses with requests. */
  public static final String QUERY_ECHO_HEADER = "X-Query-Echo";

  /** {path, servlet class name}; every servlet supports async. */
  public static final String[][] SERVLETS = {
    {"/hello", HelloServlet.class.getName()},
    {"/boom", BoomServlet.class.getName()},
    {"/async", AsyncServlet.class.getName()},
    {"/async-dispatch", AsyncDispatchServlet.class.getName()},
    {"/stream", StreamServlet.class.getName()},
    {"/super", SuperServlet.class.getName()},
    {"/chain", ChainServlet.class.getName()},
    {"/attr", AttrServlet.class.getName()},
    {"/forward", ForwardServlet.class.getName()},
    {"/spawn", SpawnServlet.class.getName()},
    {Endpoints.ERROR_PAGE, ErrorPageServlet.class.getName()},
  };

  /** Where every launcher sends 404, 500 and uncaught exceptions (an ERROR dispatch). */
  public static final String ERROR_PAGE = "/error-page";
  /** The error statuses mapped to {@link #ERROR_PAGE}, besides any {@link Throwable}. */
  public static final int[] ERROR_STATUSES = {404, 500};

  /** {filter name, filter class name, path}, in chain order; REQUEST dispatches only. */
  public static final String[][] FILTERS = {
    {"chain-filter-1", LoggingFilter.class.getName(), "/chain"},
    {"chain-filter-2", LoggingFilter.class.getName(), "/chain"},
    {"chain-filter-3", LoggingFilter.class.getName(), "/chain"},
  };

  private Endpoints() {}
}
