package dev.polycloud.gcp.testing;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The Functions Framework invoker ({@code java-function-invoker}, the server Cloud Functions runs Java
 * functions in) started in this JVM on a free loopback port, serving {@link InvokerRouter}: once per
 * JVM, stopped by a shutdown hook or {@link #stop()}.
 */
public final class InProcessInvoker {

    private static InProcessInvoker instance;

    private final Invoker invoker;
    private final int port;

    private InProcessInvoker(Invoker invoker, int port) {
        this.invoker = invoker;
        this.port = port;
    }

    /**
     * The running invoker, started on the first call.
     *
     * @return the invoker
     */
    public static synchronized InProcessInvoker get() {
        if (instance == null) {
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3 && instance == null; attempt++) {
                int port = freePort();
                Invoker invoker = new Invoker(port, InvokerRouter.class.getName(), "http",
                        InvokerRouter.class.getClassLoader());
                try {
                    invoker.startTestServer();
                    instance = new InProcessInvoker(invoker, port);
                } catch (Exception e) {
                    last = new IllegalStateException("The Functions Framework invoker did not start on port " + port
                            + ": " + e, e);
                }
            }
            if (instance == null) {
                throw last;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(InProcessInvoker::stop, "invoker-stop"));
        }
        return instance;
    }

    /**
     * The base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the invoker if it runs. Idempotent. */
    public static synchronized void stop() {
        if (instance != null) {
            try {
                instance.invoker.stopServer();
            } catch (Exception e) {
                // stopping at exit: nothing more to do
            }
            instance = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
