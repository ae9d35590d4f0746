package dev.reqtrace.instrumentation.servlet;

import dev.reqtrace.bootstrap.ServletBridge;
import dev.reqtrace.instrumentation.AgentClassFiles;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Makes the {@link ServletBridge} of a request class: the bridge class of the servlet API the class
 * implements, defined from the agent's class file in a new loader whose parent is that API's loader.
 * The agent's own loader cannot hold it: a WAR's servlet API is not visible from there, and casting
 * to the application's {@code HttpServletRequest} needs that very interface.
 *
 * <p>The bridge is written once, for {@code jakarta.servlet}; the {@code javax.servlet} one is the
 * same class file with the API's package renamed (ASM's remapper, as shipped in Byte Buddy): the
 * two APIs declare the same methods the bridge calls, back to Servlet 3.0.
 */
public final class ServletBridgeFactory implements Function<Class<?>, ServletBridge> {
  // By name, never as a class literal: that would load the bridge in the agent's own loader.
  private static final String JAKARTA_BRIDGE =
      ServletBridgeFactory.class.getPackage().getName() + ".jakarta.JakartaServletBridge";
  private static final String JAVAX_BRIDGE =
      ServletBridgeFactory.class.getPackage().getName() + ".javax.JavaxServletBridge";
  /** Request interface and its bridge; jakarta first, as more likely today. */
  private static final String[][] APIS = {
      {"jakarta.servlet.ServletRequest", JAKARTA_BRIDGE},
      {"javax.servlet.ServletRequest", JAVAX_BRIDGE}};


  /** One bridge per API interface, kept on that interface: a webapp's own copy can unload. */
  private final ClassValue<ServletBridge> byApi = new ClassValue<>() {
    @Override
    protected ServletBridge computeValue(Class<?> requestInterface) {
      try {
        return define(requestInterface);
      } catch (IOException | ReflectiveOperationException e) {
        throw new IllegalStateException("no servlet bridge for " + requestInterface.getName()
            + " of " + requestInterface.getClassLoader(), e);
      }
    }
  };

  /**
   * The bridge for {@code requestClass}, or {@code null} when it implements neither servlet API.
   * Throws when the bridge cannot be defined; {@link dev.reqtrace.bootstrap.ServletBridges} counts
   * that as an advice failure and serves the request untraced.
   */
  @Override
  public ServletBridge apply(Class<?> requestClass) {
    for (String[] api : APIS) {
      Class<?> requestInterface;
      try {
        // Through the request class's own loader: the interface it implements, not a namesake.
        requestInterface = Class.forName(api[0], false, requestClass.getClassLoader());
      } catch (ClassNotFoundException e) {
        continue;
      }
      if (requestInterface.isAssignableFrom(requestClass)) {
        return byApi.get(requestInterface);
      }
    }
    return null;
  }

  private ServletBridge define(Class<?> requestInterface)
      throws IOException, ReflectiveOperationException {
    String bridgeName = bridgeOf(requestInterface.getName());
    byte[] classFile = AgentClassFiles.LOCATOR.locate(JAKARTA_BRIDGE).resolve();
    if (bridgeName.equals(JAVAX_BRIDGE)) {
      classFile = toJavax(classFile);
    }
    // Child first: a loader up the chain may see the agent jar (the system loader does), and the
    // class found there would resolve the servlet API through the wrong loader.
    ClassLoader loader = new ByteArrayClassLoader.ChildFirst(requestInterface.getClassLoader(),
        Map.of(bridgeName, classFile), ByteArrayClassLoader.PersistenceHandler.LATENT);
    return (ServletBridge) Class.forName(bridgeName, true, loader).getConstructor().newInstance();
  }

  private static byte[] toJavax(byte[] jakartaBridge) {
    String jakartaName = JAKARTA_BRIDGE.replace('.', '/');
    String javaxName = JAVAX_BRIDGE.replace('.', '/');
    Remapper jakartaToJavax = new Remapper(OpenedClassReader.ASM_API) {
      @Override
      public String map(String internalName) {
        if (internalName.equals(jakartaName)) {
          return javaxName;
        }
        return internalName.startsWith("jakarta/servlet/")
            ? "javax/servlet/" + internalName.substring("jakarta/servlet/".length())
            : internalName;
      }
    };
    ClassWriter writer = new ClassWriter(0); // the same code: stack sizes and frames stay valid
    OpenedClassReader.of(jakartaBridge).accept(new ClassRemapper(writer, jakartaToJavax), 0);
    return writer.toByteArray();
  }

  private static String bridgeOf(String requestInterface) {
    for (String[] api : APIS) {
      if (api[0].equals(requestInterface)) {
        return api[1];
      }
    }
    throw new IllegalArgumentException(requestInterface);
  }
}
